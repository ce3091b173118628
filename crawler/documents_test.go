package crawler

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/extract"
)

func corpusPDF(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "extract", "pdf", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCrawlDocuments(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks(articlePath(1), articlePath(2)))
	h.HTML(articlePath(1), article(1, "/reports/fiscal-rules.pdf", "/scans/old.pdf", "/download?id=7"))
	h.HTML(articlePath(2), article(2, "/reports/fiscal-rules.pdf"))
	h.Page("/reports/fiscal-rules.pdf", "application/pdf", corpusPDF(t, "pdflatex-single-0.pdf"))
	h.Page("/scans/old.pdf", "application/pdf", corpusPDF(t, "scan-0.pdf"))
	// No .pdf in the URL and a generic link: a PDF by its Content-Type.
	h.Page("/download", "application/pdf", corpusPDF(t, "libreoffice-0.pdf"))

	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	if sum.Errors != 0 {
		t.Fatalf("summary %+v", sum)
	}
	ctx := context.Background()
	doc := h.URL + "/reports/fiscal-rules.pdf"
	rec, err := a.Version(ctx, doc, 0)
	if err != nil {
		t.Fatalf("document not archived: %v", err)
	}
	if rec.Kind != extract.KindDocument || rec.Pages < 1 || !strings.Contains(rec.Text, "efficient") {
		t.Errorf("document record: kind %q, pages %d, text %.80q", rec.Kind, rec.Pages, rec.Text)
	}
	art, err := a.Version(ctx, h.URL+articlePath(1), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(art.Documents, doc) || !slices.Contains(art.Documents, h.URL+"/scans/old.pdf") {
		t.Errorf("article documents = %q", art.Documents)
	}
	// Linked both ways whichever was archived first: the report names
	// both articles, each article lists it.
	linkers := []string{h.URL + articlePath(1), h.URL + articlePath(2)}
	if from := slices.Sorted(slices.Values(rec.LinkedFrom)); !slices.Equal(from, linkers) {
		t.Errorf("document's linked_from = %q, want %q", from, linkers)
	}
	if art2, err := a.Version(ctx, h.URL+articlePath(2), 0); err != nil || !slices.Equal(art2.Documents, []string{doc}) {
		t.Errorf("article 2 documents: %v %q", err, art2.Documents)
	}
	// Its link says "download": a candidate, so it knows its referrer.
	if dl, err := a.Version(ctx, h.URL+"/download?id=7", 0); err != nil || dl.Kind != extract.KindDocument {
		t.Errorf("PDF by Content-Type not archived as a document: %v", err)
	} else if len(dl.LinkedFrom) != 1 || dl.LinkedFrom[0] != h.URL+articlePath(1) {
		t.Errorf("download's linked_from = %q", dl.LinkedFrom)
	}
	if !slices.Contains(art.Documents, h.URL+"/download?id=7") {
		t.Errorf("article 1 does not list the candidate that answered as a PDF: %q", art.Documents)
	}
	scan, err := a.Page(ctx, h.URL+"/scans/old.pdf")
	if err != nil || scan.Versions != 0 || !strings.Contains(scan.LastFailure, "no text layer") {
		t.Errorf("scan: %+v, %v", scan, err)
	}

	// The report is revised: the next crawl stores version 2, and by now
	// both articles are known to link it.
	h.Page("/reports/fiscal-rules.pdf", "application/pdf", corpusPDF(t, "pdflatex-single-1.pdf"))
	crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	hist, err := a.History(ctx, doc)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history of the revised report: %d versions, %v", len(hist), err)
	}
	rec2, err := a.Version(ctx, doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rec2.Text == rec.Text {
		t.Error("version 2 has the old text")
	}
	slices.Sort(rec2.LinkedFrom)
	if want := []string{h.URL + articlePath(1), h.URL + articlePath(2)}; !slices.Equal(rec2.LinkedFrom, want) {
		t.Errorf("linked_from = %q, want %q", rec2.LinkedFrom, want)
	}
}

func TestCrawlDocumentsOff(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks(articlePath(1)))
	h.HTML(articlePath(1), article(1, "/reports/r.pdf"))
	h.Page("/reports/r.pdf", "application/pdf", corpusPDF(t, "pdflatex-single-0.pdf"))
	off := false
	crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}, PDFs: &off}, nil)
	if _, err := a.Page(context.Background(), h.URL+"/reports/r.pdf"); err == nil {
		t.Error("PDF archived with pdfs = false")
	}
	art, err := a.Version(context.Background(), h.URL+articlePath(1), 0)
	if err != nil || len(art.Documents) != 0 {
		t.Errorf("article: %v, documents %q", err, art.Documents)
	}
}

func TestCrawlDocumentTooLarge(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks(articlePath(1)))
	h.HTML(articlePath(1), article(1, "/reports/r.pdf"))
	h.Page("/reports/r.pdf", "application/pdf", corpusPDF(t, "pdflatex-single-0.pdf"))
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}, MaxPDFBytes: 1000}, nil)
	if hasVersion(t, a, h.URL+"/reports/r.pdf") {
		t.Error("PDF over max_pdf_bytes archived")
	}
	if sum.Errors == 0 {
		t.Errorf("no error counted for the oversized PDF: %+v", sum)
	}
}

func TestSourceMaxPDFBytesValidated(t *testing.T) {
	s := Source{Seeds: []string{"https://think.example/"}, MaxPDFBytes: -1}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "max_pdf_bytes") {
		t.Errorf("negative max_pdf_bytes: %v", err)
	}
}

// TestDocumentLinksKeptWhenInterrupted: a page processed as the crawl is
// interrupted is archived whole (recording ignores the cancellation), and
// so are its links to the documents already archived: they failed with
// "context canceled" (a warning in every interrupted serve or crawl), and
// the report never named the page that links it.
func TestDocumentLinksKeptWhenInterrupted(t *testing.T) {
	a, _ := openArchive(t)
	base := "https://institute.example"
	doc := base + "/reports/fiscal-rules.pdf"
	bg := context.Background()
	report := &extract.Article{URL: doc, Title: "Fiscal rules", Kind: extract.KindDocument, Text: "A report on fiscal rules and councils.", WordCount: 7}
	if _, err := a.Record(bg, archive.Fetch{URL: doc, Status: 200, Header: http.Header{"Content-Type": {"application/pdf"}},
		Body: []byte("%PDF-1.7 fiscal rules"), FetchedAt: time.Now()}, report); err != nil {
		t.Fatal(err)
	}
	cr, err := New(a, Source{Name: "t", Seeds: []string{base + "/"}}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	cr.scope = newScope(&cr.src, time.Now()) // as Run sets it
	page, _ := url.Parse(base + articlePath(1))
	ctx, cancel := context.WithCancel(bg)
	cancel()
	f := &fetched{status: 200, header: http.Header{"Content-Type": {"text/html"}}, body: []byte(article(1, "/reports/fiscal-rules.pdf")), finalURL: page}
	cr.addDocuments(ctx, f, &extract.Article{URL: page.String(), Kind: extract.KindArticle}, true, nil, 0)
	rec, err := a.Version(bg, doc, 0)
	if err != nil || !slices.Contains(rec.LinkedFrom, page.String()) {
		t.Errorf("report's linked_from = %q (%v), want the page that links it", rec.LinkedFrom, err)
	}
}

// TestDocumentsAndMaxDepth: a PDF an archived article links is part of
// the article, fetched one hop past it even at the depth limit; one a hub
// links (a page not archived) is a link like any other, fetched only
// within max_depth.
func TestDocumentsAndMaxDepth(t *testing.T) {
	pdfBody := corpusPDF(t, "pdflatex-single-0.pdf")
	site := func(t *testing.T) (*archive.Archive, *testsite.Host) {
		a, _ := openArchive(t)
		h := startHosts(t, 1)[0]
		h.HTML("/", HubHTMLLinks(articlePath(1), "/section/", "/reports/home.pdf"))
		h.HTML("/section/", HubHTMLLinks(articlePath(2), "/reports/section.pdf"))
		h.HTML(articlePath(1), article(1, "/reports/one.pdf"))
		h.HTML(articlePath(2), article(2))
		for _, p := range []string{"/reports/home.pdf", "/reports/section.pdf", "/reports/one.pdf"} {
			h.Page(p, "application/pdf", pdfBody)
		}
		return a, h
	}
	fetched := func(h *testsite.Host, p string) bool { return h.Hits(p) > 0 }
	for _, c := range []struct {
		name     string
		seed     string
		maxDepth int
		want     map[string]bool
	}{
		// The seed hub's PDF is a link at depth 1; article 1's, part of it.
		{"depth 1", "/", 1, map[string]bool{"/reports/home.pdf": true, "/reports/one.pdf": true, "/reports/section.pdf": false}},
		{"depth 2", "/", 2, map[string]bool{"/reports/home.pdf": true, "/reports/one.pdf": true, "/reports/section.pdf": true}},
		{"seeds only", "/", 0, map[string]bool{"/reports/home.pdf": false, "/reports/one.pdf": false}},
		{"an article seed only", articlePath(1), 0, map[string]bool{"/reports/one.pdf": true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, h := site(t)
			crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + c.seed}, MaxDepth: depth(c.maxDepth)}, nil)
			for p, want := range c.want {
				if got := fetched(h, p); got != want {
					t.Errorf("max_depth %d from %s: %s fetched = %v, want %v (hits %v)", c.maxDepth, c.seed, p, got, want, h.AllHits())
				}
			}
		})
	}
}
