package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/extract"

	bolt "go.etcd.io/bbolt"
)

// Text returns what Version's record holds as its text, for every
// version, and fails as Version does on an unknown page or a damaged
// article.
func TestText(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	u := "https://example.org/t"
	record(t, a, u, t0, "T", "The first text of t, long enough to keep.")
	r := record(t, a, u, t0.Add(48*3600e9), "T", "The second text of t: \"quoted\", ünïcode and\nlines.")
	for n := 0; n <= 2; n++ {
		rec, err := a.Version(ctx, u, n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Text(ctx, u, n)
		if err != nil || got != rec.Text || got == "" {
			t.Errorf("Text(%d) = %q, %v; Version's text %q", n, got, err, rec.Text)
		}
	}
	if _, err := a.Text(ctx, "https://example.org/none", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown page: %v, want ErrNotFound", err)
	}
	err := a.guardedUpdate(func(tx *bolt.Tx) error {
		b := tx.Bucket(bVArticle)
		k := tx.Bucket(bSeq).Get(u64(r.Seq))
		v := bytes.Clone(b.Get(k))
		v[len(v)-3] ^= 0x04
		return b.Put(k, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Text(ctx, u, 2); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged article: %v, want ErrCorrupt", err)
	}
	a.Close()
}

func TestArticleText(t *testing.T) {
	for in, want := range map[string]string{
		`{"url":"u","authors":["a","b"],"translations":{"fr":"x"},"text":"t\u00e9xt","markdown":"m"}`: "téxt",
		`{"url":"u","markdown":"m"}`:                 "",
		`{"text":null,"markdown":"m"}`:               "",
		`{"markdown":"m","text":"after"}`:            "after",
		`{"url":"u","text":"cut here","markdown":`:   "cut here", // stops at the text
		`{"translations":{"text":"x"},"text":"y"}`:   "y",        // a nested key is not the member
		`{"a\"text":"z","text":"y"}`:                 "y",
		`{"description":"a \"text\": b","text":"y"}`: "y",
		`{"d":"x\\","text":"y\\\"z"}`:                `y\"z`,
		`{ "text" : "spaced" }`:                      "spaced",
		`{"topics":["text"],"text":"y"}`:             "y",
	} {
		if got, err := articleText([]byte(in)); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`[]`, ``, `{"url":`, `{"text":5}`, `{"text":"open`, `{"url":"u","text":"bad \x"}`} {
		if _, err := articleText([]byte(in)); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// articleText agrees with encoding/json on records of random strings
// (quotes, backslashes, control characters, any rune).
func TestArticleTextMatchesJSON(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	str := func() string {
		pieces := []string{`"`, `\`, `\"`, "text", `"text":`, "\n", "\x00", "é", "\u2028", "{", "}", "[", ":", ",", " ", "abc", "\xff"}
		var b strings.Builder
		for n := rnd.IntN(12); n > 0; n-- {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		return b.String()
	}
	for i := 0; i < 2000; i++ {
		a := extract.Article{URL: str(), Title: str(), Authors: []string{str()}, Description: str(), Topics: []string{str(), str()},
			Translations: map[string]string{str(): str(), "text": str()}, Text: str(), Markdown: str()}
		aj, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var want extract.Article
		if err := json.Unmarshal(aj, &want); err != nil {
			t.Fatal(err)
		}
		if got, err := articleText(aj); err != nil || got != want.Text {
			t.Fatalf("%s: %q, %v; want %q", aj, got, err, want.Text)
		}
	}
}

// unquote agrees with encoding/json, answer and failure, on string
// literals of the escapes Marshal never writes (\/, \b, \f, upper-case
// hex, surrogate pairs and lone halves) mixed with raw bytes it rejects.
func TestUnquoteMatchesJSON(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	pieces := []string{`\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\"`, `\\`, `\u00e9`, `\u00E9`, `\uD83D\uDE00`, `\ud83d`, `\ude00`,
		`\uD83D\u0041`, `\uDE00\uD83D`, `\u2028`, `\u0000`, `\uZZ12`, `\u12`, `\x`, `\`, "\x01", "\xff", "é", "abc", " ", "日本"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		b.WriteByte('"')
		for n := rnd.IntN(8); n > 0; n-- {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		b.WriteByte('"')
		q := b.String()
		if stringEnd([]byte(q), 0) != len(q) {
			continue // a lone backslash closed it early: articleText never passes such
		}
		var want string
		wantErr := json.Unmarshal([]byte(q), &want)
		got, err := unquote([]byte(q))
		if (err != nil) != (wantErr != nil) || got != want {
			t.Fatalf("%s: %q, %v; encoding/json %q, %v", q, got, err, want, wantErr)
		}
	}
}

// plainRun, eight bytes at a time, stops where the byte-by-byte check
// does, at any offset of the first backslash or control byte among text,
// UTF-8 and bytes above 0x7f.
func TestPlainRun(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			b[i] = " aZ~é\x7f\xff\x80"[rnd.IntN(9)]
			if rnd.IntN(30) == 0 {
				b[i] = []byte{'\\', 0, '\n', 0x1f, '"', 0x20, 0x5b, 0x5d, 0xdc}[rnd.IntN(9)]
			}
		}
		want := 0
		for want < len(b) && b[want] != '\\' && b[want] >= ' ' {
			want++
		}
		if got := plainRun(b); got != want {
			t.Fatalf("plainRun(%q) = %d, want %d", b, got, want)
		}
	}
}
