package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
)

// Documents (PDF reports) are discovered on archived pages, fetched under
// the same scope, robots and address rules as pages, extracted by
// extract/pdf and archived as pages of kind "document". The page that
// links one lists it in its Documents; the document names its referrers
// in LinkedFrom (archive.LinkDocuments keeps both sides).

// DefaultMaxPDFBytes is the size limit of a document when
// Source.MaxPDFBytes is 0.
const DefaultMaxPDFBytes = pdf.DefaultMaxBytes

// documentsOn reports whether the source archives documents.
func (cr *Crawler) documentsOn() bool { return cr.src.PDFs == nil || *cr.src.PDFs }

// maxPDFBytes is the source's document size limit.
func (cr *Crawler) maxPDFBytes() int {
	if cr.src.MaxPDFBytes > 0 {
		return cr.src.MaxPDFBytes
	}
	return DefaultMaxPDFBytes
}

// bodyLimit is the size limit of a response of content type ct.
func (cr *Crawler) bodyLimit(ct string) int {
	if cr.documentsOn() && isPDFType(strings.ToLower(ct)) {
		return cr.maxPDFBytes()
	}
	return cr.opts.MaxBodySize
}

// sitemapLimit is the size limit of a sitemap, uncompressed: the
// protocol allows 50 MB, over the page limit.
func (cr *Crawler) sitemapLimit() int {
	if cr.opts.MaxSitemapBytes > 0 {
		return cr.opts.MaxSitemapBytes
	}
	return max(cr.opts.MaxBodySize, maxSitemapBytes)
}

// maxResponseSize is the most any response may be read to: the larger limit, as
// the type is known only once headers arrive; bodyLimit then applies.
func (cr *Crawler) maxResponseSize() int {
	n := max(cr.opts.MaxBodySize, cr.sitemapLimit())
	if cr.documentsOn() {
		n = max(n, cr.maxPDFBytes())
	}
	return n
}

// pdfReadLimit is the transport's limit for PDF bodies, 0 when documents
// are off (PDFs are then skipped by type before their body is read).
func (cr *Crawler) pdfReadLimit() int64 {
	if !cr.documentsOn() {
		return 0
	}
	return int64(cr.maxPDFBytes()) + 1
}

func isPDFType(ct string) bool {
	return strings.Contains(ct, "application/pdf") || strings.Contains(ct, "application/x-pdf")
}

// isDocument reports whether a successful fetch is a PDF: by its content
// type, or by its bytes when the server sent a generic type.
func (cr *Crawler) isDocument(f *fetched) bool {
	if !cr.documentsOn() || f.status != http.StatusOK {
		return false
	}
	ct := strings.ToLower(f.header.Get("Content-Type"))
	if isPDFType(ct) {
		return true
	}
	return (ct == "" || strings.Contains(ct, "octet-stream")) && pdf.IsPDF(f.body)
}

// addDocuments finds the documents a page links, lists them on its article
// (when it is archived), remembers the page as their referrer, and returns
// the frontier items that fetch them. An archived page's documents are part
// of it (the report behind an article): leaves queued one hop past the page
// even at the depth limit. A page not archived (a hub, a list of all
// publications) links documents as it links pages: within max_depth only.
func (cr *Crawler) addDocuments(ctx context.Context, f *fetched, art *extract.Article, archived bool, next []item, depth int) []item {
	if !cr.documentsOn() || art == nil || (!archived && depth+1 > cr.maxDepth) {
		return next
	}
	queued := map[string]bool{}
	for _, it := range next {
		queued[it.Norm] = true
	}
	found, maybe := pdf.Links(f.body, f.finalURL)
	var docs, candidates []string
	for i, l := range append(found, maybe...) {
		lu, err := url.Parse(l)
		if err != nil {
			continue
		}
		norm, err := normalizeURL(l)
		if err != nil || cr.scope.check(lu, norm) != "" {
			continue
		}
		if i < len(found) {
			docs = append(docs, norm)
		} else {
			candidates = append(candidates, norm)
		}
		if !queued[norm] {
			queued[norm] = true
			next = append(next, item{URL: l, Norm: norm, Kind: kindPage, Depth: depth + 1, Prio: prioLink, Order: uint64(depth + 1)})
		}
	}
	if len(docs)+len(candidates) == 0 || !archived {
		return next
	}
	art.Documents = docs
	from := f.finalURL.String()
	if art.CanonicalURL != "" {
		from = art.CanonicalURL
	}
	// Candidates too: if one answers as a PDF it names this page; if not,
	// the link is never read. Not cancelled, as the page's Record is not:
	// the page is archived whole, with its links.
	if err := cr.a.LinkDocuments(context.WithoutCancel(ctx), from, append(docs, candidates...)); err != nil {
		cr.log.Warn("linking a page's documents", "url", from, "err", err)
	}
	return next
}

// reasonNoText is the failed capture recorded for a PDF without text.
const reasonNoText = "no text layer: scanned or image-only PDF (OCR is not supported)"

// handleDocument extracts a fetched PDF and returns what to record.
func (cr *Crawler) handleDocument(ctx context.Context, reqURL *url.URL, f *fetched) ([]item, []archive.KVPair, *toRecord) {
	u := reqURL.String()
	fetch := archive.Fetch{URL: u, FinalURL: f.finalURL.String(), Redirects: f.redirects, Status: f.status, Header: f.header, Body: f.body, FetchedAt: f.at}
	if cr.opts.OnFetch != nil {
		cr.opts.OnFetch(fetch)
	}
	lg := cr.log.With("url", u)
	var extra []archive.KVPair
	if n, err := normalizeURL(f.finalURL.String()); err == nil {
		extra = append(extra, archive.KVPair{Key: seenKey(urlID(n)), Value: []byte("1")})
	}
	art, err := pdf.Extract(ctx, f.body, f.finalURL.String(), &pdf.Options{MaxBytes: cr.maxPDFBytes()})
	switch {
	case errors.Is(err, pdf.ErrNoText):
		return nil, extra, &toRecord{fetch: fetch, failure: reasonNoText, lg: lg}
	case err != nil:
		return nil, extra, &toRecord{fetch: fetch, failure: fmt.Sprintf("pdf extraction failed: %v", err), lg: lg}
	}
	return nil, extra, &toRecord{fetch: fetch, art: art, lg: lg}
}

// revisitDocuments queues again the documents an unchanged page (one that
// answered 304, so it is not parsed) listed in its archived version: a
// report revised behind an unchanged article is still noticed.
func (cr *Crawler) revisitDocuments(ctx context.Context, u *url.URL, f *fetched, depth int) []item {
	if !cr.documentsOn() || f.status != http.StatusNotModified {
		return nil
	}
	rec, err := cr.a.Version(ctx, u.String(), 0)
	if err != nil {
		return nil
	}
	var out []item
	for _, d := range rec.Documents {
		lu, err := url.Parse(d)
		if err != nil {
			continue
		}
		if norm, err := normalizeURL(d); err == nil && cr.scope.check(lu, norm) == "" {
			out = append(out, item{URL: d, Norm: norm, Kind: kindPage, Depth: depth + 1, Prio: prioLink, Order: uint64(depth + 1)})
		}
	}
	return out
}
