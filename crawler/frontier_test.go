package crawler

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

func TestFrontierOrderAndPersistence(t *testing.T) {
	a, _ := openArchive(t)
	kv := archiveKV{a.KV("crawler/test")}
	f := newFrontier(kv)
	if err := f.Init(); err != nil {
		t.Fatal(err)
	}
	day := func(d int) uint64 { return uint64(1<<62) - uint64(time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC).Unix()) }
	items := []item{
		{URL: "http://x.org/link", Norm: "http://x.org/link", Kind: kindPage, Prio: prioLink, Order: 1},
		{URL: "http://x.org/old", Norm: "http://x.org/old", Kind: kindPage, Prio: prioFresh, Order: day(1)},
		{URL: "http://x.org/stale", Norm: "http://x.org/stale", Kind: kindPage, Prio: prioStale, Order: day(9)},
		{URL: "http://x.org/new", Norm: "http://x.org/new", Kind: kindPage, Prio: prioFresh, Order: day(5)},
		{URL: "http://x.org/sitemap.xml", Norm: "http://x.org/sitemap.xml", Kind: kindSitemap, Prio: prioDiscovery},
		{URL: "http://x.org/new", Norm: "http://x.org/new", Kind: kindPage, Prio: prioFresh, Order: day(5)}, // duplicate
	}
	if n, err := f.add(items, nil); err != nil || n != 5 {
		t.Fatalf("added %d, %v", n, err)
	}
	if n, _ := f.add(items[:2], nil); n != 0 {
		t.Fatalf("seen URLs queued again: %d", n)
	}
	// A second frontier over the same KV (a restarted process) sees the
	// same queue.
	f2 := newFrontier(kv)
	if err := f2.Init(); err != nil {
		t.Fatal(err)
	}
	if n, _ := f2.QueueSize(); n != 5 {
		t.Fatalf("restarted frontier has %d entries", n)
	}
	want := []string{"/sitemap.xml", "/new", "/old", "/link", "/stale"}
	for i, w := range want {
		key, val, err := f2.take()
		if err != nil || key == nil {
			t.Fatalf("take %d: %v", i, err)
		}
		r, err := decodeItem(nil2Collector(), val)
		if err != nil {
			t.Fatal(err)
		}
		if r.URL.Path != w {
			t.Errorf("take %d: %s, want %s", i, r.URL.Path, w)
		}
		if _, err := f2.add(nil, key); err != nil {
			t.Fatal(err)
		}
	}
	if k, _, _ := f2.take(); k != nil {
		t.Error("queue not empty")
	}
	// queue.Storage round trip.
	req := fmt.Sprintf(`{"URL":"http://x.org/q","Method":"GET","Depth":2,"Ctx":{"kind":"page"}}`)
	if err := f2.AddRequest([]byte(req)); err != nil {
		t.Fatal(err)
	}
	if b, err := f2.GetRequest(); err != nil || len(b) == 0 {
		t.Fatalf("GetRequest: %q %v", b, err)
	}
	if ok, _ := f2.IsVisited(urlID("http://x.org/q")); !ok {
		t.Error("queued URL not visited")
	}
}

func TestSchedulerNeverRunsASourceTwice(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.SetDelay(100 * time.Millisecond)
	h.HTML("/", HubHTMLLinks(articlePath(1), articlePath(2)))
	h.HTML(articlePath(1), article(1))
	h.HTML(articlePath(2), article(2))
	s, stop := startHourly(t, a, h.URL+"/", true)
	deadline := time.Now().Add(5 * time.Second)
	for !s.Status()[0].Running && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := s.RunNow("s"); !errors.Is(err, ErrBusy) {
		t.Errorf("second run while running: %v, want ErrBusy", err)
	}
	for s.Status()[0].Running && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	st := s.Status()[0]
	if st.LastEnd != "done" || st.Next.IsZero() {
		t.Errorf("status %+v", st)
	}
	if h.Hits("/") != 1 {
		t.Errorf("seed fetched %d times", h.Hits("/"))
	}
	stop()
}

// startHourly runs a scheduler of one hourly source "s" seeded with seed
// (and run at once with runNow); stop ends it.
func startHourly(t *testing.T, a *archive.Archive, seed string, runNow bool) (s *Scheduler, stop func()) {
	t.Helper()
	s, err := NewScheduler(a, []Source{{Name: "s", Seeds: []string{seed}, Delay: noDelay(), Every: Duration{time.Hour}}}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx, runNow) }()
	return s, func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestSchedulerCatchesUpAtStart: serve started after a source's last run
// was interrupted, or after it missed a scheduled run, runs it at once; it
// waited a whole interval (a day for every = "24h") before.
func TestSchedulerCatchesUpAtStart(t *testing.T) {
	for _, status := range []string{archive.RunInterrupted, archive.RunDone} {
		t.Run(status, func(t *testing.T) {
			a, _ := openArchive(t)
			h := startHosts(t, 1)[0]
			h.HTML("/", HubHTMLLinks(articlePath(1)))
			h.HTML(articlePath(1), article(1))
			r, err := a.StartRun(context.Background(), "s")
			if err != nil {
				t.Fatal(err)
			}
			// Interrupted a minute ago, or done two hours ago: either way
			// before the next hourly run.
			r.Started, r.Status = time.Now().Add(-time.Minute), status
			if status == archive.RunDone {
				r.Started = time.Now().Add(-2 * time.Hour)
			}
			if err := a.FinishRun(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			s, stop := startHourly(t, a, h.URL+"/", false)
			defer stop()
			for deadline := time.Now().Add(time.Minute); !hasVersion(t, a, h.URL+articlePath(1)); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the source was not run at start: %+v", s.Status())
				}
			}
		})
	}
}
