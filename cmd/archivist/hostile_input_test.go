package main

// Hostile text and bad local input through the real binary (issue 6):
// escape sequences and bidi overrides in a crawled page must not reach the
// terminal raw; a broken sources file names its line; a file that is not an
// archive gives a clear error and is left untouched.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/internal/termsafe"
)

// hostileTitle carries a window-title OSC, a screen clear, a colour, a
// bidi override and a C1 CSI.
const hostileTitle = "Policy \x1b]0;owned\x07brief \x1b[2J\x1b[31mon trade\u202e\u009b1m today"

func TestHostileTextNeverReachesTerminalRaw(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	p := "/2025/06/escape-laden-article-on-trade"
	body := testsite.ArticleHTML(hostileTitle, "Eve \x1b[8mHidden", "2025-06-01", 5, 350, 0)
	body = strings.Replace(body, "<p>", "<p>Escapes \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ and \x1b[1A\x1b[2K overwrite \u202egnp.exe ", 1)
	h.HTML(p, body)
	h.HTML("/", testsite.HubHTML("Home", p))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if res := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/"); res.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	html := filepath.Join(dir, "page.html")
	if err := os.WriteFile(html, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	u := h.URL + p
	var raw []string
	for _, args := range [][]string{
		{"show", "--archive", db, u},
		{"show", "--archive", db, "-f", "markdown", u},
		{"history", "--archive", db, u},
		{"search", "--archive", db, "trade"},
		{"copies", "--archive", db, u},
		{"crawls", "--archive", db},
		{"extract", "--url", u, html},
		{"extract", "-f", "markdown", "--url", u, html},
	} {
		res := runBinary(t, dir, nil, args...)
		if res.Code != 0 && res.Code != 1 {
			t.Errorf("%v: exit %d\n%s", args, res.Code, res.Stderr)
			continue
		}
		for name, out := range map[string]string{"stdout": res.Stdout, "stderr": res.Stderr} {
			if !termsafe.Safe(out) {
				i := strings.IndexFunc(out, func(r rune) bool { return !termsafe.Safe(string(r)) })
				raw = append(raw, fmt.Sprintf("%s %s: …%s…", args[0], name, termsafe.Line(out[max(i-20, 0):min(max(i, 0)+30, len(out))])))
			}
		}
	}
	if len(raw) > 0 {
		t.Errorf("text from the web reaches the terminal raw (every print site must pass it through internal/termsafe). Seen (escaped):\n%s", strings.Join(raw, "\n"))
	}
}

func TestBrokenConfigNamesTheLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	cases := map[string]struct{ data, want string }{
		"syntax":      {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"\nmax_depth = 2\n", ":4"},
		"unknown-key": {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\ncolour = \"blue\"\n", ":4"},
		"bad-regexp":  {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\nallow = ['(']\n", ":4"},
		"bad-delay":   {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\n\ndelay = \"soon\"\n", ":5"},
		"not-toml":    {"\xff\xfe\x00garbage", "sources.toml"},
		// The key's own table, not the first line with that name: a
		// [push] name was put on the source's name line.
		"unknown-key-in-push": {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\n\n[push]\nurl = \"postgres://u@h/d\"\nname = \"team\"\n", ":7"},
		"second-source":       {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\n[[source]]\nname = \"b\"\nseeds = [\"https://y.org/\"]\n  \"max_pagse\" = 3\n", ":7"},
		"port-out-of-range":   {"[[source]]\nname = \"a\"\n\nseeds = [\"https://x.example:99999/\"]\n", ":4"},
		"user-agent-newline":  {"user_agent = \"me\\nX-Evil: 1\"\n[[source]]\nname = \"a\"\nseeds = [\"https://x.example/\"]\n", ":1"},
		"unknown-subtable":    {"[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\n[source.extra]\nx = 1\n", ":4"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := filepath.Join(dir, "sources.toml")
			if err := os.WriteFile(cfg, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, name+".db")
			res := runBinary(t, dir, nil, "crawl", "--archive", db, "--config", cfg)
			if res.Code == 0 || !strings.Contains(res.Stderr, "sources.toml"+strings.TrimPrefix(c.want, "sources.toml")) {
				t.Errorf("exit %d, stderr %q: want a message naming %q", res.Code, res.Stderr, "sources.toml"+strings.TrimPrefix(c.want, "sources.toml"))
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("a broken config still created the archive %s", db)
			}
		})
	}
}

func TestNotAnArchiveIsLeftAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"text.db":      []byte("this is a shopping list, not an archive\n"),
		"truncated.db": bytes.Repeat([]byte{0}, 4096),
		"html.db":      []byte("<!doctype html><html><body>hello</body></html>"),
	} {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(dir, name)
			if err := os.WriteFile(db, content, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"verify", "--archive", db},
				{"stats", "--archive", db},
				{"show", "--archive", db, "https://x.org/a"},
				{"export", "--archive", db},
				{"crawl", "--archive", db, "--allow-private", "http://127.0.0.1:1/"},
			} {
				res := runBinary(t, dir, nil, args...)
				if res.Code != 1 && res.Code != 2 {
					t.Errorf("%v: exit %d, want a failure\n%s%s", args, res.Code, res.Stdout, res.Stderr)
				}
				if strings.Contains(res.Stderr, "panic") || strings.Count(strings.TrimSpace(res.Stderr), "\n") > 3 || !strings.Contains(res.Stderr, name) {
					t.Errorf("%v: unclear error (want one message naming the file): %q", args, res.Stderr)
				}
				got, err := os.ReadFile(db)
				if err != nil || !bytes.Equal(got, content) {
					t.Fatalf("%v modified the file that is not an archive (%d -> %d bytes, %v)", args, len(content), len(got), err)
				}
			}
		})
	}
}
