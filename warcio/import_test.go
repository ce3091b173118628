package warcio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	gowarc "github.com/nlnwa/gowarc/v3"
)

func openArchive(t testing.TB) *archive.Archive {
	t.Helper()
	a, err := archive.Open(filepath.Join(t.TempDir(), "a.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func importBytes(t testing.TB, a *archive.Archive, data ...[]byte) (ImportStats, []error) {
	t.Helper()
	var ins []Input
	for i, d := range data {
		ins = append(ins, Input{Name: fmt.Sprintf("input%d", i), R: bytes.NewReader(d)})
	}
	var errs []error
	st, err := Import(context.Background(), a, ins, &ImportOptions{OnError: func(e error) { errs = append(errs, e) }})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return st, errs
}

func articlePage(title string, words int) []byte {
	return []byte(fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:type" content="article"><meta name="author" content="Ann Author">
<meta property="article:published_time" content="2024-03-01T10:00:00Z"></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>%s</h1>
<p class="byline">By Ann Author</p>%s</article></main><footer>© Example</footer></body></html>`,
		title, title, strings.Repeat("<p>"+strings.Repeat(title+" is discussed here at some length with care. ", 8)+"</p>\n", words/64+1)))
}

func TestImportWgetWARC(t *testing.T) {
	path, base, pages := wgetWARC(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := openArchive(t)
	st, errs := importBytes(t, a, data)
	t.Logf("stats %+v", st)
	if len(errs) > 0 || st.Errors > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if st.New < 2 {
		t.Fatalf("want the article pages imported, got %+v", st)
	}
	if st.Skipped[SkipNotHTML] < 1 || st.Skipped[SkipRedirect] != 1 {
		t.Errorf("image / redirect not skipped by type: %+v", st.Skipped)
	}
	// Fetch time is the WARC-Date, the raw page is the served one.
	entries, _ := readAll(t, data)
	for _, e := range entries {
		if e.Type != TypeResponse || e.URL != base+"/a" {
			continue
		}
		c, err := a.CaptureOf(context.Background(), e.URL, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !c.FetchedAt.Equal(e.Date) {
			t.Errorf("fetched at %v, WARC-Date %v", c.FetchedAt, e.Date)
		}
		if !bytes.Equal(c.Body, pages["/a"]) {
			t.Errorf("stored payload differs from served page")
		}
	}
	// The redirected page is known by its old URL too.
	if _, err := a.Page(context.Background(), base+"/old"); err != nil {
		t.Errorf("page by redirect source: %v", err)
	}
}

func TestImportBrokenRecordReported(t *testing.T) {
	t0 := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
	var caps []Capture
	for i := range 3 {
		caps = append(caps, Capture{URL: fmt.Sprintf("https://news.example/2023/story-%d", i), Date: t0.Add(time.Duration(i) * time.Minute),
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: articlePage(fmt.Sprintf("Story number %d", i), 300)})
	}
	data := writeWARC(t, caps, nil)
	m := gzipMembers(data)[2] // second story
	for i := m[0] + 30; i < m[0]+80; i++ {
		data[i] ^= 0xff
	}
	a := openArchive(t)
	st, errs := importBytes(t, a, data)
	if st.Errors != 1 || len(errs) != 1 {
		t.Fatalf("want one reported error, got %d: %v", st.Errors, errs)
	}
	var re *RecordError
	if !errors.As(errs[0], &re) {
		t.Errorf("error is not a RecordError: %v", errs[0])
	}
	if st.New != 2 {
		t.Fatalf("want the other 2 pages imported, got %+v", st)
	}
}

// revisitRecord builds a revisit record as Heritrix writes them.
func revisitRecord(t *testing.T, profile, uri, refURI string, date, refDate time.Time) []byte {
	rb := gowarc.NewRecordBuilder(gowarc.Revisit, gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingContentLength(true), gowarc.WithAddMissingDigest(true))
	rb.AddWarcHeader(gowarc.WarcTargetURI, uri)
	rb.AddWarcHeader(gowarc.WarcDate, date.Format(time.RFC3339))
	rb.AddWarcHeader(gowarc.WarcProfile, profile)
	rb.AddWarcHeader(gowarc.WarcRefersToTargetURI, refURI)
	rb.AddWarcHeader(gowarc.WarcRefersToDate, refDate.Format(time.RFC3339))
	rb.AddWarcHeader(gowarc.WarcPayloadDigest, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	rb.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
	rec, _, err := rb.Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, _, err := gowarc.NewMarshaler().Marshal(&buf, rec, 0); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportRevisits(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	u := "https://think.example/research/report"
	data := writeWARC(t, []Capture{{URL: u, Date: t0, Header: http.Header{"Content-Type": {"text/html"}}, Body: articlePage("A long report", 400)}}, nil)
	data = append(data, revisitRecord(t, ProfileIdenticalPayload, u, u, t0.Add(24*time.Hour), t0)...)
	// Same payload served at a mirror URL.
	mirror := "https://think.example/mirror/report"
	data = append(data, revisitRecord(t, ProfileIdenticalPayload, mirror, u, t0.Add(48*time.Hour), t0)...)
	// Revisit of something never captured: skipped with a count.
	data = append(data, revisitRecord(t, ProfileServerNotModified, "https://think.example/unknown", "", t0.Add(time.Hour), t0)...)

	a := openArchive(t)
	st, errs := importBytes(t, a, data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	t.Logf("%+v", st)
	if st.New != 2 || st.Unchanged != 1 || st.Skipped[SkipRevisit] != 1 {
		t.Fatalf("stats %+v", st)
	}
	p, err := a.Page(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if !p.LastSeen.Equal(t0.Add(24*time.Hour)) || p.Versions != 1 {
		t.Errorf("revisit did not move last_seen: %+v", p)
	}
	c, err := a.CaptureOf(context.Background(), mirror, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !c.FetchedAt.Equal(t0.Add(48 * time.Hour)) {
		t.Errorf("mirror capture at %v", c.FetchedAt)
	}
}

// TestRoundTrip: import -> export -> import leaves the archive unchanged,
// and the payloads come back byte for byte, also into a fresh archive.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 123000000, time.UTC)
	var caps []Capture
	for i := range 6 {
		caps = append(caps, Capture{URL: fmt.Sprintf("https://policy.example/analysis/item-%d", i), Date: t0.Add(time.Duration(i) * time.Hour),
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Etag": {fmt.Sprintf(`"e%d"`, i)}},
			Body:   articlePage(fmt.Sprintf("Analysis item %d of the series", i), 250+50*i)})
	}
	// A second version of item 0, and a page reached through a redirect.
	caps = append(caps, Capture{URL: caps[0].URL, Date: t0.Add(30 * time.Hour), Header: caps[0].Header,
		Body: articlePage("Analysis item 0 of the series, revised edition", 300)})
	caps = append(caps, Capture{URL: "https://policy.example/analysis/moved-final", PageURL: "https://policy.example/analysis/moved",
		Date: t0.Add(31 * time.Hour), Header: caps[0].Header, Body: articlePage("A moved analysis page", 300)})
	src := writeWARC(t, caps, nil)

	a := openArchive(t)
	st, errs := importBytes(t, a, src)
	if len(errs) > 0 || st.New != 7 || st.Changed != 1 {
		t.Fatalf("first import: %+v %v", st, errs)
	}
	before, _ := a.Stats(ctx)

	for _, all := range []bool{false, true} {
		var out bytes.Buffer
		_, n, err := Export(ctx, a, archive.ExportFilter{AllVersions: all}, &out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 7, true: 8}[all]; n != want {
			t.Fatalf("exported %d records (all=%v), want %d", n, all, want)
		}
		if script := warcioJSIfPresent(); script != "" {
			p := filepath.Join(t.TempDir(), "export.warc.gz")
			os.WriteFile(p, out.Bytes(), 0o644)
			recs := checkWithWarcioJS(t, script, p)
			if len(recs) != n+1 {
				t.Fatalf("warcio.js read %d records, want %d", len(recs), n+1)
			}
		}
		st, errs := importBytes(t, a, out.Bytes())
		if len(errs) > 0 || st.New != 0 || st.Changed != 0 || st.Unchanged != n {
			t.Fatalf("re-import (all=%v) changed the archive: %+v %v", all, st, errs)
		}
		after, _ := a.Stats(ctx)
		if after.Versions != before.Versions || after.Pages != before.Pages || after.LastSeq != before.LastSeq {
			t.Fatalf("archive changed: before %+v after %+v", before, after)
		}

		// Into a fresh archive: same pages, same payload bytes.
		b := openArchive(t)
		st2, errs := importBytes(t, b, out.Bytes())
		if len(errs) > 0 || st2.New != 7 {
			t.Fatalf("fresh import: %+v %v", st2, errs)
		}
		for _, c := range caps {
			pu := c.PageURL
			if pu == "" {
				pu = c.URL
			}
			ca, err := a.CaptureOf(ctx, pu, 0)
			if err != nil {
				t.Fatal(err)
			}
			// By the page's identity: redirect-source aliases are not part
			// of a capture, so a fresh archive knows the page by it.
			cb, err := b.CaptureOf(ctx, ca.URL, 0)
			if err != nil {
				t.Fatalf("%s missing after round trip: %v", pu, err)
			}
			if !bytes.Equal(ca.Body, cb.Body) || !ca.FetchedAt.Equal(cb.FetchedAt) || ca.Header.Get("Etag") != cb.Header.Get("Etag") {
				t.Errorf("%s: capture differs after round trip", pu)
			}
		}
	}
}

func warcioJSIfPresent() string {
	dir := filepath.Join("..", "tools", "warcio")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "warcio")); err != nil {
		return ""
	}
	if _, err := os.Stat("/usr/bin/node"); err != nil {
		return ""
	}
	abs, _ := filepath.Abs(filepath.Join(dir, "check.mjs"))
	return abs
}

func TestImportSkipsTruncated(t *testing.T) {
	t0 := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
	data := writeWARC(t, []Capture{
		{URL: "https://news.example/2023/cut", Date: t0, Header: http.Header{"Content-Type": {"text/html"}}, Body: articlePage("A cut story", 300)},
		{URL: "https://news.example/2023/whole", Date: t0, Header: http.Header{"Content-Type": {"text/html"}}, Body: articlePage("A whole story", 300)},
	}, &WriterOptions{NoCompress: true})
	i := bytes.Index(data, []byte("WARC-Target-URI: https://news.example/2023/cut"))
	data = append(data[:i], append([]byte("WARC-Truncated: length\r\n"), data[i:]...)...)
	st, errs := importBytes(t, openArchive(t), data)
	if len(errs) > 0 || st.New != 1 || st.Skipped[SkipTruncated] != 1 {
		t.Fatalf("%+v %v", st, errs)
	}
}

func TestImportSkipsNonHTTPRecords(t *testing.T) {
	rb := gowarc.NewRecordBuilder(gowarc.Response, gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingContentLength(true), gowarc.WithAddMissingDigest(true))
	rb.AddWarcHeader(gowarc.WarcTargetURI, "dns:news.example")
	rb.AddWarcHeader(gowarc.WarcDate, "2024-01-01T00:00:00Z")
	rb.AddWarcHeader(gowarc.ContentType, "text/dns")
	rb.WriteString("20240101000000\nnews.example.\t300\tIN\tA\t192.0.2.1\n")
	rec, _, err := rb.Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, _, err := gowarc.NewMarshaler().Marshal(&buf, rec, 0); err != nil {
		t.Fatal(err)
	}
	st, errs := importBytes(t, openArchive(t), buf.Bytes())
	if len(errs) > 0 || st.Skipped[SkipNotHTTP] != 1 {
		t.Fatalf("%+v %v", st, errs)
	}
}

// TestExportServedURL: a page the archive knows by its canonical URL is
// exported at the URL its body was served from, with the page URL beside.
func TestExportServedURL(t *testing.T) {
	ctx := context.Background()
	served := "https://policy.example/pubs/2024/report.html?id=7"
	body := bytes.Replace(articlePage("A report with a canonical URL", 300), []byte("<head>"),
		[]byte(`<head><link rel="canonical" href="https://policy.example/report-canonical">`), 1)
	a := openArchive(t)
	st, errs := importBytes(t, a, writeWARC(t, []Capture{{URL: served, Date: time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC),
		Header: http.Header{"Content-Type": {"text/html"}}, Body: body}}, nil))
	if len(errs) > 0 || st.New != 1 {
		t.Fatalf("%+v %v", st, errs)
	}
	var out bytes.Buffer
	if _, _, err := Export(ctx, a, archive.ExportFilter{}, &out, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := readAll(t, out.Bytes())
	e := entries[len(entries)-1]
	if !sameURL(e.URL, served) || !sameURL(e.Header.Get(PageURLField), "https://policy.example/report-canonical") {
		t.Fatalf("exported at %q (page %q)", e.URL, e.Header.Get(PageURLField))
	}
}

// TestRoundTripKeepsAPageThatCameBack: a page that answered 404 and came
// back with the same text has two versions (the second "came back after
// being gone"); the export wrote no record of the 404, so importing it
// made them one.
func TestRoundTripKeepsAPageThatCameBack(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	u := "https://policy.example/analysis/back-again"
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	page := articlePage("An analysis that went away and came back", 300)
	a := openArchive(t)
	if st, errs := importBytes(t, a, writeWARC(t, []Capture{
		{URL: u, Date: t0, Header: h, Body: page},
		{URL: u, Date: t0.Add(time.Hour), Status: http.StatusNotFound, Header: h, Body: []byte("not found")},
		{URL: u, Date: t0.Add(2 * time.Hour), Header: h, Body: page},
	}, nil)); len(errs) > 0 || st.New != 1 {
		t.Fatalf("import: %+v %v", st, errs)
	}
	want, err := a.History(ctx, u)
	if err != nil || len(want) != 2 {
		t.Fatalf("history before the round trip: %v %+v", err, want)
	}
	var out bytes.Buffer
	if _, n, err := Export(ctx, a, archive.ExportFilter{AllVersions: true}, &out, nil); err != nil || n != 3 {
		t.Fatalf("export: %d records (%v), want the 3 responses", n, err)
	}
	b := openArchive(t)
	if _, errs := importBytes(t, b, out.Bytes()); len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err := b.History(ctx, u)
	if err != nil || len(got) != len(want) {
		t.Fatalf("after the round trip: %d versions (%v), want %d: %+v", len(got), err, len(want), got)
	}
	if got[1].Summary != want[1].Summary {
		t.Errorf("version 2 after the round trip: %q, want %q", got[1].Summary, want[1].Summary)
	}
}

// historyCounter is a real archive that counts History reads per page.
type historyCounter struct {
	*archive.Archive
	reads map[string]int
}

func (h *historyCounter) History(ctx context.Context, u string) ([]archive.VersionInfo, error) {
	h.reads[u]++
	return h.Archive.History(ctx, u)
}

// TestExportReadsEachHistoryOnce: a WARC export of every version reads a
// page's history once, not once per version (quadratic on long
// histories), and still writes the 404 before a version that came back.
func TestExportReadsEachHistoryOnce(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	a := openArchive(t)
	var caps []Capture
	const versions = 12
	for i := range versions {
		for _, u := range []string{"https://policy.example/analysis/long", "https://policy.example/analysis/other"} {
			caps = append(caps, Capture{URL: u, Date: t0.Add(time.Duration(2*i) * time.Hour), Header: h, Body: articlePage(fmt.Sprintf("An analysis revised %d times", i), 300)})
		}
	}
	// The first page is gone for a while and comes back as it was.
	caps = append(caps,
		Capture{URL: "https://policy.example/analysis/long", Date: t0.Add(100 * time.Hour), Status: http.StatusNotFound, Header: h, Body: []byte("not found")},
		Capture{URL: "https://policy.example/analysis/long", Date: t0.Add(101 * time.Hour), Header: h, Body: articlePage(fmt.Sprintf("An analysis revised %d times", versions-1), 300)})
	if _, errs := importBytes(t, a, writeWARC(t, caps, nil)); len(errs) > 0 {
		t.Fatal(errs)
	}
	r := &historyCounter{Archive: a, reads: map[string]int{}}
	var out bytes.Buffer
	_, n, err := Export(ctx, r, archive.ExportFilter{AllVersions: true}, &out, nil)
	if err != nil || n != 2*versions+2 {
		t.Fatalf("export: %d records (%v), want %d", n, err, 2*versions+2)
	}
	for u, reads := range r.reads {
		if reads > 1 {
			t.Errorf("%s: history read %d times", u, reads)
		}
	}
	// The 404 was written: imported again, the page that came back keeps
	// its version.
	b := openArchive(t)
	if _, errs := importBytes(t, b, out.Bytes()); len(errs) > 0 {
		t.Fatal(errs)
	}
	want, _ := a.History(ctx, "https://policy.example/analysis/long")
	got, err := b.History(ctx, "https://policy.example/analysis/long")
	if err != nil || len(got) != len(want) || len(got) != versions+1 || got[versions].Summary != want[versions].Summary {
		t.Errorf("after the round trip: %v %+v, want %+v", err, got, want)
	}
}

// TestRoundTripKeepsARename: a WARC export carries a rename (a 301 from
// the old URL to the new one, dated when it moved) and importing it links
// the two pages again.
func TestRoundTripKeepsARename(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	const (
		oldURL = "https://policy.example/analysis/old-slug"
		newURL = "https://policy.example/analysis/new-slug"
	)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	a := openArchive(t)
	if _, errs := importBytes(t, a, writeWARC(t, []Capture{
		{URL: oldURL, Date: t0, Header: h, Body: articlePage("An analysis under its first title", 300)},
		{URL: newURL, Date: t0.Add(time.Hour), Header: h, Body: articlePage("An analysis under its new title", 300)},
	}, nil)); len(errs) > 0 {
		t.Fatal(errs)
	}
	if news, err := a.RecordMove(ctx, oldURL, newURL, t0.Add(2*time.Hour)); err != nil || !news {
		t.Fatalf("move: %v %v", news, err)
	}
	var out bytes.Buffer
	if _, _, err := Export(ctx, a, archive.ExportFilter{AllVersions: true}, &out, nil); err != nil {
		t.Fatal(err)
	}
	b := openArchive(t)
	if _, errs := importBytes(t, b, out.Bytes()); len(errs) > 0 {
		t.Fatal(errs)
	}
	op, err := b.Page(ctx, oldURL)
	if err != nil || op.MovedTo != newURL || !op.MovedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("old page after the round trip: %+v %v", op, err)
	}
	if np, err := b.Page(ctx, newURL); err != nil || len(np.MovedFrom) != 1 || np.Versions != 1 {
		t.Fatalf("new page after the round trip: %+v %v", np, err)
	}
}

// TestImportRenameNeedsEveryHopPermanent: a WARC's redirect chain renames
// its first URL's page only when every hop is permanent, as a crawl's
// fetch does: a 302 then a 301 leaves the page where it was (the
// import recorded it moved to the chain's end).
func TestImportRenameNeedsEveryHopPermanent(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	const (
		oldURL = "https://policy.example/analysis/old-slug"
		midURL = "https://policy.example/p/123"
		newURL = "https://policy.example/analysis/new-slug"
	)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for _, c := range []struct {
		name   string
		first  int
		wantTo string
	}{
		{"302 then 301", http.StatusFound, ""},
		{"301 then 301", http.StatusMovedPermanently, newURL},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := openArchive(t)
			if _, errs := importBytes(t, a, writeWARC(t, []Capture{
				{URL: oldURL, Date: t0, Header: h, Body: articlePage("An analysis under its first title", 300)},
				{URL: newURL, Date: t0.Add(time.Hour), Header: h, Body: articlePage("An analysis under its new title", 300)},
				{URL: oldURL, Date: t0.Add(2 * time.Hour), Status: c.first, Header: http.Header{"Location": {midURL}}},
				{URL: midURL, Date: t0.Add(2 * time.Hour), Status: http.StatusMovedPermanently, Header: http.Header{"Location": {newURL}}},
			}, nil)); len(errs) > 0 {
				t.Fatal(errs)
			}
			if op, err := a.Page(ctx, oldURL); err != nil || op.MovedTo != c.wantTo {
				t.Errorf("old page moved to %q (%v), want %q", op.MovedTo, err, c.wantTo)
			}
		})
	}
}
