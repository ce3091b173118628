package main

// The CLI contract (issue 16), tried on the real binary for every command:
// no arguments, extra arguments, bad flag values, a missing or empty
// archive, unwritable output. Each case asserts the exit status, the
// message, and that no file changed or appeared beyond what the case
// creates on purpose.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/search"
)

// cliCase is one run of the binary in a fresh copy of the contract
// fixture directory (see contractFixture).
type cliCase struct {
	args   []string
	stdin  string
	code   int
	stderr []string // substrings of stderr
	stdout []string // substrings of stdout
	// creates are the files the run must add (relative paths); nothing
	// else may appear, change or disappear...
	creates []string
	// ...except, for index, the search index beside an archive, which a
	// successful read brings up to date.
	index bool
	// jsonLines: stdout is JSON objects, one a line (--json).
	jsonLines bool
}

func (c cliCase) name() string { return strings.Join(c.args, " ") }

// linksPage is an index of publications: a list of links and nothing else.
func linksPage() string {
	var b strings.Builder
	b.WriteString("<html><head><title>All publications</title></head><body><h1>All publications</h1><ul>")
	for i := range 15 {
		fmt.Fprintf(&b, `<li><a href="/publications/report-%d">Report %d on water rights in the Sahel</a></li>`, i, i)
	}
	b.WriteString("</ul></body></html>\n")
	return b.String()
}

// contractFixture writes the files the cases refer to into dir:
//
//	good.db      an archive: think.example/a (3 versions, gone since),
//	             news.example/b; last seq 4
//	fresh.db     an archive with nothing in it
//	empty.toml   a zero-byte sources file; ua.toml one without [[source]]
//	empty.html   a zero-byte page; body.html an empty <body>
//	links.html   a page that is only a list of links (a hub)
//	afile        a regular file (so afile/x cannot be created, even by root)
//	outdir/      an empty directory
func contractFixture(t *testing.T, dir string) {
	t.Helper()
	if err := copyFile(readFixture(t), filepath.Join(dir, "good.db")); err != nil {
		t.Fatal(err)
	}
	a, err := archive.Open(filepath.Join(dir, "fresh.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"empty.toml": "",
		"ua.toml":    "user_agent = \"archivist-test\"\n",
		"empty.html": "",
		"body.html":  "<html><body></body></html>\n",
		"links.html": linksPage(),
		"afile":      "x",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "outdir"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return copyFile(p, filepath.Join(to, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot maps each file and directory under dir to its size, mode and
// content hash.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[rel+"/"] = fi.Mode().String()
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = fmt.Sprintf("%s %d %x", fi.Mode(), fi.Size(), sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkFiles reports what a run changed in dir beyond c.creates (and the
// index, when c.index).
func checkFiles(t *testing.T, c cliCase, before, after map[string]string) {
	t.Helper()
	allowed := func(p string) bool {
		if slices.Contains(c.creates, p) {
			return true
		}
		return c.index && strings.Contains(p, ".index")
	}
	for p, v := range after {
		if w, ok := before[p]; !ok && !allowed(p) {
			t.Errorf("%s: %s appeared", c.name(), p)
		} else if ok && w != v && !allowed(p) {
			t.Errorf("%s: %s changed", c.name(), p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok && !allowed(p) {
			t.Errorf("%s: %s disappeared", c.name(), p)
		}
	}
	for _, p := range c.creates {
		if _, ok := after[p]; !ok {
			t.Errorf("%s: %s was not created", c.name(), p)
		}
	}
}

const (
	pageA = "https://think.example/a"
	pageB = "https://news.example/b"
)

func contractCases() []cliCase {
	missing := func(cmd ...string) cliCase {
		return cliCase{args: append(cmd, "--archive", "missing.db"), code: 1,
			stderr: []string{"archivist " + cmd[0] + ": no archive at missing.db (crawl first"}}
	}
	cases := []cliCase{
		// The root.
		{args: nil, stdout: []string{"Exit status"}},
		{args: []string{"frobnicate"}, code: 2, stderr: []string{`archivist: unknown command "frobnicate"`, "Usage: archivist COMMAND [flags]"}},
		{args: []string{"serach", "x"}, code: 2, stderr: []string{`unknown command "serach" (did you mean search?)`}},

		// No arguments where some are needed.
		{args: []string{"show"}, code: 2, stderr: []string{"archivist show: missing URL", "Usage: archivist show URL [flags]"}},
		{args: []string{"history"}, code: 2, stderr: []string{"archivist history: missing URL"}},
		{args: []string{"diff"}, code: 2, stderr: []string{"archivist diff: missing URL [V1 [V2]]"}},
		{args: []string{"copies"}, code: 2, stderr: []string{"archivist copies: missing URL"}},
		{args: []string{"import"}, code: 2, stderr: []string{"archivist import: missing FILE.warc[.gz]..."}},
		{args: []string{"extract"}, code: 2, stderr: []string{"archivist extract: need at least one INPUT"}},
		{args: []string{"search"}, code: 2, stderr: []string{"archivist search: give a QUERY"}},
		{args: []string{"crawl"}, code: 2, stderr: []string{"archivist crawl: nothing to crawl"}},
		{args: []string{"serve"}, code: 2, stderr: []string{"archivist serve: serve needs --config"}},

		// Extra arguments.
		{args: []string{"stats", "extra-arg"}, code: 2, stderr: []string{`archivist stats: takes no arguments, got "extra-arg"`, "Usage: archivist stats [flags]"}},
		{args: []string{"crawls", "x"}, code: 2, stderr: []string{`archivist crawls: takes no arguments, got "x"`}},
		{args: []string{"export", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"verify", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"reextract", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"reindex", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"demo", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"serve", "x"}, code: 2, stderr: []string{"takes no arguments"}},
		{args: []string{"show", "a", "b"}, code: 2, stderr: []string{`archivist show: want URL, got 2 arguments: "a" "b"`}},
		{args: []string{"history", "a", "b"}, code: 2, stderr: []string{"archivist history: want URL, got 2 arguments"}},
		{args: []string{"diff", pageA, "1", "2", "3"}, code: 2, stderr: []string{"archivist diff: want URL [V1 [V2]], got 4 arguments"}},
		{args: []string{"copies", "a", "b"}, code: 2, stderr: []string{"want URL, got 2 arguments"}},

		// Bad flag values: exit 2 before anything is opened.
		{args: []string{"show", "--archive", "good.db", "--version", "0", pageA}, code: 2, stderr: []string{"--version 0: want 1 or more"}},
		{args: []string{"show", "--archive", "good.db", "--version", "-1", pageA}, code: 2, stderr: []string{"--version -1: want 1 or more"}},
		{args: []string{"show", "--archive", "missing.db", "--at", "yesterday", pageA}, code: 2, stderr: []string{`--at "yesterday": want a date`}},
		{args: []string{"show", "--archive", "good.db", "--format", "yaml", pageA}, code: 2, stderr: []string{`--format "yaml": want text, markdown, json or html`}},
		{args: []string{"show", "--archive", "good.db", "--version", "2", "--at", "2026-03-02", pageA}, code: 2, stderr: []string{"not both"}},
		{args: []string{"history", "--archive", "good.db", "--fetches", "-1", pageA}, code: 2, stderr: []string{"--fetches -1: want 0 or more"}},
		{args: []string{"diff", "--archive", "good.db", pageA, "x"}, code: 2, stderr: []string{`version "x": want 1 or more`}},
		{args: []string{"crawls", "--archive", "good.db", "-n", "0"}, code: 2, stderr: []string{"--limit 0: want 1 or more"}},
		{args: []string{"crawls", "--archive", "good.db", "-n", "-5"}, code: 2, stderr: []string{"--limit -5: want 1 or more"}},
		{args: []string{"search", "--archive", "good.db", "--limit", "0", "fox"}, code: 2, stderr: []string{"--limit 0: want 1..1000"}},
		{args: []string{"search", "--archive", "good.db", "--offset", "-1", "fox"}, code: 2, stderr: []string{"--offset -1: want 0 or more"}},
		{args: []string{"search", "--archive", "good.db", "--sort", "size", "fox"}, code: 2, stderr: []string{`--sort "size": want relevance or date`}},
		{args: []string{"search", "--archive", "good.db", "--since", "yesterday", "fox"}, code: 2, stderr: []string{`--since "yesterday": want a date`}},
		{args: []string{"export", "--archive", "good.db", "--format", "csv"}, code: 2, stderr: []string{`--format "csv": want jsonl or warc`}},
		{args: []string{"export", "--archive", "good.db", "--since", "soon"}, code: 2, stderr: []string{`--since "soon": want a date`}},
		{args: []string{"export", "--archive", "good.db", "--after-seq", "-1"}, code: 2, stderr: []string{"invalid argument"}},
		{args: []string{"extract", "--format", "yaml", "body.html"}, code: 2, stderr: []string{`--format "yaml": want text, markdown, json or jsonl`}},
		{args: []string{"extract", "--timeout", "0s", "body.html"}, code: 2, stderr: []string{"--timeout 0s: want more than 0"}},
		{args: []string{"extract", "--jobs", "-1", "body.html"}, code: 2, stderr: []string{"--jobs -1: want 0 or more"}},
		{args: []string{"reextract", "--archive", "good.db", "--jobs", "-1"}, code: 2, stderr: []string{"--jobs -1: want 0 or more"}},
		{args: []string{"reextract", "--archive", "good.db", "--wait", "-1s"}, code: 2, stderr: []string{"--wait -1s: want 0 or more"}},
		{args: []string{"crawl", "--archive", "new.db", "--quiet", "-v", "https://example.org/"}, code: 2, stderr: []string{"--quiet or --verbose"}},
		{args: []string{"crawl", "--archive", "new.db", "--delay", "soon", "https://example.org/"}, code: 2, stderr: []string{"invalid argument"}},
		{args: []string{"crawl", "--archive", "new.db", "ftp://example.org/"}, code: 2, stderr: []string{"http"}},
		// A request timeout of 0 or less meant the default, 30s, unsaid.
		{args: []string{"crawl", "--archive", "new.db", "--timeout", "0s", "https://example.org/"}, code: 2, stderr: []string{"--timeout 0s: want more than 0"}},
		{args: []string{"crawl", "--archive", "new.db", "--timeout", "-1s", "https://example.org/"}, code: 2, stderr: []string{"--timeout -1s: want more than 0"}},
		{args: []string{"serve", "--archive", "new.db", "--config", "empty.toml", "--timeout", "0s"}, code: 2, stderr: []string{"--timeout 0s: want more than 0"}},

		// Empty or source-less configs: errors, and no archive is created.
		{args: []string{"crawl", "--archive", "new.db", "--config", "empty.toml"}, code: 2, stderr: []string{"empty.toml has no [[source]] table"}},
		{args: []string{"crawl", "--archive", "new.db", "--config", "ua.toml"}, code: 2, stderr: []string{"ua.toml has no [[source]] table"}},
		// A sources file that cannot be read is a failure naming it, as a
		// missing archive is (README: 1); it exited 2, as a bad argument.
		{args: []string{"crawl", "--archive", "new.db", "--config", "nosuch.toml"}, code: 1, stderr: []string{"nosuch.toml: cannot read the sources file: no such file"}},
		{args: []string{"serve", "--archive", "new.db", "--config", "nosuch.toml"}, code: 1, stderr: []string{"nosuch.toml: cannot read the sources file: no such file"}},
		{args: []string{"push", "--archive", "new.db", "--config", "nosuch.toml"}, code: 1, stderr: []string{"nosuch.toml: cannot read the sources file: no such file"}},
		{args: []string{"serve", "--archive", "new.db", "--config", "empty.toml"}, code: 2, stderr: []string{"empty.toml has no [[source]] table"}},

		// Query syntax: usage errors pointing at the column.
		{args: []string{"search", "--archive", "good.db", "title:"}, code: 2, stderr: []string{"empty field `title:` at column 1", "  title:\n  ^\n", "Usage: archivist search"}},
		{args: []string{"search", "--archive", "good.db", "site:"}, code: 2, stderr: []string{"empty field `site:` at column 1"}},
		{args: []string{"search", "--archive", "good.db", "author:"}, code: 2, stderr: []string{"empty field `author:` at column 1"}},
		{args: []string{"search", "--archive", "good.db", "foo:water"}, code: 2, stderr: []string{"unknown field `foo:` at column 1"}},
		{args: []string{"search", "--archive", "good.db", "fox", "title:(quick"}, code: 2, stderr: []string{"unclosed ( at column 11"}},
		{args: []string{"search", "--archive", "good.db", "fox OR"}, code: 2, stderr: []string{"OR needs a term after it at column 5"}},
		// ... checked before the archive is opened.
		{args: []string{"search", "--archive", "missing.db", "title:"}, code: 2, stderr: []string{"empty field"}},
		// "-word" is a NOT term, not a flag; long flags stay flags.
		{args: []string{"search", "--archive", "good.db", "-fox"}, index: true, stdout: []string{pageB}},
		{args: []string{"search", "--archive", "good.db", "--", "-fox"}, index: true, stdout: []string{pageB}},
		{args: []string{"search", "--archive", "good.db", "--json", "title:(report updated)"}, index: true, stdout: []string{pageA}, jsonLines: true},
		// --json prints one object a line, for jq -c and line-based
		// tools: stats, verify and history printed theirs indented.
		{args: []string{"stats", "--archive", "good.db", "--json"}, stdout: []string{`"versions":`}, jsonLines: true},
		{args: []string{"verify", "--archive", "good.db", "--json"}, stdout: []string{`"pages":`}, jsonLines: true},
		{args: []string{"history", "--archive", "good.db", "--json", pageA}, stdout: []string{pageA}, jsonLines: true},
		{args: []string{"crawls", "--archive", "good.db", "--json"}, jsonLines: true},
		{args: []string{"search", "--archive", "good.db", "--nosuch", "fox"}, code: 2, stderr: []string{"unknown flag: --nosuch"}},

		// A missing archive: one wording, and nothing created (no
		// archive, no index).
		missing("show", pageA), missing("history", pageA), missing("diff", pageA), missing("copies", pageA),
		missing("search", "fox"), missing("export"), missing("stats"), missing("verify"), missing("crawls"),
		missing("reindex"), missing("reextract"),
		{args: []string{"stats"}, code: 1, stderr: []string{"no archive at archivist.db"}},

		// --archive naming a directory: one wording for readers and
		// writers (writers said "archive outdir: open outdir: is a
		// directory").
		{args: []string{"stats", "--archive", "outdir"}, code: 1, stderr: []string{"archivist stats: outdir is a directory, not an archivist archive (check --archive: give the archive's file"}},
		{args: []string{"reextract", "--archive", "outdir"}, code: 1, stderr: []string{"archivist reextract: outdir is a directory, not an archivist archive"}},
		{args: []string{"crawl", "--archive", "outdir", "https://example.org/"}, code: 1, stderr: []string{"archivist crawl: outdir is a directory, not an archivist archive"}},

		// An empty archive.
		{args: []string{"stats", "--archive", "fresh.db"}, stdout: []string{"pages:        0"}},
		{args: []string{"crawls", "--archive", "fresh.db"}, stdout: []string{"no crawl runs yet"}},
		{args: []string{"crawls", "--archive", "fresh.db", "--source", "nosuch"}, code: 1, stderr: []string{`no runs of source "nosuch": fresh.db has no crawl runs yet`}},
		{args: []string{"show", "--archive", "fresh.db", pageA}, code: 1, stderr: []string{"archivist show: no page " + pageA + " in the archive"}},
		{args: []string{"history", "--archive", "fresh.db", pageA}, code: 1, stderr: []string{"no page"}},
		{args: []string{"diff", "--archive", "fresh.db", pageA}, code: 1, stderr: []string{"no page"}},
		{args: []string{"copies", "--archive", "fresh.db", pageA}, code: 1, stderr: []string{"archivist copies: no page " + pageA + " in the archive"}, index: true},
		{args: []string{"export", "--archive", "fresh.db", "--after-seq", "5"}, code: 1, stderr: []string{"--after-seq 5 is beyond the last seq of fresh.db (0)"}},
		{args: []string{"search", "--archive", "fresh.db", "fox"}, index: true, stdout: []string{"no results"}},

		// Found, not found, and the --at message.
		{args: []string{"show", "--archive", "good.db", "--version", "9", pageA}, code: 1, stderr: []string{"version 9"}},
		{args: []string{"show", "--archive", "good.db", "--at", "2026-01-01", pageA}, code: 1,
			stderr: []string{"has no version as of 2026-01-01: its first was seen at 2026-03-01T12:00:00Z (try --at 2026-03-01"}},
		{args: []string{"show", "--archive", "good.db", "--at", "2026-03-01T11:59:59Z", pageA}, code: 1, stderr: []string{"try --at 2026-03-01T12:00:01Z"}},
		{args: []string{"crawls", "--archive", "good.db", "--source", "nosuch"}, code: 1, stderr: []string{`no runs of source "nosuch"`}},
		{args: []string{"stats", "--archive", "good.db"}, stdout: []string{"raw pages:", "stored:", "plus articles and metadata"}},
		{args: []string{"export", "--archive", "good.db", "--after-seq", "3"}, stdout: []string{pageA},
			stderr: []string{"exported 1 article; last seq 4 (next time: --after-seq 4)"}},
		{args: []string{"export", "--archive", "good.db", "--since", "2099-01-01"},
			stderr: []string{"exported 0 articles; last seq 4 (next time with the same filters: --after-seq 4)"}},
		{args: []string{"export", "--archive", "good.db", "--after-seq", "100"}, code: 1, stderr: []string{"--after-seq 100 is beyond the last seq of good.db (4)"}},

		// Output files: the target or nothing.
		{args: []string{"export", "--archive", "good.db", "-o", "outdir"}, code: 2, stderr: []string{"-o outdir: is a directory"}},
		{args: []string{"export", "--archive", "good.db", "--format", "warc", "-o", "outdir"}, code: 2, stderr: []string{"-o outdir: is a directory"}},
		{args: []string{"export", "--archive", "good.db", "-o", "afile/x.jsonl"}, code: 1, stderr: []string{"cannot write afile/x.jsonl"}},
		{args: []string{"export", "--archive", "missing.db", "-o", "x.jsonl"}, code: 1, stderr: []string{"no archive at missing.db"}},
		{args: []string{"export", "--archive", "good.db", "-o", "x.jsonl"}, creates: []string{"x.jsonl"}, stderr: []string{"exported 2 articles to x.jsonl"}},
		{args: []string{"export", "--archive", "good.db", "-o", "outdir/x.jsonl.gz"}, creates: []string{"outdir/x.jsonl.gz"}},
		{args: []string{"export", "--archive", "good.db", "--format", "warc", "-o", "all.warc"}, creates: []string{"all.warc"}, stderr: []string{"exported 2 WARC records to all.warc"}},
		{args: []string{"export", "--archive", "good.db", "--format", "warc", "-o", "all.warc.gz"}, creates: []string{"all.warc.gz"}},
		{args: []string{"export", "--archive", "good.db", "--format", "warc"}, stdout: []string{"WARC/1.1\r\nWARC-Type: warcinfo"}},
		{args: []string{"crawl", "--archive", "new.db", "--warc", "outdir", "https://example.org/"}, code: 2, stderr: []string{"--warc outdir: is a directory"}},
		{args: []string{"crawl", "--archive", "new.db", "--warc", "afile/x.warc", "https://example.org/"}, code: 1, stderr: []string{"--warc: cannot write afile/x.warc"}},
		{args: []string{"crawl", "--archive", "afile/x.db", "https://example.org/"}, code: 1, stderr: []string{"afile/x.db"}},
		{args: []string{"crawl", "--archive", "afile/x.db", "--warc", "w.warc", "https://example.org/"}, code: 1, stderr: []string{"afile/x.db"}},
		{args: []string{"import", "--archive", "new.db", "nosuch.warc"}, code: 1, stderr: []string{"nosuch.warc"}},

		// demo only rebuilds what an earlier demo made.
		{args: []string{"demo", "--archive", "good.db"}, code: 1, stderr: []string{"good.db holds more than an earlier demo's crawl"}},

		// Empty extractions fail, in the crawler's words.
		{args: []string{"extract", "empty.html"}, code: 1, stderr: []string{"archivist extract: empty.html: empty extraction: the input is empty"}},
		{args: []string{"extract", "-"}, code: 1, stderr: []string{"archivist extract: -: empty extraction: the input is empty"}},
		{args: []string{"extract", "body.html"}, code: 1, stderr: []string{"archivist extract: body.html: empty extraction: no article text found"}},
		{args: []string{"extract", "-f", "jsonl", "body.html"}, code: 1, stdout: []string{`"error":"empty extraction: no article text found"`}},
		// A page that is only a list of links has no article text either,
		// but it is a hub, as a crawl counts it: printed, not failed.
		{args: []string{"extract", "--url", "https://think.example/all.html", "links.html"}, stdout: []string{"All publications", "Kind: hub"}},
		{args: []string{"extract", "-f", "jsonl", "--url", "https://think.example/all.html", "links.html"}, stdout: []string{`"kind":"hub"`}},
	}
	// Every command, whatever its arguments: an unknown flag is a usage
	// error naming the command, and --help lists the exit codes.
	for _, c := range newRootCommand().Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		cases = append(cases,
			cliCase{args: []string{c.Name(), "--no-such-flag"}, code: 2,
				stderr: []string{"archivist " + c.Name() + ": unknown flag: --no-such-flag", "Usage: archivist " + c.Name()}},
			cliCase{args: []string{c.Name(), "--help"}, stdout: []string{"Exit status"}})
	}
	return cases
}

func TestCLIContract(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	archivistBinary(t)
	tmpl := t.TempDir()
	contractFixture(t, tmpl)
	for _, c := range contractCases() {
		t.Run(c.name(), func(t *testing.T) {
			t.Parallel() // each case has its own directory
			dir := t.TempDir()
			copyTree(t, tmpl, dir)
			before := snapshot(t, dir)
			res := runBinary(t, dir, strings.NewReader(c.stdin), c.args...)
			if res.Code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", res.Code, c.code, res.Stdout, res.Stderr)
			}
			for _, want := range c.stderr {
				if !strings.Contains(res.Stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, res.Stderr)
				}
			}
			for _, want := range c.stdout {
				if !strings.Contains(res.Stdout, want) {
					t.Errorf("stdout lacks %q:\n%.2000s", want, res.Stdout)
				}
			}
			if c.jsonLines {
				for i, line := range strings.Split(strings.TrimSuffix(res.Stdout, "\n"), "\n") {
					var obj map[string]any
					if err := json.Unmarshal([]byte(line), &obj); err != nil && res.Stdout != "" {
						t.Errorf("stdout line %d is not a JSON object (%v): %.200s", i+1, err, line)
					}
				}
			}
			if c.code == exitUsage && !strings.Contains(res.Stderr, "\nUsage: archivist") {
				t.Errorf("usage error without the usage line:\n%s", res.Stderr)
			}
			if c.code != 0 && !strings.HasPrefix(res.Stderr, "archivist") {
				t.Errorf("message does not start with the program's name:\n%s", res.Stderr)
			}
			if strings.Contains(res.Stderr, "panic") || strings.Contains(res.Stderr, "goroutine ") {
				t.Errorf("panic:\n%s", res.Stderr)
			}
			checkFiles(t, c, before, snapshot(t, dir))
		})
	}
}

// A written file is the complete output: plain or gzip by its name, and
// with the same lines as standard output.
func TestExportFileFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	contractFixture(t, dir)
	toStdout := runBinary(t, dir, nil, "export", "--archive", "good.db", "--all-versions")
	if toStdout.Code != 0 {
		t.Fatalf("export: %+v", toStdout)
	}
	for _, name := range []string{"x.jsonl", "x.jsonl.gz", "x.warc", "x.warc.gz"} {
		args := []string{"export", "--archive", "good.db", "--all-versions", "-o", name}
		if strings.Contains(name, "warc") {
			args = append(args, "--format", "warc")
		}
		if res := runBinary(t, dir, nil, args...); res.Code != 0 {
			t.Fatalf("%v: %+v", args, res)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		gz := len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b
		if gz != strings.HasSuffix(name, ".gz") {
			t.Errorf("%s: gzip %v", name, gz)
		}
		if name == "x.jsonl" && string(b) != toStdout.Stdout {
			t.Errorf("x.jsonl differs from standard output")
		}
		if fi, _ := os.Stat(filepath.Join(dir, name)); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want an ordinary file's 0644", name, fi.Mode().Perm())
		}
	}
	// Import reads back what export wrote, whichever compression.
	for _, name := range []string{"x.warc", "x.warc.gz"} {
		res := runBinary(t, dir, nil, "import", "--archive", "back-"+name+".db", name)
		if res.Code != 0 || !strings.Contains(res.Stdout, "imported 4 captures") {
			t.Errorf("import %s: %+v", name, res)
		}
	}
	// An existing target is replaced only by a complete export.
	target := filepath.Join(dir, "keep.jsonl")
	os.WriteFile(target, []byte("old\n"), 0o600)
	if res := runBinary(t, dir, nil, "export", "--archive", "missing.db", "-o", "keep.jsonl"); res.Code != 1 {
		t.Errorf("export from a missing archive: %+v", res)
	}
	if b, _ := os.ReadFile(target); string(b) != "old\n" {
		t.Errorf("failed export changed the target: %q", b)
	}
	if res := runBinary(t, dir, nil, "export", "--archive", "good.db", "-o", "keep.jsonl"); res.Code != 0 {
		t.Errorf("export over a file: %+v", res)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced target lost its mode: %v", fi.Mode().Perm())
	}
}

// An interrupted export to a file leaves nothing behind: not the target,
// not the temporary file.
func TestExportInterruptedLeavesNothing(t *testing.T) {
	db := readFixture(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, format := range []string{formatJSONL, formatWARC} {
		err := runExport(ctx, exportOptions{Archive: db, Format: format, Output: filepath.Join(dir, "x."+format)}, nil, io.Discard, io.Discard)
		if !errors.Is(err, context.Canceled) || exitCode(ctx, err) != exitCancelled {
			t.Errorf("%s: err %v (exit %d), want interrupted (130)", format, err, exitCode(ctx, err))
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("interrupted exports left %v", ents)
	}
}

// WARC is binary-ish web content: it goes to a file or a pipe, never a
// terminal.
func TestExportWARCRefusesTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	tty := openPTY(t)
	db := readFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run := func(args ...string) (int, string) {
		cmd := exec.CommandContext(ctx, archivistBinary(t), args...)
		cmd.Dir = t.TempDir()
		var errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = tty, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), errb.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, errb.String()
	}
	if code, msg := run("export", "--archive", db, "--format", "warc"); code != exitUsage || !strings.Contains(msg, "refusing to write WARC to a terminal") {
		t.Errorf("WARC to a terminal: exit %d, %q", code, msg)
	}
	// JSON Lines is text: it may go to a terminal.
	if code, msg := run("export", "--archive", db); code != 0 {
		t.Errorf("JSON Lines to a terminal: exit %d, %q", code, msg)
	}
}

// The messages' small words: one thing is singular.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 copies"}, {1, "1 copy"}, {2, "2 copies"}} {
		if got := count(c.n, "copy", "copies"); got != c.want {
			t.Errorf("count(%d) = %q", c.n, got)
		}
	}
	var b bytes.Buffer
	printCopies(&b, []search.Copy{{URL: pageA, Role: "original", Self: true}, {URL: pageB, Role: "copy", Shared: 0.9}}, false)
	if !strings.Contains(b.String(), "\n1 copy; ") {
		t.Errorf("copies footer: %q", b.String())
	}
}

// The end-of-crawl summary fits 100 columns, whatever the counts.
func TestSummaryWidth(t *testing.T) {
	s := crawler.Summary{Progress: crawler.Progress{Source: "africacenter-spotlight", Fetched: 1234567, Queued: 7654321,
		New: 1234567, Changed: 234567, Unchanged: 3456789, Gone: 45678, Failed: 56789, Hubs: 67890, Skipped: 78901,
		Errors: 89012, Elapsed: 3 * time.Hour}, Status: "interrupted", Resumed: true}
	var b bytes.Buffer
	printSummary(&b, s, false)
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		if n := len([]rune(line)); n > summaryWidth {
			t.Errorf("%d columns: %s", n, line)
		}
	}
	for _, want := range []string{"1234567 new", "failed captures", "skipped (robots.txt", "errors (logged above)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

// Log levels, with no terminal: the default logs no line per page, -v
// does, --quiet prints nothing at all (no progress, no summary).
func TestCrawlLogLevels(t *testing.T) {
	h := crawlSite(t, 4)
	off := false
	crawl := func(verbose, quiet bool) (string, string) {
		var out, errb bytes.Buffer
		db := filepath.Join(t.TempDir(), "a.db")
		err := runCrawl(context.Background(), crawlOptions{Archive: db, AllowPrivate: true, Timeout: 5 * time.Second,
			Delay: 0, Verbose: verbose, Quiet: quiet, progress: &off}, []string{h.URL + "/"}, &out, &errb)
		if err != nil {
			t.Fatalf("%v\n%s", err, errb.String())
		}
		return out.String(), errb.String()
	}
	out, errs := crawl(false, false)
	if strings.Contains(errs, "url=") || !strings.Contains(out, "archived: 4 new") {
		t.Errorf("default: pages logged, or no summary\nstdout: %s\nstderr: %s", out, errs)
	}
	if _, errs := crawl(true, false); strings.Count(errs, "url=") < 4 {
		t.Errorf("-v does not log every page:\n%s", errs)
	}
	if out, errs := crawl(false, true); out != "" || errs != "" {
		t.Errorf("--quiet printed\nstdout: %s\nstderr: %s", out, errs)
	}
}

// --quiet prints only errors, the lines the archive and the search index
// log themselves included, and without it those lines have the crawl's
// form. A crawl beside the index of an earlier archive of the same name
// (deleted to start again) rebuilds the index with a warning: it was
// printed under --quiet, and in the log package's form
// ("2026/12/07 13:00:56 WARN search: ...") beside the crawl's
// "time=... level=WARN" lines.
func TestCrawlQuietIncludesTheIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	h := crawlSite(t, 2)
	dir := t.TempDir()
	crawl := func(flags ...string) binResult {
		t.Helper()
		os.Remove(filepath.Join(dir, "a.db"))
		r := runBinary(t, dir, nil, append([]string{"crawl", "--archive", "a.db", "--allow-private", "--delay", "0", h.URL + "/"}, flags...)...)
		if r.Code != 0 {
			t.Fatalf("crawl %v: exit %d\n%s", flags, r.Code, r.Stderr)
		}
		return r
	}
	crawl()
	if r := crawl("--quiet"); r.Stderr != "" || r.Stdout != "" {
		t.Errorf("crawl --quiet printed\nstdout: %s\nstderr: %s", r.Stdout, r.Stderr)
	}
	r := crawl()
	if !strings.Contains(r.Stderr, `level=WARN msg="search: the index does not match its archive`) {
		t.Errorf("the index's warning is missing or not in the crawl's form:\n%s", r.Stderr)
	}
}
