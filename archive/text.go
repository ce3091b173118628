package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Text returns the clean text of version n (0 = latest) of the page, as
// Version's Record.Text, without decoding the rest of the record: search
// snippets need only the text, and the record's other fields (its
// markdown as long again) were most of a read's cost.
func (a *Archive) Text(ctx context.Context, url string, n int) (string, error) {
	var text string
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		if n, err = pickVersion(pr, n); err != nil {
			return err
		}
		vr, err := getVersion(tx, pr.ID, n)
		if err != nil {
			return err
		}
		buf := articleBufs.Get().(*[]byte)
		defer putArticleBuf(buf)
		aj, sumErr, err := storedArticle(tx, pr.ID, n, vr, *buf)
		if cap(aj) > cap(*buf) {
			*buf = aj
		}
		if sumErr != nil {
			return sumErr
		}
		if err != nil {
			return err
		}
		if text, err = articleText(aj); err != nil {
			return fmt.Errorf("%w: article of version %d of page %d: %v", ErrCorrupt, n, pr.ID, err)
		}
		return nil
	})
	return text, err
}

// articleBufs are the buffers Text decompresses articles into: a search
// reads the text of each hit it shows, and a new buffer for each
// article (its markdown, as long again as the text, included) was a
// fifth of what a search allocated.
var articleBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledArticle bounds the buffers kept: a rare huge article should
// not stay in memory for good.
const maxPooledArticle = 1 << 20

func putArticleBuf(buf *[]byte) {
	if cap(*buf) <= maxPooledArticle {
		articleBufs.Put(buf)
	}
}

// articleText reads the "text" member of an article's JSON. It finds the
// member by hand, skipping strings by their quotes, and decodes only its
// value: encoding/json scans every byte of the record (its markdown as
// long as the text) at a tenth of the speed. The record passed its
// checksum, so what is around the text is not validated.
func articleText(aj []byte) (string, error) {
	i := skipSpace(aj, 0)
	if i >= len(aj) || aj[i] != '{' {
		return "", errors.New("not a JSON object")
	}
	depth := 0
	for i < len(aj) {
		switch aj[i] {
		case '"':
			end := stringEnd(aj, i)
			if end < 0 {
				return "", errTruncated
			}
			colon := skipSpace(aj, end)
			if depth == 1 && colon < len(aj) && aj[colon] == ':' && string(aj[i:end]) == `"text"` {
				v := skipSpace(aj, colon+1)
				switch {
				case bytes.HasPrefix(aj[v:], []byte("null")):
					return "", nil
				case v < len(aj) && aj[v] == '"':
					ve := stringEnd(aj, v)
					if ve < 0 {
						return "", errTruncated
					}
					return unquote(aj[v:ve])
				}
				return "", errors.New("text is not a string")
			}
			i = end
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return "", nil // no text member
			}
		}
		i++
	}
	return "", errTruncated
}

var errTruncated = errors.New("truncated JSON")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the closing quote of the JSON string
// opening at b[i], -1 if it does not close.
func stringEnd(b []byte, i int) int {
	for j := i + 1; ; {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		n := 0 // backslashes before the quote: an odd count escapes it
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}

// unquote decodes the JSON string q (quotes included) as encoding/json
// does, into one allocation the size of q: encoding/json copies it twice
// (an unescaped buffer, then the string). What encoding/json's Marshal
// never writes (a control character, a byte that is not UTF-8, an
// unknown escape) goes to encoding/json, for its answer and its error.
func unquote(q []byte) (string, error) {
	s := q[1 : len(q)-1]
	if !utf8.Valid(s) {
		return unquoteJSON(q)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := i + plainRun(s[i:])
		b.Write(s[i:j])
		if i = j; i == len(s) {
			break
		}
		if s[i] != '\\' || i+1 == len(s) {
			return unquoteJSON(q)
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(s[i+2:])
			if r < 0 {
				return unquoteJSON(q)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A pair, or U+FFFD for a lone half (the next escape is
				// then read on its own).
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if r2 := hex4(s[i+2:]); r2 >= 0 {
						if d := utf16.DecodeRune(r, r2); d != unicode.ReplacementChar {
							r = d
							i += 6
						}
					}
				}
				if utf16.IsSurrogate(r) {
					r = unicode.ReplacementChar
				}
			}
			b.WriteRune(r)
			continue
		default:
			return unquoteJSON(q)
		}
		i += 2
	}
	return b.String(), nil
}

// plainRun is the length of the run of bytes starting s that a JSON
// string holds as they are: no backslash, no control character. It tests
// eight bytes at a time: a search's snippets unquote their hits' texts,
// up to 90 KB each, and a byte at a time that was a third of the read.
func plainRun(s []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(s[i:])
		bs := x ^ ('\\' * ones) // a zero byte where s has a backslash
		// Nonzero where a byte of bs is zero or a byte of x is below ' '.
		if ((bs-ones)&^bs|(x-' '*ones)&^x)&highs != 0 {
			break
		}
	}
	for i < len(s) && s[i] != '\\' && s[i] >= ' ' {
		i++
	}
	return i
}

// hex4 is the rune of the four hex digits starting s, -1 if they are not.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

func unquoteJSON(q []byte) (string, error) {
	var text string
	err := json.Unmarshal(q, &text)
	return text, err
}
