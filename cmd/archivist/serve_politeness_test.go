package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// TestServeSourcesShareAHostsDelay: two sources on one host, run at once
// by serve, keep the host's delay between all their requests, as the
// README says of the delay ("the least time between the starts of two
// requests to one host"). Each source kept its own clock, so the host saw
// two requests per delay.
func TestServeSourcesShareAHostsDelay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const delay = 400 * time.Millisecond
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var mu sync.Mutex
	var times []time.Time
	page := func(body string) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	var paths []string
	for _, hub := range []string{"/research/", "/analysis/"} {
		var links []string
		for i := 0; i < 3; i++ {
			p := fmt.Sprintf("%s2025/08/shared-host-article-%d", hub, i)
			links = append(links, p)
			h.HandleFunc(p, page(testsite.ArticleHTML(fmt.Sprintf("Shared host article %s %d", hub, i), "Ana Lee", "2025-08-01", uint64(len(hub)+i), 300, 0)))
		}
		h.HandleFunc(hub, page(testsite.HubHTML("Hub", links...)))
		paths = append(paths, append(links, hub)...)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[[source]]\nname = \"research\"\nseeds = [%q]\ndelay = %q\nevery = \"1h\"\n\n"+
		"[[source]]\nname = \"analysis\"\nseeds = [%q]\ndelay = %q\nevery = \"1h\"\n", h.URL+"/research/", delay, h.URL+"/analysis/", delay)), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	serve := exec.CommandContext(ctx, archivistBinary(t), "serve", "--archive", "a.db", "--config", cfg, "--http-addr", "127.0.0.1:0", "--run-now", "--allow-private")
	serve.Dir = dir
	var stderr lockedBuffer
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { serve.Process.Kill(); serve.Wait() }()
	for {
		done := 0
		for _, p := range paths {
			if h.Hits(p) > 0 {
				done++
			}
		}
		if done == len(paths) {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("%d of %d pages fetched\n%s", done, len(paths), stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		// A margin for scheduling: two sources at once gave gaps near 0.
		if gap := times[i].Sub(times[i-1]); gap < delay*3/4 {
			t.Errorf("requests %d and %d to one host %s apart, want at least the delay, %s", i-1, i, gap, delay)
		}
	}
}
