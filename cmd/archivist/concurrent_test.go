package main

// Readers while a crawl writes (issue 6): a real `archivist crawl` process
// archives a loopback site while other processes run search, show, history
// and export against the same archive. Every reader must succeed and see a
// consistent state: each exported version exists per history and show
// returns the same content, and each search hit can be shown.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// concRun runs the binary and returns its output without touching t, so it
// can run on any goroutine.
func concRun(ctx context.Context, bin, dir string, args ...string) binResult {
	res, err := execBinary(ctx, bin, dir, nil, nil, args...)
	if err != nil {
		res.Code = -1
		res.Stderr += err.Error()
	}
	return res
}

type concExported struct {
	URL         string `json:"url"`
	Version     int    `json:"version"`
	Seq         uint64 `json:"seq"`
	ContentHash string `json:"content_hash"`
	Title       string `json:"title"`
}

func TestReadersWhileCrawling(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and crawls for a few seconds")
	}
	const n = 40
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var links []string
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("/2025/05/concurrent-report-number-%d-on-the-region", i)
		links = append(links, p)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Concurrent report %d on the region", i), "Ada Writer", "2025-05-02", uint64(i+11), 350, 0))
	}
	h.HTML("/", testsite.HubHTML("Home", links...))
	h.SetDelay(100 * time.Millisecond) // long enough for several reader rounds

	bin := archivistBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	crawl := exec.CommandContext(ctx, bin, "crawl", "--archive", db, "--allow-private", "--delay", "0", "--concurrency", "1", h.URL+"/")
	crawl.Dir = dir
	var crawlOut, crawlErr bytes.Buffer
	crawl.Stdout, crawl.Stderr = &crawlOut, &crawlErr
	if err := crawl.Start(); err != nil {
		t.Fatal(err)
	}
	crawlDone := make(chan error, 1)
	go func() { crawlDone <- crawl.Wait() }()
	for h.Total() < 5 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}

	rounds, duringCrawl := 0, 0
	var problems []string
	for finished := false; !finished && ctx.Err() == nil; {
		select {
		case err := <-crawlDone:
			if err != nil {
				t.Fatalf("crawl: %v\n%s%s", err, crawlOut.String(), crawlErr.String())
			}
			finished = true // one last round on the finished archive
		default:
			duringCrawl++
		}
		rounds++
		start := time.Now()
		problems = append(problems, readerRound(ctx, bin, dir, db)...)
		t.Logf("reader round %d took %v (crawl finished: %v)", rounds, time.Since(start).Round(time.Millisecond), finished)
		if len(problems) > 0 {
			break
		}
	}
	if len(problems) > 0 {
		if crawl.ProcessState == nil {
			crawl.Process.Kill()
			<-crawlDone
		}
		t.Fatalf("after %d reader rounds (%d during the crawl):\n%s", rounds, duringCrawl, strings.Join(problems, "\n"))
	}
	if duringCrawl == 0 {
		t.Fatalf("the crawl finished before any reader ran; nothing was tested")
	}
	t.Logf("%d reader rounds, %d while the crawl was writing", rounds, duringCrawl)

	// The finished archive has every article and verifies.
	res := concRun(ctx, bin, dir, "export", "--archive", db)
	if res.Code != 0 || strings.Count(res.Stdout, "\n") != n {
		t.Errorf("final export: exit %d, %d records, want %d\n%s", res.Code, strings.Count(res.Stdout, "\n"), n, res.Stderr)
	}
	if res := concRun(ctx, bin, dir, "verify", "--archive", db); res.Code != 0 {
		t.Errorf("verify: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

// readerRound runs search, export, then show and history for a sample of
// the exported records, all in parallel processes, and returns what was
// wrong.
func readerRound(ctx context.Context, bin, dir, db string) []string {
	var mu sync.Mutex
	var problems []string
	bad := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	var wg sync.WaitGroup
	var exported []concExported
	var hits []string
	wg.Add(2)
	go func() {
		defer wg.Done()
		res := concRun(ctx, bin, dir, "export", "--archive", db)
		if res.Code != 0 {
			bad("export: exit %d: %s", res.Code, res.Stderr)
			return
		}
		sc := bufio.NewScanner(strings.NewReader(res.Stdout))
		sc.Buffer(make([]byte, 4<<20), 4<<20)
		for sc.Scan() {
			var r concExported
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.URL == "" || r.Version < 1 {
				bad("export: bad line %.200q: %v", sc.Text(), err)
				continue
			}
			exported = append(exported, r)
		}
	}()
	go func() {
		defer wg.Done()
		res := concRun(ctx, bin, dir, "search", "--archive", db, "--json", "-n", "5", "region")
		if res.Code != 0 && !strings.Contains(res.Stdout+res.Stderr, "no result") {
			bad("search: exit %d: %s%s", res.Code, res.Stdout, res.Stderr)
			return
		}
		for _, l := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
			if l == "" {
				continue
			}
			var r struct {
				URL string `json:"url"`
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil || r.URL == "" {
				bad("search: bad line %.200q: %v", l, err)
				continue
			}
			hits = append(hits, r.URL)
		}
	}()
	wg.Wait()

	// Check a spread of exported records (first, last, a few between) and
	// every search hit, in parallel.
	var sample []concExported
	for i := 0; i < len(exported); i += max(len(exported)/2, 1) {
		sample = append(sample, exported[i])
	}
	if len(exported) > 0 {
		sample = append(sample, exported[len(exported)-1])
	}
	for _, r := range sample {
		wg.Add(2)
		go func() {
			defer wg.Done()
			res := concRun(ctx, bin, dir, "history", "--archive", db, "--json", r.URL)
			if res.Code != 0 {
				bad("history %s: exit %d: %s", r.URL, res.Code, res.Stderr)
				return
			}
			var hist struct {
				Versions []struct {
					Version     int    `json:"version"`
					ContentHash string `json:"content_hash"`
				} `json:"versions"`
			}
			if err := json.Unmarshal([]byte(res.Stdout), &hist); err != nil {
				bad("history %s: %v: %.200q", r.URL, err, res.Stdout)
				return
			}
			for _, v := range hist.Versions {
				if v.Version == r.Version {
					if v.ContentHash != "" && r.ContentHash != "" && v.ContentHash != r.ContentHash {
						bad("history %s v%d: hash %s, export said %s", r.URL, r.Version, v.ContentHash, r.ContentHash)
					}
					return
				}
			}
			bad("history %s: exported version %d not listed (%d versions)", r.URL, r.Version, len(hist.Versions))
		}()
		go func() {
			defer wg.Done()
			res := concRun(ctx, bin, dir, "show", "--archive", db, "-f", "json", "-v", strconv.Itoa(r.Version), r.URL)
			if res.Code != 0 {
				bad("show %s v%d: exit %d: %s", r.URL, r.Version, res.Code, res.Stderr)
				return
			}
			var got concExported
			if err := json.Unmarshal([]byte(res.Stdout), &got); err != nil {
				bad("show %s: %v: %.200q", r.URL, err, res.Stdout)
				return
			}
			if got.Version != r.Version || got.ContentHash != r.ContentHash || got.Title != r.Title {
				bad("show %s v%d: got v%d %s %q, export said %s %q", r.URL, r.Version, got.Version, got.ContentHash, got.Title, r.ContentHash, r.Title)
			}
		}()
	}
	for _, u := range hits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := concRun(ctx, bin, dir, "show", "--archive", db, u); res.Code != 0 {
				bad("show of search hit %s: exit %d: %s", u, res.Code, res.Stderr)
			}
		}()
	}
	wg.Wait()
	return problems
}
