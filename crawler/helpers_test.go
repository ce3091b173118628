package crawler

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
)

func openArchive(t testing.TB) (*archive.Archive, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.db")
	a, err := archive.Open(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, p
}

func startHosts(t testing.TB, n int) []*testsite.Host {
	t.Helper()
	hs := testsite.Start(n)
	t.Cleanup(func() {
		for _, h := range hs {
			h.Close()
		}
	})
	return hs
}

func noDelay() *Duration { return &Duration{0} }

func depth(n int) *int { return &n }

// testOpts: loopback allowed, fast retries, quiet logs.
func testOpts() *Options {
	return &Options{
		AllowPrivate: true,
		RetryBase:    10 * time.Millisecond,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1})),
		Timeout:      5 * time.Second,
	}
}

func crawl(t testing.TB, a *archive.Archive, src Source, opts *Options) Summary {
	t.Helper()
	if src.Delay == nil {
		src.Delay = noDelay()
	}
	if opts == nil {
		opts = testOpts()
	}
	c, err := New(a, src, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A guard against a hung crawl, not a speed test: a crawl that meets
	// PDFs first compiles the PDF engine (seconds of CPU, far more on a
	// loaded machine).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sum, err := c.Run(ctx)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

func articlePath(i int) string { return fmt.Sprintf("/2025/03/article-number-%d-about-policy", i) }

func article(i int, links ...string) string {
	return testsite.ArticleHTML(fmt.Sprintf("Article %d on regional policy", i), "Jane Doe", "2025-03-04", uint64(i+1), 400, 0, links...)
}

func hasVersion(t testing.TB, a *archive.Archive, u string) bool {
	t.Helper()
	p, err := a.Page(context.Background(), u)
	if err != nil {
		return false
	}
	return p.Versions > 0
}

func HubHTMLLinks(links ...string) string { return testsite.HubHTML("Section", links...) }

func nil2Collector() *colly.Collector {
	c := &colly.Collector{}
	c.Init()
	return c
}
