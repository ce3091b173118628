package archive

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/archivist-org/archivist/extract"
)

func recordDoc(t *testing.T, a *Archive, url string, at time.Time, text string) Result {
	t.Helper()
	d := art(url, "Report", text)
	d.Kind = extract.KindDocument
	f := Fetch{URL: url, Status: 200, Header: http.Header{"Content-Type": {"application/pdf"}}, Body: []byte("%PDF-1.7 " + text), FetchedAt: at}
	r, err := a.Record(context.Background(), f, d)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestLinkDocuments: pages and documents are linked both ways whether the
// page or the document is archived first; completing a stored version
// keeps its version number, gives it a new seq, and leaves an archive
// that verifies (openTest's cleanup).
func TestLinkDocuments(t *testing.T) {
	a, _ := openTest(t, nil)
	ctx := context.Background()
	const (
		pageA = "https://think.example/a"
		pageB = "https://think.example/b"
		doc1  = "https://think.example/r1.pdf"
		doc2  = "https://think.example/r2.pdf"
		html  = "https://think.example/not-a-pdf"
	)
	check := func(u string, docs, from []string) *Record {
		t.Helper()
		v, err := a.Version(ctx, u, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(v.Documents, docs) || !slices.Equal(v.LinkedFrom, from) {
			t.Errorf("%s: documents %q, linked_from %q; want %q, %q", u, v.Documents, v.LinkedFrom, docs, from)
		}
		if v.Version != 1 {
			t.Errorf("%s: version %d, want 1 (links make no version)", u, v.Version)
		}
		return v
	}

	// Page first: the document names it when recorded, and is listed on it.
	record(t, a, pageA, t0, "Fiscal councils", "Fiscal councils watch budgets closely.")
	if err := a.LinkDocuments(ctx, pageA, []string{doc1 + "#page=2", html}); err != nil {
		t.Fatal(err)
	}
	check(pageA, nil, nil)
	recordDoc(t, a, doc1, t0.Add(time.Minute), "The first report on fiscal councils.")
	record(t, a, html, t0.Add(2*time.Minute), "Not a PDF", "A page answering a report link with HTML.")
	check(pageA, []string{doc1}, nil)
	check(doc1, nil, []string{pageA})
	check(html, nil, nil)

	// Document first: linking completes both stored versions in place.
	before := recordDoc(t, a, doc2, t0.Add(3*time.Minute), "The second report on budget rules.")
	record(t, a, pageB, t0.Add(4*time.Minute), "Budget rules", "Budget rules bind governments.")
	if err := a.LinkDocuments(ctx, pageB, []string{doc2, doc1}); err != nil {
		t.Fatal(err)
	}
	check(pageB, []string{doc2, doc1}, nil)
	v := check(doc2, nil, []string{pageB})
	check(doc1, nil, []string{pageB, pageA})
	if v.Seq <= before.Seq {
		t.Errorf("completed document kept seq %d (was %d): incremental export would miss it", v.Seq, before.Seq)
	}
	// Linking again changes nothing.
	if err := a.LinkDocuments(ctx, pageB, []string{doc2}); err != nil {
		t.Fatal(err)
	}
	if again := check(doc2, nil, []string{pageB}); again.Seq != v.Seq {
		t.Errorf("a repeated link moved the seq %d → %d", v.Seq, again.Seq)
	}
	if refs := a.Referrers(doc1); !slices.Equal(refs, []string{pageB, pageA}) {
		t.Errorf("referrers of %s = %q", doc1, refs)
	}
	if err := a.LinkDocuments(ctx, "::bad", []string{doc1}); err == nil {
		t.Error("a bad page URL linked")
	}
}
