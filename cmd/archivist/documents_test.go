package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "extract", "pdf", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readCorpus(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(corpusFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExtractPDFCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	r := runBinary(t, dir, nil, "extract", "--format", "json", corpusFile(t, "pdflatex-twocol-0.pdf"))
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	var got struct {
		Kind, Title, Text string
		Pages             int
		Authors           []string
	}
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.Stdout)
	}
	var meta struct {
		Title   string
		Authors []string
	}
	b, _ := os.ReadFile(strings.TrimSuffix(corpusFile(t, "pdflatex-twocol-0.pdf"), ".pdf") + ".json")
	json.Unmarshal(b, &meta)
	if got.Kind != "document" || got.Pages < 1 || got.Title != meta.Title || strings.Join(got.Authors, ",") != strings.Join(meta.Authors, ",") {
		t.Errorf("kind %q pages %d title %q authors %q; want title %q authors %q", got.Kind, got.Pages, got.Title, got.Authors, meta.Title, meta.Authors)
	}

	// Text output names the kind and the page count.
	r = runBinary(t, dir, nil, "extract", corpusFile(t, "libreoffice-1.pdf"))
	if r.Code != 0 || !strings.Contains(r.Stdout, "Kind: document") || !strings.Contains(r.Stdout, "Pages: ") {
		t.Errorf("text output: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	// A scan fails with its reason; a broken PDF fails cleanly; the other
	// inputs still print.
	broken := filepath.Join(dir, "broken.pdf")
	os.WriteFile(broken, []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF"), 0o644)
	r = runBinary(t, dir, nil, "extract", corpusFile(t, "scan-0.pdf"), broken, corpusFile(t, "groff-0.pdf"))
	if r.Code != 1 || !strings.Contains(r.Stderr, "no text layer") || !strings.Contains(r.Stderr, "broken.pdf") {
		t.Errorf("scan and broken: exit %d\n%s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "Kind: document") || strings.Contains(r.Stderr, "panic") {
		t.Errorf("good input after bad ones: %s\n%s", r.Stdout, r.Stderr)
	}
	r = runBinary(t, dir, nil, "extract", "--max-pdf-bytes", "1000", corpusFile(t, "groff-0.pdf"))
	if r.Code != 1 || !strings.Contains(r.Stderr, "too large") {
		t.Errorf("--max-pdf-bytes: exit %d %s", r.Code, r.Stderr)
	}
}

// TestCrawlDocumentsCommands crawls a loopback site whose articles link a
// report, revises the report, crawls again, and reads the result with
// every reading command.
func TestCrawlDocumentsCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	a1, a2 := "/2025/05/fiscal-councils-in-europe-analysis", "/2025/05/budget-rules-after-the-crisis-analysis"
	h.HTML("/", testsite.HubHTML("Home", a1, a2))
	h.HTML(a1, testsite.ArticleHTML("Fiscal councils in Europe", "Sam Roe", "2025-05-01", 11, 350, 0, "/files/fiscal-report.pdf"))
	h.HTML(a2, testsite.ArticleHTML("Budget rules after the crisis", "Ana Lee", "2025-05-02", 12, 350, 0, "/files/fiscal-report.pdf"))
	h.Page("/files/fiscal-report.pdf", "application/pdf", readCorpus(t, "pdflatex-single-2.pdf"))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	warc := filepath.Join(dir, "crawl.warc.gz")
	crawlArgs := []string{"crawl", "--archive", db, "--allow-private", "--delay", "0", "--warc", warc, h.URL + "/"}
	if r := runBinary(t, dir, nil, crawlArgs...); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	doc := h.URL + "/files/fiscal-report.pdf"
	h.Page("/files/fiscal-report.pdf", "application/pdf", readCorpus(t, "pdflatex-single-3.pdf"))
	if r := runBinary(t, dir, nil, crawlArgs...); r.Code != 0 {
		t.Fatalf("second crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	run := func(args ...string) string {
		t.Helper()
		r := runBinary(t, dir, nil, append(args[:1:1], append([]string{"--archive", db}, args[1:]...)...)...)
		if r.Code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.Code, r.Stdout, r.Stderr)
		}
		return r.Stdout
	}
	var hist struct {
		Versions []struct {
			Version int `json:"version"`
		} `json:"versions"`
	}
	if out := run("history", "--json", doc); json.Unmarshal([]byte(out), &hist) != nil || len(hist.Versions) != 2 {
		t.Errorf("history of the revised report: want 2 versions\n%s", out)
	}
	if out := run("show", doc); !strings.Contains(out, "document") {
		t.Errorf("show:\n%s", out)
	}
	if out := run("diff", doc, "1", "2"); out == "" {
		t.Error("diff of the two versions is empty")
	}
	// Re-extraction keeps documents documents, and the crawler's links.
	run("reextract", "--all")
	export := run("export")
	var sawDoc, sawArticle bool
	for _, line := range strings.Split(strings.TrimSpace(export), "\n") {
		var rec struct {
			URL        string   `json:"url"`
			Kind       string   `json:"kind"`
			Documents  []string `json:"documents"`
			LinkedFrom []string `json:"linked_from"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		switch rec.URL {
		case doc:
			sawDoc = rec.Kind == "document" && len(rec.LinkedFrom) == 2
		case h.URL + a1:
			sawArticle = len(rec.Documents) == 1 && rec.Documents[0] == doc
		}
	}
	if !sawDoc || !sawArticle {
		t.Errorf("export: document with both referrers %v, article listing it %v\n%s", sawDoc, sawArticle, export)
	}
	for _, q := range [][]string{{"search", "--kind", "document", "--json", "efficient"}, {"search", "--json", "kind:document"}} {
		out := run(q...)
		if !strings.Contains(out, doc) || strings.Contains(out, h.URL+a1) {
			t.Errorf("%v:\n%s", q, out)
		}
	}
	if out := run("search", "--kind", "article", "--json", "fiscal"); strings.Contains(out, doc) {
		t.Errorf("--kind article found the document:\n%s", out)
	}
	run("copies", doc)

	// The crawl's own WARC imports into a new archive with the report as a
	// document, both versions.
	db2 := filepath.Join(dir, "b.db")
	if r := runBinary(t, dir, nil, "import", "--archive", db2, warc); r.Code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	r := runBinary(t, dir, nil, "history", "--archive", db2, "--json", doc)
	hist.Versions = nil
	if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &hist) != nil || len(hist.Versions) != 2 {
		t.Errorf("imported history of the report: want 2 versions, exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if r := runBinary(t, dir, nil, "search", "--archive", db2, "--kind", "document", "--json", "efficient"); r.Code != 0 || !strings.Contains(r.Stdout, doc) {
		t.Errorf("search of the imported archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}
