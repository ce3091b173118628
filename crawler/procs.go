package crawler

import (
	"os"
	"runtime"
)

// ExtraProc raises GOMAXPROCS by one, unless the GOMAXPROCS environment
// variable sets it, and returns a func that restores it. A program that
// crawls calls it once at start; cmd/archivist's commands that crawl
// (crawl, serve, demo, import) do, its read commands do not.
//
// A crawl mixes goroutines that hold a CPU for milliseconds (parsing,
// extraction, compression) with goroutines that mostly wait on the kernel:
// the archive's committer in pwrite and fdatasync, fetches in the network
// poller. Go's scheduler has no priorities: a goroutine back from a
// blocking syscall or the poller queues for a P behind the CPU-bound ones.
// The single committer stalls, and with it every worker waiting on a
// commit; on 2 cores it was busy 90% of a crawl, mostly waiting, with
// groups of one or two pages. One P more than CPUs hands those wake-ups to
// the kernel's scheduler, which preempts in microseconds. In
// BenchmarkThroughput on 2 cores the pipeline went from 0.60-0.62 of bare
// colly's pages/s to 0.67-0.71 with it (and Run's default workers; without
// it more workers made no difference). A bare colly crawl, with no
// committer, ran about 5% slower with it: a crawl's setting, not a rule.
func ExtraProc() (restore func()) {
	if os.Getenv("GOMAXPROCS") != "" {
		return func() {}
	}
	prev := runtime.GOMAXPROCS(0)
	runtime.GOMAXPROCS(prev + 1)
	return func() { runtime.GOMAXPROCS(prev) }
}
