package extract

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// decode turns raw bytes into UTF-8 text using, in order, the BOM, the
// Content-Type header, <meta charset> in the first 1024 bytes, and content
// sniffing (golang.org/x/net/html/charset implements the WHATWG algorithm).
func decode(raw []byte, contentType string) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	if name == "utf-8" || enc == nil || !certain && utf8.Valid(raw) {
		// Uncertain guesses (windows-1252 by default) lose to valid UTF-8:
		// many pages declare their charset after the first kilobyte.
		if utf8.Valid(raw) {
			return string(raw), nil
		}
		// Declared UTF-8 but isn't: keep what decodes, replace the rest.
		return string(bytes.ToValidUTF8(raw, []byte("\uFFFD"))), nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if err != nil {
		return "", fmt.Errorf("extract: decode %s: %w", name, err)
	}
	return string(out), nil
}
