package archive

import (
	"encoding/json"
	"testing"
)

// FuzzUnquote: on any JSON string literal as articleText finds one (its
// closing quote the first unescaped one), unquote gives encoding/json's
// answer, or fails where it fails; plainRun stops where the byte-by-byte
// check does; articleText of an object holding that literal as its text
// gives the same, and no input panics.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{``, `abc`, `\/\b\f\n\r\t\"\\`, `\u00e9\u00E9`, `\uD83D\uDE00`, `\ud83d`, `\ude00x`,
		`\uD83D\u0041`, `\uDE00\uD83D`, `\u2028`, `\u0000`, `\uZZ12`, `\u12`, `\x`, "\x01", "\xff", "é日本",
		"0123456789abcdef\\n0123456789abcdé\x1f", "12345678\\", "1234567\x7f\x80\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		want := 0
		for want < len(s) && s[want] != '\\' && s[want] >= ' ' {
			want++
		}
		if got := plainRun(s); got != want {
			t.Fatalf("plainRun(%q) = %d, want %d", s, got, want)
		}
		q := append(append([]byte{'"'}, s...), '"')
		end := stringEnd(q, 0)
		if end < 0 {
			return // a trailing backslash escapes the last quote: articleText reports it truncated
		}
		q = q[:end]
		var wantText string
		wantErr := json.Unmarshal(q, &wantText)
		got, err := unquote(q)
		if (err != nil) != (wantErr != nil) || got != wantText {
			t.Fatalf("unquote(%s) = %q, %v; encoding/json %q, %v", q, got, err, wantText, wantErr)
		}
		aj := append(append([]byte(`{"url":"x","text":`), q...), '}')
		got, err = articleText(aj)
		if (err != nil) != (wantErr != nil) || got != wantText {
			t.Fatalf("articleText(%s) = %q, %v; encoding/json %q, %v", aj, got, err, wantText, wantErr)
		}
	})
}
