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
