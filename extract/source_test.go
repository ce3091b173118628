package extract_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/demosite"
)

// TestDemoCopies: every aggregator copy of the bundled demo names its
// original (the think tank's page, on another loopback address or port),
// credits its author, and keeps the WordPress "The post … appeared first
// on …" line out of its text and markdown.
func TestDemoCopies(t *testing.T) {
	site, err := demosite.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	n := 0
	for _, a := range site.Articles {
		if a.Syndicated == "" {
			continue
		}
		n++
		copyURL := site.CopyURL(a)
		resp, err := http.Get(copyURL)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		art, err := extract.FromHTML(raw, copyURL, nil)
		if err != nil {
			t.Fatalf("%s: %v", copyURL, err)
		}
		if art.SourceURL != site.URL(a) || art.SourceURLFrom != extract.SourceFromCredit {
			t.Errorf("%s: source_url %q from %q, want %q from credit", a.Slug, art.SourceURL, art.SourceURLFrom, site.URL(a))
		}
		for _, s := range []string{art.Text, art.Markdown} {
			if strings.Contains(s, "appeared first on") {
				t.Errorf("%s: attribution sentence left in %q", a.Slug, s)
			}
		}
		if len(art.Authors) != 1 || art.Authors[0] != a.Author {
			t.Errorf("%s: authors %q, want [%q]", a.Slug, art.Authors, a.Author)
		}
	}
	if n == 0 {
		t.Fatal("the demo has no aggregator copies")
	}
}
