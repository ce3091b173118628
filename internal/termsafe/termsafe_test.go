package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Trade policy in 2025: a review", "Trade policy in 2025: a review"},
		{"unicode kept", "Économie — 経済 🇪🇺 ‍👩‍🔬", "Économie — 経済 🇪🇺 ‍👩‍🔬"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"csi colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"csi clear screen", "x\x1b[2J\x1b[Hy", "x␛[2J␛[Hy"},
		{"osc title bel", "\x1b]0;pwned\x07after", "␛]0;pwned?after"},
		{"osc 8 hyperlink st", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "␛]8;;http://evil?\\click␛]8;;?\\"},
		{"unterminated osc stops at newline", "\x1b]2;title\nnext", "␛]2;title\nnext"},
		{"dcs", "\x1bPq#0;2;0;0;0\x1b\\x", "␛Pq#0;2;0;0;0?\\x"},
		{"two-byte esc", "a\x1bcb", "a␛cb"},
		{"lone esc at end", "end\x1b", "end␛"},
		{"esc then control", "\x1b\x07", "␛\\x07"},
		{"bell backspace cr nul del", "a\x07b\x08c\rd\x00e\x7f", `a\x07b\x08c\x0dd\x00e\x7f`},
		{"c1 csi", "a\u009b31mb", `a\u009b31mb`},
		{"c1 other", "a\u0085b", `a\u0085b`},
		{"bidi override", "abc\u202Etxt.exe", `abc\u202etxt.exe`},
		{"bidi isolates and marks", "\u2066x\u2069\u200e\u200f\u061c", `\u2066x\u2069\u200e\u200f\u061c`},
		{"line separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := String(c.in)
			if got != c.want {
				t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
			}
			checkSafe(t, got, false)
			if String(got) != got {
				t.Errorf("not idempotent: %q -> %q", got, String(got))
			}
		})
	}
}

func TestLine(t *testing.T) {
	if got := Line("a\nb\tc\x1b[1m"); got != `a\nb\tc␛[1m` {
		t.Errorf("Line = %q", got)
	}
	checkSafe(t, Line("x\n\r\ty"), true)
}

func TestBytes(t *testing.T) {
	in := []byte("ok\x1b[Aup")
	out := Bytes(in)
	if string(out) != "ok␛[Aup" || string(in) != "ok\x1b[Aup" {
		t.Errorf("Bytes = %q (input %q)", out, in)
	}
}

func TestSafeNoAlloc(t *testing.T) {
	s := strings.Repeat("plain text, nothing to see. ", 100)
	if !Safe(s) || Safe("\x1b[0m") {
		t.Fatal("Safe wrong")
	}
	if n := testing.AllocsPerRun(100, func() { _ = String(s) }); n != 0 {
		t.Errorf("String allocates on safe input: %v", n)
	}
}

func TestLongOSCBounded(t *testing.T) {
	in := "\x1b]0;" + strings.Repeat("A", 1<<20) + "\x07tail"
	got := String(in)
	if len(got) > 100 || !strings.HasSuffix(got, "tail") {
		t.Errorf("long OSC rendered as %d bytes: %.60q", len(got), got)
	}
}

// checkSafe asserts the guarantees in doc.go on an output.
func checkSafe(t testing.TB, s string, oneLine bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in output %q", s)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			if oneLine {
				t.Fatalf("newline/tab in Line output %q", s)
			}
			continue
		}
		if r < 0x20 || r == 0x7f || unsafeRune(r) {
			t.Fatalf("unsafe rune %U in output %q", r, s)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\x1b[31mred", "\x1b]0;t\x07", "\x1b]8;;u\x1b\\l", "\u202e", "\u009b1m", "\xff\xfe",
		"\x1bP", "\x1b[", "\x1b]", "a\u2028b", "\x1b\x1b[1m", "\u009d0;x\u009c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		checkSafe(t, out, false)
		if String(out) != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, String(out))
		}
		if Safe(s) != (out == s) {
			t.Fatalf("Safe(%q)=%v but String changed=%v", s, Safe(s), out != s)
		}
		checkSafe(t, Line(s), true)
	})
}
