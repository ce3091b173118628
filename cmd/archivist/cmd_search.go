package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/termsafe"
	"github.com/archivist-org/archivist/search"
)

// searchOptions are the flags of `archivist search`.
type searchOptions struct {
	Archive     string
	Site        string
	Author      string
	Topic       string
	Lang        string
	Kind        string
	Since       string
	Until       string
	Sort        string
	Limit       int
	Offset      int
	AllVersions bool
	// Copies lists every copy of an article as its own result.
	Copies bool
	JSON   bool
	// Color highlights matched words; set from the terminal check unless a
	// test sets it.
	Color *bool
}

// AddFlags registers the flags on f.
func (o *searchOptions) AddFlags(f *pflag.FlagSet) {
	f.Var(commaList{&o.Site}, "site", "only pages of these sites (comma-separated hosts, or URLs of them, or the flag repeated; subdomains match)")
	f.StringVar(&o.Author, "author", "", "only pages by this author (words of the name, in order)")
	f.StringVar(&o.Topic, "topic", "", "only pages with this topic or tag")
	f.StringVar(&o.Lang, "lang", "", "only pages in this language (en, fr, de, ar, ...)")
	f.StringVar(&o.Kind, "kind", "", "only pages of this kind: article or document (PDF reports); hub or page when archived with --keep-hubs")
	f.StringVar(&o.Since, "since", "", "only pages published on or after this date (YYYY-MM-DD or RFC 3339)")
	f.StringVar(&o.Until, "until", "", "only pages published on or before this date (YYYY-MM-DD or RFC 3339)")
	f.StringVar(&o.Sort, "sort", "relevance", "order: relevance or date (newest first)")
	f.IntVarP(&o.Limit, "limit", "n", 10, "show at most this many results")
	f.IntVar(&o.Offset, "offset", 0, "skip this many results (paging)")
	f.BoolVar(&o.AllVersions, "all-versions", false, "search every archived version, not only each page's latest")
	f.BoolVar(&o.Copies, "copies", false, "list every copy of an article as its own result, rather than folded under the original")
	f.BoolVar(&o.JSON, "json", false, "print JSON Lines (one result a line, with score)")
}

func newSearchCommand() *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Search the archived articles",
		Long: `Search finds archived articles by their words and metadata.

Query syntax:
  climate policy        pages with both words (stemmed: "policies" matches)
  "carbon border tax"   the exact phrase
  a OR b, a AND b       boolean operators (upper case); parentheses group
  NOT a, -a             exclude pages with a; +a requires a
  migr*                 words starting with migr
  title:x  author:x  site:x  topic:x  lang:x  kind:x   (x may be a "quoted phrase")
  title:(a OR b)        a field applies to a group

A malformed query (an empty or unknown field, an unclosed quote or
parenthesis, an operator with nothing on one side) is an error that points
at the column, never a silent "no results".

Words starting with "-" are query terms, not flags: 'archivist search sahel
-mali' excludes mali. Flags are the long ones listed below (and -n, -h);
after "--" everything is query.

Words are analysed in every language present in the archive (English,
French, German, Arabic, Spanish, Italian, Portuguese, Dutch and Russian
stemming), so one query finds pages in any of them; --lang restricts it.

By default only each page's latest version is searched; --all-versions
searches every version, to find text that has since been edited out.
Dates are the published date (the first-seen date when unknown).

An article republished by other sites (an aggregator's copy) is one
result: the original when it matches, else the best matching copy, with a
line saying where else it was published ("also at: ..."). It takes the
rank of its best matching page; --limit and --offset count results as
shown. --copies lists every copy as its own result instead (as does
--all-versions: copy groups are of the pages' latest texts).

The index lives beside the archive (ARCHIVE.index/) and is brought up to
date before each search. While a crawl or serve holds the archive, the
search runs in that process through its read server.

Output: one block per result (title; site, date, URL; a snippet with the
matched words highlighted on a terminal). --json prints JSON Lines with
url, version, title, site, authors, lang, kind, date, dated, score, snippet and
highlights (byte offsets of matched words in the snippet); a folded result
adds copies (the group's other pages: url, site, version, and matched when
that page matches too) and, when the page shown is a copy because its
original does not match, copy_of (the original's URL).` + exitCodesHelp,
		Example: `  archivist search sahel security
  archivist search '"carbon border" -steel' --since 2024-01-01 --sort date
  archivist search 'title:election author:smith' --site example.org --json
  archivist search pipeline --all-versions`,
		// Flags are parsed here, so that "-water" can be a query term.
		DisableFlagParsing: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := c.Flags().Parse(queryTermsLast(c.Flags(), args)); err != nil {
				return c.FlagErrorFunc()(c, err)
			}
			if help, _ := c.Flags().GetBool("help"); help {
				return c.Help()
			}
			return runSearch(c.Context(), opts, c.Flags().Args(), c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

// queryTermsLast moves the words of args that start with "-" but are not
// flags of f ("-water", "-nato") behind a "--", so that the flag parser
// leaves them to the query, where they exclude pages. Long flags ("--x")
// stay flags, so a mistyped one is still an error.
func queryTermsLast(f *pflag.FlagSet, args []string) []string {
	var flags, terms []string
	dangling := false // a flag that takes a value ends args: the parser says so
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			terms = append(terms, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "--"):
			flags = append(flags, a)
			name, _, hasValue := strings.Cut(a[2:], "=")
			if fl := f.Lookup(name); fl != nil && fl.NoOptDefVal == "" && !hasValue {
				if i+1 == len(args) {
					dangling = true
					break
				}
				i++ // its value, even if it starts with "-"
				flags = append(flags, args[i])
			}
		case len(a) > 1 && a[0] == '-' && isShortFlag(f, a):
			flags = append(flags, a)
			if fl := f.ShorthandLookup(a[1:2]); fl.NoOptDefVal == "" && len(a) == 2 {
				if i+1 == len(args) {
					dangling = true
					break
				}
				i++
				flags = append(flags, args[i])
			}
		default:
			terms = append(terms, a)
		}
	}
	if len(terms) == 0 || dangling {
		return flags
	}
	return append(append(flags, "--"), terms...)
}

// isShortFlag reports whether a ("-n", "-n5", "-n=5", "-h") is a shorthand
// flag of f with, for a flag that takes a value, a number for that value
// (so "-nato" is a query term, not -n with the value "ato").
func isShortFlag(f *pflag.FlagSet, a string) bool {
	fl := f.ShorthandLookup(a[1:2])
	if fl == nil {
		return false
	}
	rest := strings.TrimPrefix(a[2:], "=")
	if fl.NoOptDefVal != "" { // a boolean: -h alone
		return len(a) == 2
	}
	if rest == "" {
		return true
	}
	_, err := strconv.Atoi(rest)
	return err == nil
}

// searchRequest checks the flags and builds the request.
func searchRequest(opts searchOptions, args []string) (search.Request, error) {
	req := search.Request{
		Query: strings.TrimSpace(strings.Join(args, " ")),
		Site:  opts.Site, Author: opts.Author, Topic: opts.Topic, Lang: opts.Lang, Kind: opts.Kind,
		Limit: opts.Limit, Offset: opts.Offset, AllVersions: opts.AllVersions,
	}
	if req.Query == "" && req.Site == "" && req.Author == "" && req.Topic == "" && req.Lang == "" && req.Kind == "" && opts.Since == "" && opts.Until == "" {
		return req, usageError{fmt.Errorf("search: give a QUERY (or a filter such as --site)")}
	}
	if err := search.CheckQuery(req.Query); err != nil {
		return req, usageError{queryError(err)}
	}
	if opts.Sort != "" {
		if err := oneOf("sort", opts.Sort, "relevance", "date"); err != nil {
			return req, err
		}
	}
	if opts.Kind != "" {
		// A misspelt kind matched nothing: "no results", exit 0.
		if err := oneOf("kind", strings.ToLower(opts.Kind), extract.KindArticle, extract.KindDocument, extract.KindHub, extract.KindPage); err != nil {
			return req, err
		}
	}
	req.SortByDate = opts.Sort == "date"
	if err := within("limit", opts.Limit, 1, search.MaxLimit); err != nil {
		return req, err
	}
	if err := atLeast("offset", opts.Offset, 0); err != nil {
		return req, err
	}
	var err error
	if opts.Since != "" {
		if req.Since, _, err = parseSearchDate(opts.Since); err != nil {
			return req, usageError{fmt.Errorf("--since %w", err)}
		}
	}
	if opts.Until != "" {
		t, dateOnly, err := parseSearchDate(opts.Until)
		if err != nil {
			return req, usageError{fmt.Errorf("--until %w", err)}
		}
		if dateOnly { // the whole day
			t = t.AddDate(0, 0, 1)
		} else {
			t = t.Add(time.Nanosecond)
		}
		req.Until = t
	}
	if !req.Since.IsZero() && !req.Until.IsZero() && !req.Since.Before(req.Until) {
		return req, usageError{fmt.Errorf("--since %s is after --until %s: no page can match", opts.Since, opts.Until)}
	}
	if req.Site != "" {
		sites := strings.Split(req.Site, ",")
		for i, s := range sites {
			sites[i] = siteArg(s)
		}
		req.Site = strings.Join(sites, ",")
	}
	return req, nil
}

// parseSearchDate reads YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339.
func parseSearchDate(s string) (t time.Time, dateOnly bool, err error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), false, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("%q: want a date (2024-03-05) or RFC 3339 (2024-03-05T14:00:00Z)", s)
}

// runSearch searches the archive at opts.Archive and prints the results.
func runSearch(ctx context.Context, opts searchOptions, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := searchRequest(opts, args)
	if err != nil {
		return err
	}
	// A search lives for one query, whose garbage is most of its heap: at
	// the default GOGC the young heap is collected over and over (a fifth
	// of a newest-first search's CPU at 100k versions). Its peak is set by
	// the index's maps, not the heap, so it barely grows.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	fold := !opts.Copies && !req.AllVersions
	var res *search.FoldedResult
	err = withSearch(ctx, opts.Archive, stderr, func(ix *search.Index, r archive.Reader, remote *search.Remote) (err error) {
		if fold && remote != nil {
			res, err = remote.SearchFolded(ctx, req)
			if !errors.Is(err, search.ErrUnknownEndpoint) {
				return err
			}
			fmt.Fprintln(stderr, "search: the archivist holding the archive is older and does not fold copies: each is listed")
			fold = false
		}
		switch {
		case fold && remote == nil:
			res, err = ix.SearchFolded(ctx, req, r)
		default:
			var plain *search.Result
			if remote != nil {
				plain, err = remote.Search(ctx, req)
			} else {
				plain, err = ix.Search(ctx, req, r)
			}
			if plain != nil {
				res = unfolded(plain)
			}
		}
		return err
	})
	if err != nil {
		if isBadQuery(err) {
			return usageError{err}
		}
		return err
	}
	color := opts.Color != nil && *opts.Color
	if opts.Color == nil {
		color = isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	}
	return printSearch(stdout, res, req, opts.Archive, fold, opts.JSON, color)
}

// unfolded is res as results of one page each.
func unfolded(res *search.Result) *search.FoldedResult {
	out := &search.FoldedResult{Total: res.Total, Hits: make([]search.FoldedHit, len(res.Hits))}
	for i, h := range res.Hits {
		out.Hits[i].Hit = h
	}
	return out
}

func isBadQuery(err error) bool { return errors.Is(err, search.ErrBadQuery) }

// queryError adds the query with a caret under the error's column.
func queryError(err error) error {
	var qe *search.QueryError
	if !errors.As(err, &qe) || strings.ContainsAny(qe.Query, "\n\r") {
		return err
	}
	return fmt.Errorf("%w\n  %s\n  %s^", err, termsafe.Line(qe.Query), strings.Repeat(" ", qe.Column-1))
}

// printSearch prints a page of results of the archive at dbPath; folded:
// copies were folded, so a result may stand for several matches.
func printSearch(w io.Writer, res *search.FoldedResult, req search.Request, dbPath string, folded, asJSON, color bool) error {
	bw := bufio.NewWriter(w)
	if asJSON {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	if len(res.Hits) == 0 {
		switch {
		case res.Total > 0 && folded:
			fmt.Fprintf(bw, "no results on this page (%s in all, copies folded)\n", count(int(res.Total), "match", "matches"))
		case res.Total > 0:
			fmt.Fprintf(bw, "no results on this page (%s in all)\n", count(int(res.Total), "match", "matches"))
		default:
			fmt.Fprintln(bw, "no results")
		}
		return bw.Flush()
	}
	bold, dim, reset := "", "", ""
	if color {
		bold, dim, reset = "\x1b[1m", "\x1b[2m", "\x1b[0m"
	}
	for i, h := range res.Hits {
		title := h.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(bw, "%d. %s%s%s\n", req.Offset+i+1, bold, termsafe.Line(title), reset)
		meta := []string{}
		if h.Site != "" {
			meta = append(meta, h.Site)
		}
		if !h.Date.IsZero() {
			d := h.Date.Format("2006-01-02")
			if h.Dated == "first_seen" {
				d = "seen " + d
			}
			meta = append(meta, d)
		}
		if len(h.Authors) > 0 {
			meta = append(meta, strings.Join(h.Authors, ", "))
		}
		u := h.URL
		if req.AllVersions {
			u += fmt.Sprintf(" (version %d)", h.Version)
		}
		meta = append(meta, u)
		fmt.Fprintf(bw, "   %s%s%s\n", dim, termsafe.Line(strings.Join(meta, " · ")), reset)
		if h.Snippet != "" {
			fmt.Fprintf(bw, "   %s\n", highlight(oneLine(h.Snippet), h.Highlights, color))
		}
		if line := elsewhere(h, dbPath); line != "" {
			fmt.Fprintf(bw, "   %s%s%s\n", dim, termsafe.Line(line), reset)
		}
	}
	if res.Total == 1 {
		fmt.Fprintf(bw, "%s1 match", dim)
	} else {
		fmt.Fprintf(bw, "%s%d–%d of %d matches", dim, req.Offset+1, req.Offset+len(res.Hits), res.Total)
	}
	switch res.Folded {
	case 0:
	case 1:
		fmt.Fprint(bw, ", 1 copy folded into these results")
	default:
		fmt.Fprintf(bw, ", %d copies folded into these results", res.Folded)
	}
	fmt.Fprintf(bw, "%s\n", reset)
	return bw.Flush()
}

// maxSitesListed is the most sites an "also at" line names; a bigger
// group points to `archivist copies`.
const maxSitesListed = 3

// elsewhere says where else a result was published: its original, when it
// is a copy shown because the original does not match, and its copies (a
// big group as the command that lists them, for the archive at dbPath).
func elsewhere(h search.FoldedHit, dbPath string) string {
	var parts []string
	if h.CopyOf != "" {
		parts = append(parts, "copy of "+h.CopyOf+" (which does not match)")
	}
	switch n := len(h.Copies); {
	case n > maxSitesListed:
		parts = append(parts, fmt.Sprintf("+%d copies: archivist copies --archive %s %s", n, dbPath, h.URL))
	case n > 0:
		var sites []string
		for _, c := range h.Copies {
			if !slices.Contains(sites, c.Site) {
				sites = append(sites, c.Site)
			}
		}
		parts = append(parts, "also at: "+strings.Join(sites, ", "))
	}
	return strings.Join(parts, " · ")
}

// highlight marks the [start,end) ranges of s in bold on a terminal. The
// pieces of s are web text: each is neutralised (after the offsets are
// used, since neutralising can change lengths) before our own escapes go in.
func highlight(s string, ranges [][2]int, color bool) string {
	if !color || len(ranges) == 0 {
		return termsafe.Line(s)
	}
	var b strings.Builder
	last := 0
	for _, r := range ranges {
		if r[0] < last || r[1] > len(s) || r[0] >= r[1] {
			continue
		}
		b.WriteString(termsafe.Line(s[last:r[0]]))
		b.WriteString("\x1b[1;33m")
		b.WriteString(termsafe.Line(s[r[0]:r[1]]))
		b.WriteString("\x1b[0m")
		last = r[1]
	}
	b.WriteString(termsafe.Line(s[last:]))
	return b.String()
}

// oneLine replaces line breaks so one field stays on one line (offsets are
// kept: each break is one byte replaced by one byte).
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// commaList is a comma-separated list flag that a repeated flag adds to:
// --site a --site b is --site a,b (a plain string flag kept only b).
type commaList struct{ s *string }

func (l commaList) String() string {
	if l.s == nil {
		return ""
	}
	return *l.s
}

func (l commaList) Set(v string) error {
	if *l.s != "" && v != "" {
		v = *l.s + "," + v
	}
	*l.s = v
	return nil
}

func (l commaList) Type() string { return "string" }
