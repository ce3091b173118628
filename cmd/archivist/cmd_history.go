package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/internal/termsafe"
)

// historyOptions are the flags of `archivist history`.
type historyOptions struct {
	Archive string
	JSON    bool
	Fetches int // also list the last N fetches
}

func (o *historyOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.JSON, "json", false, "print the page and its versions as one JSON object, on one line")
	f.IntVar(&o.Fetches, "fetches", 0, "also list the page's last N fetches (time, status, outcome, size)")
}

func newHistoryCommand() *cobra.Command {
	var opts historyOptions
	cmd := &cobra.Command{
		Use:   "history URL",
		Short: "List the stored versions of a page",
		Long: `History lists every stored version of the page at URL (any of its URLs:
tracking parameters, fragments, redirects and same-site canonical URLs all
lead to the same page): version number, sequence number, when it was first
and last seen, word count, content hash, and a one-line summary of what
changed from the version before. A page that is gone (404/410) says since
when. A renamed article (its URL now answers a permanent redirect, 301 or
308, to a new URL on the same site) is listed as one history: the versions
of either URL, oldest first, each with the URL it was fetched under and
that page's own version number.

It reads through the crawler's read server when a crawl holds the archive.

Examples:
  archivist history https://www.example.org/research/report
  archivist history --fetches 20 https://www.example.org/research/report
  archivist history --json https://www.example.org/research/report | jq .
` + exitCodesHelp,
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistory(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runHistory(ctx context.Context, opts historyOptions, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return usageError{errors.New("history: give one URL")}
	}
	if err := atLeast("fetches", opts.Fetches, 0); err != nil {
		return err
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
	line, err := readLineage(ctx, r, page)
	if err != nil {
		return readErr(err)
	}
	var fetches []archive.FetchInfo
	if opts.Fetches > 0 {
		fl, ok := r.(archive.FetchLogReader)
		if !ok {
			return errors.New("history: this reader has no fetch log")
		}
		if fetches, err = fl.Fetches(ctx, args[0], opts.Fetches); err != nil {
			return readErr(err)
		}
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(struct {
			Page     *archive.Page       `json:"page"`
			Versions []lineVersion       `json:"versions"`
			Fetches  []archive.FetchInfo `json:"fetches,omitempty"`
		}{page, line.versions, fetches})
	}
	sw := &safeWriter{w: stdout}
	defer sw.Flush()
	stdout = sw
	fmt.Fprintf(stdout, "%s\n", page.URL)
	fmt.Fprintf(stdout, "  site %s; first seen %s; last fetched %s\n", page.Site, fmtTime(page.FirstSeen), fmtTime(page.LastFetched))
	if !page.GoneSince.IsZero() {
		fmt.Fprintf(stdout, "  GONE since %s\n", fmtTime(page.GoneSince))
	}
	if page.LastFailure != "" {
		fmt.Fprintf(stdout, "  last capture failed: %s\n", page.LastFailure)
	}
	if len(page.Aliases) > 0 {
		fmt.Fprintf(stdout, "  also known as: %s\n", strings.Join(page.Aliases, ", "))
	}
	for _, m := range moveLines(page) {
		fmt.Fprintf(stdout, "  %s\n", m)
	}
	if line.renamed() {
		fmt.Fprintln(stdout, "  versions of every URL the article had, oldest first; give 'show --version' the version with its URL")
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if len(fetches) > 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(tw, "FETCH\tAT\tSTATUS\tOUTCOME\tBYTES\tNOTE")
		for _, f := range fetches {
			note := f.Reason
			if f.FinalURL != "" {
				note = strings.TrimSpace(note + " → " + f.FinalURL)
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%d\t%s\n", f.N, fmtTime(f.At), f.Status, f.Outcome, f.RawSize, note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(line.versions) == 0 {
		fmt.Fprintln(stdout, "  no stored versions")
		return nil
	}
	fmt.Fprintln(stdout)
	urlCol, urlHead := "", ""
	if line.renamed() {
		urlHead = "\tURL"
	}
	fmt.Fprintln(tw, "VERSION\tSEQ\tFIRST SEEN\tLAST SEEN\tWORDS\tHASH"+urlHead+"\tCHANGE")
	for _, v := range line.versions {
		if line.renamed() {
			urlCol = "\t" + termsafe.Line(v.URL)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%s%s\t%s\n", v.Version, v.Seq, fmtTime(v.FirstSeen), fmtTime(v.LastSeen),
			v.WordCount, shortHash(v.ContentHash), urlCol, v.Summary)
	}
	return tw.Flush()
}

// archivedURL is arg, or for a URL typed without its scheme (copied from
// an address bar) the form the archive has it under, https first; arg
// when neither is archived, so the error suggests the scheme.
func archivedURL(ctx context.Context, r archive.Reader, arg string) string {
	if strings.Contains(arg, "://") {
		return arg
	}
	if _, err := archive.NormalizeURL(arg); err == nil {
		return arg
	}
	for _, scheme := range []string{"https://", "http://"} {
		if _, err := r.Page(ctx, scheme+arg); err == nil {
			return scheme + arg
		}
	}
	return arg
}

// readErr turns archive errors into user-facing ones.
func readErr(err error) error {
	switch {
	case errors.Is(err, archive.ErrBadURL):
		return usageError{err}
	case errors.Is(err, archive.ErrNotFound):
		// "archive: not found: no page X in the archive" says it twice.
		return reworded{strings.TrimPrefix(err.Error(), archive.ErrNotFound.Error()+": "), err}
	}
	return err
}

// parseTimeArg accepts RFC 3339, YYYY-MM-DD, or the "YYYY-MM-DD HH:MM"
// history and diff print (also with seconds, or a T), all UTC. endOfDay
// picks the last instant of what is given: the day of a bare date, the
// minute of a time to the minute (history shows a version first seen at
// 12:00:36 as 12:00), for "as it was then".
func parseTimeArg(flag, s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, f := range []struct {
		layout string
		unit   time.Duration
	}{
		{"2006-01-02", 24 * time.Hour},
		{"2006-01-02 15:04", time.Minute}, {"2006-01-02T15:04", time.Minute},
		{"2006-01-02 15:04:05", time.Second}, {"2006-01-02T15:04:05", time.Second},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			if endOfDay {
				t = t.Add(f.unit - time.Nanosecond)
			}
			return t, nil
		}
	}
	return time.Time{}, usageError{fmt.Errorf("--%s %q: want a date (2024-03-05), a time as history prints it (2024-03-05 14:00, UTC) or RFC 3339 (2024-03-05T14:00:00Z)", flag, s)}
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// lineage is an article's history across renames: the versions of every
// page joined to the asked one by renames (archive.Page.MovedTo and
// MovedFrom, followed both ways), oldest first. Versions keep their
// page's own numbers (as export and `show --version` use them).
type lineage struct {
	pages    []*archive.Page // the asked page first
	versions []lineVersion
}

// lineVersion is one version of a lineage with the page it belongs to.
// The first version after a rename has a summary that says so and
// compares it with the version before it, of the old page.
type lineVersion struct {
	archive.VersionInfo
	URL string `json:"url"`
}

// maxLineage bounds the pages a lineage follows (renames are rare; a
// chain this long is a site redirecting in circles).
const maxLineage = 32

// readLineage reads page's lineage. A linked page that cannot be read is
// left out (its URL is still named by the links).
func readLineage(ctx context.Context, r archive.Reader, page *archive.Page) (*lineage, error) {
	l := &lineage{pages: []*archive.Page{page}, versions: []lineVersion{}}
	seen := map[string]bool{page.URL: true}
	for i := 0; i < len(l.pages) && len(l.pages) < maxLineage; i++ {
		p := l.pages[i]
		for _, u := range append([]string{p.MovedTo}, p.MovedFrom...) {
			if u == "" || seen[u] || len(l.pages) >= maxLineage {
				continue
			}
			q, err := r.Page(ctx, u)
			if err == nil && !seen[q.URL] {
				l.pages = append(l.pages, q)
			}
			seen[u] = true
			if err == nil {
				seen[q.URL] = true
			}
		}
	}
	hists := make([][]archive.VersionInfo, len(l.pages))
	for i, p := range l.pages {
		h, err := r.History(ctx, p.URL)
		if err != nil {
			return nil, err
		}
		hists[i] = h
	}
	// Merge by first sighting, each page's own order kept (imports may
	// version a page out of time order).
	for {
		best := -1
		for i, h := range hists {
			if len(h) > 0 && (best < 0 || h[0].FirstSeen.Before(hists[best][0].FirstSeen)) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		l.versions = append(l.versions, lineVersion{hists[best][0], l.pages[best].URL})
		hists[best] = hists[best][1:]
	}
	for i := 1; i < len(l.versions); i++ {
		if prev, v := l.versions[i-1], l.versions[i]; prev.URL != v.URL {
			l.versions[i].Summary = "renamed from " + prev.URL + ": " + renameChange(ctx, r, prev, v)
		}
	}
	return l, nil
}

// renameChange says what changed from prev, the last version under the
// old URL, to v, the first under the new one, as the archive's summaries
// do (by the versions' metadata when their articles cannot be read).
func renameChange(ctx context.Context, r archive.Reader, prev, v lineVersion) string {
	a, aerr := r.Version(ctx, prev.URL, prev.Version)
	b, berr := r.Version(ctx, v.URL, v.Version)
	if aerr != nil || berr != nil { // compare what the history lines know
		a, b = &archive.Record{}, &archive.Record{}
	}
	a.ContentHash, a.WordCount = prev.ContentHash, prev.WordCount
	b.ContentHash, b.WordCount = v.ContentHash, v.WordCount
	return archive.Summarize(a, b)
}

// renamed: the lineage spans more than one page.
func (l *lineage) renamed() bool { return len(l.pages) > 1 }

// urls are the URLs of the lineage's pages: the article's, whichever it had.
func (l *lineage) urls() map[string]bool {
	m := make(map[string]bool, len(l.pages))
	for _, p := range l.pages {
		m[p.URL] = true
	}
	return m
}

// latest is the lineage's last version, if any.
func (l *lineage) latest() (lineVersion, bool) {
	if len(l.versions) == 0 {
		return lineVersion{}, false
	}
	return l.versions[len(l.versions)-1], true
}

// at is the version current at t: the last first seen at or before it.
func (l *lineage) at(t time.Time) (lineVersion, bool) {
	var out lineVersion
	found := false
	for _, v := range l.versions {
		if !v.FirstSeen.After(t) {
			out, found = v, true
		}
	}
	return out, found
}

// moveLines say where the page moved to and from, for history and show.
func moveLines(p *archive.Page) []string {
	var out []string
	if p.MovedTo != "" {
		out = append(out, fmt.Sprintf("moved to %s on %s (a permanent redirect)", termsafe.Line(p.MovedTo), fmtTime(p.MovedAt)))
	}
	for _, u := range p.MovedFrom {
		out = append(out, "moved here from "+termsafe.Line(u))
	}
	return out
}
