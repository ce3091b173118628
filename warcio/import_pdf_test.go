package warcio

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// TestImportPDF: a WARC written by the project's own writer with PDF
// responses (declared application/pdf, and as application/octet-stream)
// imports them as documents with their text; a scan is skipped with its
// reason, an HTML page beside them is still an article. Pages and the
// documents they link are linked both ways, whichever comes first in the
// WARC.
func TestImportPDF(t *testing.T) {
	report, err := os.ReadFile("../extract/pdf/testdata/corpus/libreoffice-1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	brief, err := os.ReadFile("../extract/pdf/testdata/corpus/pdflatex-single-0.pdf")
	if err != nil {
		t.Fatal(err)
	}
	scan, err := os.ReadFile("../extract/pdf/testdata/corpus/scan-0.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	// Page a (before the documents) links the report by its extension and
	// the download by its text; page b (after them) links the report.
	pageA := bytes.Replace(articlePage("Fiscal councils", 400), []byte("</article>"),
		[]byte(`<p><a href="/report.pdf">The report</a> <a href="/download?id=7">Download the full text</a></p></article>`), 1)
	pageB := bytes.Replace(articlePage("Budget rules", 400), []byte("</article>"),
		[]byte(`<p><a href="https://think.example/report.pdf#page=2">Read the report (PDF)</a></p></article>`), 1)
	for _, f := range []archive.Fetch{
		{URL: "https://think.example/a", Status: 200, Header: html, Body: pageA},
		{URL: "https://think.example/report.pdf", Status: 200, Header: http.Header{"Content-Type": {"application/pdf"}}, Body: report},
		{URL: "https://think.example/download?id=7", Status: 200, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: brief},
		{URL: "https://think.example/scan.pdf", Status: 200, Header: http.Header{"Content-Type": {"application/pdf"}}, Body: scan},
		{URL: "https://think.example/fake.pdf", Status: 200, Header: http.Header{"Content-Type": {"application/pdf"}}, Body: []byte("<html>not found</html>")},
		{URL: "https://think.example/b", Status: 200, Header: html, Body: pageB},
	} {
		f.FetchedAt = at
		if err := w.WriteArchiveFetch(f, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	a := openArchive(t)
	st, errs := importBytes(t, a, buf.Bytes())
	t.Logf("stats %+v", st)
	if len(errs) > 0 || st.Errors > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if st.New != 4 || st.Skipped[SkipNoText] != 1 || st.Skipped[SkipNotHTML] != 1 {
		t.Errorf("want the article and two documents new, the scan and the fake skipped: %+v", st)
	}
	ctx := context.Background()
	for _, c := range []struct {
		url, kind, words string
		min              int
	}{
		{"https://think.example/a", extract.KindArticle, "Fiscal councils", 50},
		{"https://think.example/report.pdf", extract.KindDocument, "", 500},
		{"https://think.example/download?id=7", extract.KindDocument, "", 500},
	} {
		v, err := a.Version(ctx, c.url, 0)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if v.Kind != c.kind || v.WordCount < c.min || !strings.Contains(v.Text, c.words) {
			t.Errorf("%s: kind %q, %d words, want %s with text", c.url, v.Kind, v.WordCount, c.kind)
		}
		if c.kind == extract.KindDocument && v.Pages < 1 {
			t.Errorf("%s: %d pages", c.url, v.Pages)
		}
	}
	// Linked both ways.
	for _, c := range []struct {
		url        string
		docs, from []string
	}{
		{"https://think.example/a", []string{"https://think.example/report.pdf", "https://think.example/download?id=7"}, nil},
		{"https://think.example/b", []string{"https://think.example/report.pdf"}, nil},
		{"https://think.example/report.pdf", nil, []string{"https://think.example/a", "https://think.example/b"}},
		{"https://think.example/download?id=7", nil, []string{"https://think.example/a"}},
	} {
		v, err := a.Version(ctx, c.url, 0)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if docs := slices.Sorted(slices.Values(v.Documents)); !slices.Equal(docs, slices.Sorted(slices.Values(c.docs))) {
			t.Errorf("%s lists documents %q, want %q", c.url, v.Documents, c.docs)
		}
		if from := slices.Sorted(slices.Values(v.LinkedFrom)); !slices.Equal(from, c.from) {
			t.Errorf("%s is linked from %q, want %q", c.url, v.LinkedFrom, c.from)
		}
	}
	// The document's text is the report's: its known text's words are there.
	truth, _ := os.ReadFile("../extract/pdf/testdata/corpus/libreoffice-1.txt")
	v, _ := a.Version(ctx, "https://think.example/report.pdf", 0)
	if v != nil && !strings.Contains(v.Text, strings.Fields(string(truth))[0]) {
		t.Errorf("document text does not start like the report: %.80q", v.Text)
	}
}
