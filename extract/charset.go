package extract

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// decode turns raw bytes into UTF-8 text using, in order, the BOM, the
// Content-Type header, <meta charset> in the first 1024 bytes, and content
// sniffing (golang.org/x/net/html/charset implements the WHATWG algorithm);
// a page that is not UTF-8 and declares nothing there is read by a
// <meta charset> later in its head (see lateCharset).
func decode(raw []byte, contentType string) (string, error) {
	b, err := decodeBytes(raw, contentType)
	return string(b), err
}

// decodeBytes is decode without the copy into a string: valid UTF-8 comes
// back as raw itself (less a BOM), so the caller must not modify raw while
// it uses the result.
func decodeBytes(raw []byte, contentType string) ([]byte, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	valid := -1 // utf8.Valid(raw), computed once when needed
	isValid := func() bool {
		if valid < 0 {
			valid = 0
			if utf8.Valid(raw) {
				valid = 1
			}
		}
		return valid == 1
	}
	if !certain && name == "windows-1252" && !isValid() {
		// WHATWG's default, after nothing in the first kilobyte.
		if e, n := lateCharset(raw); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" || enc == nil || !certain && isValid() {
		// Uncertain guesses (windows-1252 by default) lose to valid UTF-8:
		// many pages declare their charset after the first kilobyte.
		if isValid() {
			return raw, nil
		}
		// Declared UTF-8 but isn't: keep what decodes, replace the rest.
		return bytes.ToValidUTF8(raw, []byte("\uFFFD")), nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if err != nil {
		return nil, fmt.Errorf("extract: decode %s: %w", name, err)
	}
	return out, nil
}

// reMetaCharset finds a charset declared by a <meta>, as charset="…" or in
// http-equiv's content="text/html; charset=…".
var reMetaCharset = lazyCompile(`(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// reHeadEnd is the end of the head, in any case.
var reHeadEnd = lazyCompile(`(?i)</head`)

// lateCharsetScan bounds the search for a late declaration.
const lateCharsetScan = 64 << 10

// lateCharset is the encoding a <meta> declares in the head past the
// first kilobyte, where the WHATWG prescan stops: archived pages (the
// Wayback Machine's banner and scripts come first) and pages that open
// with long scripts or styles declare it there, and browsers still honour
// it (they decode again). nil: none, or a label no encoding has.
func lateCharset(raw []byte) (encoding.Encoding, string) {
	head := raw[:min(len(raw), lateCharsetScan)]
	if loc := reHeadEnd.FindIndex(head); loc != nil {
		head = head[:loc[0]]
	}
	m := reMetaCharset.FindSubmatch(head)
	if m == nil {
		return nil, ""
	}
	return charset.Lookup(string(m[1]))
}
