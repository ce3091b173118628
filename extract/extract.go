package extract

import (
	"errors"
)

// Errors callers can branch on.
var (
	// ErrTooLarge is returned when the input exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("extract: page too large")
	// ErrNotHTML is returned when the input does not look like HTML at all.
	ErrNotHTML = errors.New("extract: not HTML")
)

// DefaultMaxBytes is the input limit when Options.MaxBytes is zero.
const DefaultMaxBytes = 16 << 20

// Options tune extraction. The zero value (or nil) is the default.
type Options struct {
	// ContentType is the HTTP Content-Type header, used for charset
	// detection. "" means sniff (BOM, <meta charset>, content).
	ContentType string
	// KeepCaptions keeps image captions and credits in the text.
	KeepCaptions bool
	// MaxBytes limits the input size; 0 means DefaultMaxBytes, <0 no limit.
	MaxBytes int
}

// FromHTML extracts the article from one page's raw bytes. pageURL is the
// page's URL (used to resolve links and for URL-based heuristics); it may be
// "". FromHTML is pure and safe for concurrent use.
func FromHTML(html []byte, pageURL string, opts *Options) (*Article, error) {
	return fromHTML(html, pageURL, opts)
}
