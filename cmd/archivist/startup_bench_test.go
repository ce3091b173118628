package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Startup benchmarks (issue 17): the real binary against a hello-world Go
// binary built in the same run with the same toolchain, run alternately so
// both see the same machine load. Each iteration runs each process once;
// the metrics are medians over the iterations, so run with enough of them:
//
//	go test -run '^$' -bench 'Startup|SearchProcess' -benchtime 15x ./cmd/archivist
//
// ns/op is left out: it would add up processes of different kinds.

// BenchmarkStartup reports archivist's start (--help, and read commands
// on a small archive) as a multiple of hello-world's, in wall time
// ("x-hello") and in CPU time, user+sys ("x-hello-cpu").
func BenchmarkStartup(b *testing.B) {
	bin := archivistBinary(b)
	hello := helloBinary(b)
	db := searchArchive(b)
	page := "https://think.example.org/sahel"
	// Index the archive and verify its segments, as earlier searches would
	// have: show reads copy links from the index.
	for range 2 {
		timeProcess(b, bin, "search", "--archive", db, "sahel")
	}
	for _, args := range [][]string{
		{"--help"},
		{"show", "--archive", db, page},
		{"stats", "--archive", db},
	} {
		b.Run(args[0], func(b *testing.B) {
			var hw, hc, aw, ac []time.Duration
			for b.Loop() {
				w, c := timeProcess(b, hello)
				hw, hc = append(hw, w), append(hc, c)
				w, c = timeProcess(b, bin, args...)
				aw, ac = append(aw, w), append(ac, c)
			}
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(ms(median(hw)), "hello-ms")
			b.ReportMetric(ms(median(aw)), "ms")
			b.ReportMetric(ratio(median(aw), median(hw)), "x-hello")
			b.ReportMetric(ratio(median(ac), median(hc)), "x-hello-cpu")
		})
	}
}

// BenchmarkSearchProcess compares `archivist search` as a process with
// the same search run in this process (opening the archive and index,
// querying, printing) plus archivist's bare start (`--help`); the bar is
// "process/(in+start)" ≤ 1.5.
func BenchmarkSearchProcess(b *testing.B) {
	bin := archivistBinary(b)
	db := searchArchive(b)
	query := []string{"jihadist", "violence"}
	// Index the archive and verify its segments, as earlier searches would
	// have; then warm this process's search once.
	for range 2 {
		timeProcess(b, bin, append([]string{"search", "--archive", db}, query...)...)
	}
	no := false
	opts := searchOptions{Archive: db, Limit: 10, Sort: "relevance", Color: &no}
	inProcess := func() time.Duration {
		start := time.Now()
		if err := runSearch(context.Background(), opts, query, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	inProcess()
	var proc, in, start []time.Duration
	for b.Loop() {
		w, _ := timeProcess(b, bin, "--help")
		start = append(start, w)
		w, _ = timeProcess(b, bin, append([]string{"search", "--archive", db}, query...)...)
		proc = append(proc, w)
		in = append(in, inProcess())
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(ms(median(proc)), "process-ms")
	b.ReportMetric(ms(median(in)), "in-process-ms")
	b.ReportMetric(ms(median(start)), "start-ms")
	b.ReportMetric(ratio(median(proc), median(in)+median(start)), "process/(in+start)")
}

// helloBinary builds a hello-world Go program with the toolchain that
// builds archivist and returns its path.
func helloBinary(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	for name, text := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.21\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello, world\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "hello")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building hello-world: %v\n%s", err, out)
	}
	return bin
}

// timeProcess runs bin with args, output discarded and without ARCHIVIST_*
// variables, and returns its wall time and CPU time (user+sys). It fails
// the benchmark if the process fails.
func timeProcess(b testing.TB, bin string, args ...string) (wall, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ARCHIVIST_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	start := time.Now()
	err := cmd.Run()
	wall = time.Since(start)
	if err != nil {
		b.Fatalf("%s %v: %v", filepath.Base(bin), args, err)
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
