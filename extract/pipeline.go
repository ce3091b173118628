package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// fromHTML is the pipeline: decode, parse, read metadata from the intact
// document, then extract the body (which prunes the document), then
// cross-check the two.
func fromHTML(raw []byte, pageURL string, opts *Options) (*Article, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	limit := o.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	if limit > 0 && len(raw) > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(raw), limit)
	}
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil {
			return nil, fmt.Errorf("extract: bad page URL %q: %w", pageURL, err)
		}
		base = u
	}
	// The page is parsed from raw itself when it is UTF-8 already (most
	// are): no copy of the whole page.
	text, err := decodeBytes(raw, o.ContentType)
	if err != nil {
		return nil, err
	}
	if !looksLikeHTML(text) {
		return nil, ErrNotHTML
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("extract: parse: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Url = base

	art := &Article{URL: textURL(pageURL), Extractor: Version}
	m := readMetadata(doc, base)
	m.apply(art)
	b := extractBody(doc, base, &o, art)
	b.apply(art)
	crossCheck(art, m, b)
	finish(art)
	return art, nil
}

// textURL percent-encodes the bytes of u that are not UTF-8, as the
// archive's URLs have them: Article.URL is printed, indexed and written as
// JSON, where a stray byte would be replaced or rejected. Valid text,
// non-ASCII included, is kept as given.
func textURL(u string) string {
	if utf8.ValidString(u) {
		return u
	}
	var b strings.Builder
	for len(u) > 0 {
		r, n := utf8.DecodeRuneInString(u)
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, "%%%02X", u[0])
		} else {
			b.WriteString(u[:n])
		}
		u = u[n:]
	}
	return b.String()
}

// looksLikeHTML rejects binary data served as HTML: text with NUL bytes or
// no markup at all in its first kilobytes.
func looksLikeHTML(s []byte) bool {
	head := s
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	return bytes.IndexByte(head, '<') >= 0 || len(bytes.TrimSpace(head)) == 0
}
