package search

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// fingerprintBefore is fingerprint as it was written first (sort the
// shingles, then take the minima): the signatures kept in state.db were
// made by it, so fingerprint must give the same.
func fingerprintBefore(text string) ([NumHashes]uint16, int) {
	var sig [NumHashes]uint16
	var shingles, words []uint64
	var buf []byte
	flushPara := func() {
		switch {
		case len(words) == 0:
		case len(words) < ShingleWords:
			if len(words) >= 2 {
				shingles = append(shingles, shingleHash(words))
			}
		default:
			for i := 0; i+ShingleWords <= len(words); i++ {
				shingles = append(shingles, shingleHash(words[i:i+ShingleWords]))
			}
		}
		words = words[:0]
	}
	inWord := false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			inWord = true
			continue
		}
		if inWord {
			words = append(words, xxhash.Sum64(buf))
			buf, inWord = buf[:0], false
		}
		if r == '\n' {
			flushPara()
		}
	}
	if inWord {
		words = append(words, xxhash.Sum64(buf))
	}
	flushPara()
	slices.Sort(shingles)
	shingles = slices.Compact(shingles)
	var mins [NumHashes]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for _, x := range shingles {
		for i := range mins {
			if h := hashA[i]*x + hashB[i]; h < mins[i] {
				mins[i] = h
			}
		}
	}
	for i, m := range mins {
		sig[i] = uint16(m >> 24)
	}
	return sig, len(shingles)
}

func sameFingerprint(t *testing.T, text string) {
	t.Helper()
	sig, n := fingerprint(text)
	want, wantN := fingerprintBefore(text)
	if sig != want || n != wantN {
		t.Fatalf("fingerprint of %q: %d shingles, %v; want %d, %v", text, n, sig[:4], wantN, want[:4])
	}
}

func TestFingerprintAsBefore(t *testing.T) {
	alphabet := []rune("aBz09 .,'\n\n\t\u00e9\u00c9\u0130\u2019\u0416\u65e5\u0663\u00bd\u2160")
	rng := rand.New(rand.NewSource(2))
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		b.Reset()
		for j, n := 0, rng.Intn(400); j < n; j++ {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		s := b.String()
		if rng.Intn(10) == 0 {
			s += "\xff" + s[:rng.Intn(len(s)+1)]
		}
		sameFingerprint(t, s)
	}
	// Repeated paragraphs: shingles seen again, and a growing set.
	sameFingerprint(t, strings.Repeat("the same five words here\n", 50)+strings.Repeat("one two three four five six ", 3000))
	for _, p := range loadCorpus(t) {
		sameFingerprint(t, p.Art.Text)
	}
}

func BenchmarkFingerprint(b *testing.B) {
	pages := loadCorpus(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fingerprint(pages[i%len(pages)].Art.Text)
	}
}

func BenchmarkFingerprintBefore(b *testing.B) {
	pages := loadCorpus(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fingerprintBefore(pages[i%len(pages)].Art.Text)
	}
}
