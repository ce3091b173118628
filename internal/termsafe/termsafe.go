package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// escMarker stands in for a whole escape sequence: visible, and with no
// ESC byte left for the terminal to act on.
const escMarker = "␛"

// String returns s with terminal control and escape sequences, bidi
// controls and invalid UTF-8 neutralised; '\n' and '\t' are kept.
func String(s string) string { return clean(s, false) }

// Line is String that also neutralises '\n' and '\t', for one-line fields
// (titles, table cells, log-style listings).
func Line(s string) string { return clean(s, true) }

// Bytes is String for a byte slice; it always returns a new slice.
func Bytes(b []byte) []byte { return []byte(clean(string(b), false)) }

// Safe reports whether s would be printed unchanged by String.
func Safe(s string) bool { return firstUnsafe(s, false) < 0 }

func firstUnsafe(s string, oneLine bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if unsafeASCII(c, oneLine) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

func unsafeASCII(c byte, oneLine bool) bool {
	if c == '\n' || c == '\t' {
		return oneLine
	}
	return c < 0x20 || c == 0x7f
}

// unsafeRune: C1 controls and the characters that reorder or break the
// displayed text.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func clean(s string, oneLine bool) string {
	i := firstUnsafe(s, oneLine)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1b:
				n := escLen(s[i:])
				b.WriteString(escMarker)
				b.WriteString(visible(s[i+1 : i+n]))
				i += n
			case c == '\n' && oneLine:
				b.WriteString(`\n`)
				i++
			case c == '\t' && oneLine:
				b.WriteString(`\t`)
				i++
			case unsafeASCII(c, oneLine):
				fmt.Fprintf(&b, `\x%02x`, c)
				i++
			default:
				b.WriteByte(c)
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98:
			// C1 CSI/OSC/DCS/PM/APC/SOS: 8-bit forms of the ESC sequences;
			// swallow their parameters like the 7-bit forms.
			n := c1Len(s[i+size:], r)
			fmt.Fprintf(&b, `\u%04x`, r)
			b.WriteString(visible(s[i+size : i+size+n]))
			i += n
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// visible renders the body of a removed sequence as plain printable ASCII
// (so "ESC[31m" shows as "␛[31m"), bounded so a huge OSC payload does not
// flood the screen.
func visible(p string) string {
	const max = 32
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		if c := p[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// escLen is the length of the escape sequence starting at s[0] == ESC:
// CSI up to its final byte, string sequences (OSC, DCS, SOS, PM, APC) up
// to BEL or ST, other escapes two bytes. An unterminated sequence runs to
// the end of a line at most, so one stray ESC cannot swallow a document.
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringSeqLen(s[2:])
	}
	if s[1] < 0x20 || s[1] >= 0x7f {
		return 1 // ESC followed by a control or non-ASCII: drop the ESC only
	}
	return 2
}

// csiLen: parameter and intermediate bytes (0x20–0x3f) then a final byte
// (0x40–0x7e). Anything else ends the sequence without being consumed.
func csiLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return len(s)
}

// stringSeqLen: up to and including BEL, ESC \ or the 8-bit ST (U+009C);
// an unterminated one stops before the next newline.
func stringSeqLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // another sequence starts: handled by the caller
		case '\n':
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(s)
}

func c1Len(s string, r rune) int {
	if r == 0x9b {
		return csiLen(s)
	}
	return stringSeqLen(s)
}
