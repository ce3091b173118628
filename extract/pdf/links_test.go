package pdf

import (
	"net/url"
	"slices"
	"testing"
)

// TestLinks: PDF links by extension, declared type, link text and
// citation_pdf_url; links announcing a report or download are candidates;
// fragments dropped, duplicates and non-HTTP links skipped.
func TestLinks(t *testing.T) {
	base, _ := url.Parse("https://think.example/analysis/a")
	page := `<html><head><meta name="citation_pdf_url" content="/files/paper.pdf">
<link rel="alternate" type="application/pdf" href="/alt"></head><body>
<a href="/r/report.PDF?v=2#p3">Report</a>
<a href="/get?id=7">Click here for a printable PDF version</a>
<a href="/full">Download the full report</a>
<a href="/about">About us</a>
<a href="/r/report.PDF?v=2">again</a>
<a href="mailto:x@y.z">mail.pdf</a>
</body></html>`
	docs, maybe := Links([]byte(page), base)
	wantDocs := []string{
		"https://think.example/files/paper.pdf",
		"https://think.example/alt",
		"https://think.example/r/report.PDF?v=2",
		"https://think.example/get?id=7",
	}
	if !slices.Equal(docs, wantDocs) {
		t.Errorf("docs = %q, want %q", docs, wantDocs)
	}
	if !slices.Equal(maybe, []string{"https://think.example/full"}) {
		t.Errorf("maybe = %q", maybe)
	}
}
