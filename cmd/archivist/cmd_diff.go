package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/internal/termsafe"
)

// diffOptions are the flags of `archivist diff`.
type diffOptions struct {
	Archive string
	NoColor bool
	Full    bool // print unchanged paragraphs too
}

func (o *diffOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.NoColor, "no-color", false, "never colour the output (also when NO_COLOR is set)")
	f.BoolVar(&o.Full, "full", false, "print the whole text, not only the changed paragraphs")
}

func newDiffCommand() *cobra.Command {
	var opts diffOptions
	cmd := &cobra.Command{
		Use:   "diff URL [V1 [V2]]",
		Short: "Show what changed between two versions of a page",
		Long: `Diff compares two stored versions of the page at URL: by default the last
two, with V1 version V1 against the latest, with V1 V2 those two. For a
page renamed (its URL redirects for good to another), the latest two are
the article's whichever URL it had. It prints
the metadata that changed (title, authors, dates, ...) and a word-level diff
of the text, paragraph by paragraph (only changed paragraphs unless --full).

On a terminal, removed words are red and added words green. Otherwise (or
with --no-color / NO_COLOR) removals are written [-like this-] and additions
{+like this+}.

Examples:
  archivist diff https://www.example.org/report
  archivist diff https://www.example.org/report 1 3
  archivist diff --no-color https://www.example.org/report 2 | less
` + exitCodesHelp,
		Args: argsBetween(1, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runDiff(ctx context.Context, opts diffOptions, args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 || len(args) > 3 {
		return usageError{errors.New("diff: give URL [V1 [V2]]")}
	}
	var vs []int
	for _, a := range args[1:] {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			return usageError{fmt.Errorf("version %q: want 1 or more (see 'archivist history URL')", a)}
		}
		vs = append(vs, n)
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	args[0] = archivedURL(ctx, r, args[0])
	page, err := r.Page(ctx, args[0])
	if err != nil {
		return readErr(err)
	}
	// Versions are the page's own; the latest and the one before it are
	// the article's, across a rename (see history).
	url1, url2 := page.URL, page.URL
	latest := func() (string, int) { return page.URL, page.Versions }
	before := func() (string, int) { return page.URL, page.Versions - 1 }
	total := page.Versions
	if page.MovedTo != "" || len(page.MovedFrom) > 0 {
		line, err := readLineage(ctx, r, page)
		if err != nil {
			return readErr(err)
		}
		total = len(line.versions)
		if total > 0 {
			latest = func() (string, int) { v := line.versions[total-1]; return v.URL, v.Version }
		}
		if total > 1 {
			before = func() (string, int) { v := line.versions[total-2]; return v.URL, v.Version }
		}
	}
	var v1, v2 int
	switch len(vs) {
	case 0:
		if total < 2 {
			return fmt.Errorf("%s has %s: nothing to compare", page.URL, count(total, "version", "versions"))
		}
		url1, v1 = before()
		url2, v2 = latest()
	case 1:
		v1 = vs[0]
		url2, v2 = latest()
	default:
		v1, v2 = vs[0], vs[1]
	}
	a, err := r.Version(ctx, url1, v1)
	if err != nil {
		return readErr(err)
	}
	b, err := r.Version(ctx, url2, v2)
	if err != nil {
		return readErr(err)
	}
	color := !opts.NoColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
	w := bufio.NewWriter(stdout)
	printDiff(w, safeRecord(a), safeRecord(b), color, opts.Full)
	return w.Flush()
}

// safeRecord neutralises the web text a diff prints (before the diff adds
// its own colours).
func safeRecord(r *archive.Record) *archive.Record {
	c := *r
	c.Title, c.Text = termsafe.Line(c.Title), termsafe.String(c.Text)
	c.Published, c.Modified, c.SiteName = termsafe.Line(c.Published), termsafe.Line(c.Modified), termsafe.Line(c.SiteName)
	c.Description, c.SourceURL, c.CanonicalURL = termsafe.Line(c.Description), termsafe.Line(c.SourceURL), termsafe.Line(c.CanonicalURL)
	c.Language, c.URL = termsafe.Line(c.Language), termsafe.Line(c.URL)
	c.Authors, c.Topics = safeList(c.Authors), safeList(c.Topics)
	return &c
}

func safeList(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = termsafe.Line(s)
	}
	return out
}

const (
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// printDiff writes the metadata changes and the word-level text diff.
func printDiff(w *bufio.Writer, a, b *archive.Record, color, full bool) {
	hdr := func(s string) string {
		if color {
			return ansiBold + s + ansiReset
		}
		return s
	}
	of := func(r *archive.Record) string {
		if a.URL == b.URL {
			return ""
		}
		return " of " + r.URL // across a rename
	}
	fmt.Fprintln(w, hdr(fmt.Sprintf("--- version %d%s (seq %d, first seen %s)", a.Version, of(a), a.Seq, fmtTime(a.FirstSeen))))
	fmt.Fprintln(w, hdr(fmt.Sprintf("+++ version %d%s (seq %d, first seen %s)", b.Version, of(b), b.Seq, fmtTime(b.FirstSeen))))
	var meta [][3]string
	add := func(k, x, y string) {
		if x != y {
			meta = append(meta, [3]string{k, x, y})
		}
	}
	add("url", a.URL, b.URL) // across a rename
	add("title", a.Title, b.Title)
	add("authors", strings.Join(a.Authors, "; "), strings.Join(b.Authors, "; "))
	add("published", a.Published, b.Published)
	add("modified", a.Modified, b.Modified)
	add("description", a.Description, b.Description)
	add("topics", strings.Join(a.Topics, ", "), strings.Join(b.Topics, ", "))
	add("site", a.SiteName, b.SiteName)
	add("language", a.Language, b.Language)
	add("canonical", a.CanonicalURL, b.CanonicalURL)
	add("source", a.SourceURL, b.SourceURL)
	add("words", strconv.Itoa(a.WordCount), strconv.Itoa(b.WordCount))
	add("extractor", a.Extractor, b.Extractor)
	if len(meta) > 0 {
		fmt.Fprintln(w)
		for _, m := range meta {
			x, y := quoteEmpty(m[1]), quoteEmpty(m[2])
			if color {
				x, y = ansiRed+x+ansiReset, ansiGreen+y+ansiReset
			}
			fmt.Fprintf(w, "%s: %s → %s\n", m[0], x, y)
		}
	}
	if a.Text == b.Text {
		fmt.Fprintln(w, "\n(text unchanged)")
		return
	}
	fmt.Fprintln(w)
	del, ins := func(s string) string { return "[-" + s + "-]" }, func(s string) string { return "{+" + s + "+}" }
	if color {
		del = func(s string) string { return ansiRed + "\x1b[9m" + s + ansiReset }
		ins = func(s string) string { return ansiGreen + s + ansiReset }
	}
	paras := wordDiff(a.Text, b.Text, del, ins)
	skipped := false
	for i, p := range paras {
		if !full && !p.changed {
			skipped = true
			continue
		}
		if i > 0 {
			if skipped {
				fmt.Fprintln(w, "\n  ⋮")
			}
			fmt.Fprintln(w)
		}
		skipped = false
		fmt.Fprintln(w, p.text)
	}
}

func quoteEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

type diffPara struct {
	text    string
	changed bool
}

// wordDiff diffs two texts word by word (go-diff over word tokens) and
// renders them paragraph by paragraph, marking which paragraphs changed.
func wordDiff(x, y string, del, ins func(string) string) []diffPara {
	dmp := diffmatchpatch.New()
	tokIndex := map[string]rune{}
	var toks []string
	encode := func(s string) []rune {
		var rs []rune
		for _, t := range tokenize(s) {
			r, ok := tokIndex[t]
			if !ok {
				// Valid runes above the BMP: the diff's text survives
				// string conversion (no surrogates).
				r = rune(len(toks)%0xFFFF0) + 0x10000
				tokIndex[t] = r
				toks = append(toks, t)
			}
			rs = append(rs, r)
		}
		return rs
	}
	decode := func(rs string) string {
		var sb strings.Builder
		for _, r := range rs {
			if i := int(r) - 0x10000; i >= 0 && i < len(toks) {
				sb.WriteString(toks[i])
			}
		}
		return sb.String()
	}
	diffs := dmp.DiffMainRunes(encode(x), encode(y), false)
	diffs = dmp.DiffCleanupSemantic(diffs)

	var paras []diffPara
	var cur strings.Builder
	changed := false
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" || changed {
			paras = append(paras, diffPara{strings.TrimSpace(cur.String()), changed})
		}
		cur.Reset()
		changed = false
	}
	for _, d := range diffs {
		text := decode(d.Text)
		parts := strings.Split(text, "\n\n")
		for i, part := range parts {
			if i > 0 {
				if d.Type != diffmatchpatch.DiffEqual {
					changed = true
				}
				flush()
			}
			if part == "" {
				continue
			}
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				cur.WriteString(part)
			case diffmatchpatch.DiffDelete:
				changed = true
				cur.WriteString(markWords(part, del))
			case diffmatchpatch.DiffInsert:
				changed = true
				cur.WriteString(markWords(part, ins))
			}
		}
	}
	flush()
	return paras
}

// markWords wraps the words of s, keeping surrounding white space outside.
func markWords(s string, mark func(string) string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return s
	}
	i := strings.Index(s, t)
	return s[:i] + mark(t) + s[i+len(t):]
}

// tokenize splits text into words and the white space / punctuation
// between them, keeping paragraph breaks ("\n\n") as their own tokens.
func tokenize(s string) []string {
	var toks []string
	start := 0
	kind := func(r rune) int {
		switch {
		case r == '\n':
			return 0
		case unicode.IsSpace(r):
			return 1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-':
			return 2
		}
		return 3 // punctuation: one token each
	}
	prev := -1
	for i, r := range s {
		k := kind(r)
		if i > start && (k != prev || k == 3) {
			toks = append(toks, s[start:i])
			start = i
		}
		prev = k
	}
	if start < len(s) {
		toks = append(toks, s[start:])
	}
	return toks
}
