package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

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
		aj, sumErr, err := storedArticle(tx, pr.ID, n, vr)
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
					var text string
					err := json.Unmarshal(aj[v:ve], &text)
					return text, err
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
