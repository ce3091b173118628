package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/internal/termsafe"
)

const formatHTML = "html"

// showOptions are the flags of `archivist show`.
type showOptions struct {
	Archive string
	Version int    // 0 = latest
	At      string // time; "" = not set
	Format  string

	// versionSet: --version was given, so it must name a version (0 is
	// not "latest" when typed). Not a flag.
	versionSet bool
}

func (o *showOptions) AddFlags(f *pflag.FlagSet) {
	f.IntVarP(&o.Version, "version", "v", 0, "show version N, 1 or more (see 'archivist history'); default the latest")
	f.StringVar(&o.At, "at", "", "show the version current at TIME (YYYY-MM-DD = end of that day, YYYY-MM-DD HH:MM = end of that minute, UTC; or RFC 3339)")
	f.StringVarP(&o.Format, "format", "f", formatText, "output format: text, markdown, json or html (the stored raw page)")
}

func newShowCommand() *cobra.Command {
	var opts showOptions
	cmd := &cobra.Command{
		Use:   "show URL",
		Short: "Show a page as it was: the latest version, version N, or at a date",
		Long: `Show prints one stored version of the page at URL: by default the latest,
with --version N that version, with --at TIME the version current at that
time (the last one first seen at or before it). For a renamed article (its
URL redirects for good to a new one), the latest and --at follow it to
whichever URL it had; --version N is version N of the URL given.

Formats (--format):
  text      title, metadata lines, a blank line, the clean text
  markdown  the article as Markdown
  json      the exported record (extractor schema plus version, seq,
            first_seen, last_seen, fetched_at, content_hash, status)
  html      the raw page exactly as stored

Examples:
  archivist show https://www.example.org/report
  archivist show --version 2 https://www.example.org/report
  archivist show --at 2024-03-05 --format markdown https://www.example.org/report
  archivist show --format html https://www.example.org/report > page.html
` + exitCodesHelp,
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.versionSet = cmd.Flags().Changed("version")
			return runShow(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runShow(ctx context.Context, opts showOptions, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return usageError{errors.New("show: give one URL")}
	}
	if err := oneOf("format", opts.Format, formatText, formatMarkdown, formatJSON, formatHTML); err != nil {
		return err
	}
	if opts.Version < 0 || (opts.versionSet && opts.Version == 0) {
		return usageError{fmt.Errorf("--version %d: want 1 or more (without --version, the latest)", opts.Version)}
	}
	if opts.At != "" && (opts.Version != 0 || opts.versionSet) {
		return usageError{errors.New("give --version or --at, not both")}
	}
	var at time.Time
	if opts.At != "" {
		var err error
		if at, err = parseTimeArg("at", opts.At, true); err != nil {
			return err
		}
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	args[0] = archivedURL(ctx, r, args[0])
	rec, moves, renamed, err := renamedVersion(ctx, r, args[0], opts, at)
	if err != nil {
		return readErr(err)
	}
	switch {
	case rec != nil: // found across a rename
	case opts.At != "":
		rec, err = r.At(ctx, args[0], at)
		if errors.Is(err, archive.ErrNotFound) {
			return noVersionAt(ctx, r, args[0], opts.At, err)
		}
		if err != nil {
			return readErr(err)
		}
	default:
		if rec, err = r.Version(ctx, args[0], opts.Version); err != nil {
			if renamed != nil && errors.Is(err, archive.ErrNotFound) {
				return reworded{readErr(err).Error() + " (under this URL; the article's versions under its other URLs: 'archivist history')", err}
			}
			return readErr(err)
		}
	}
	// copy_of / copies from the search index; a damaged index is reported
	// after the article, which does not depend on it.
	indexErr := fillCopyLinks(ctx, opts.Archive, r, rec)
	if renamed != nil {
		// The article under its other URLs is no copy of it.
		if renamed[rec.CopyOf] {
			rec.CopyOf = ""
		}
		rec.Copies = slices.DeleteFunc(rec.Copies, func(u string) bool { return renamed[u] })
	}
	if err := showRecord(ctx, opts, r, rec, moves, stdout); err != nil {
		return err
	}
	return indexErr
}

// showRecord writes rec to stdout in opts.Format.
func showRecord(ctx context.Context, opts showOptions, r archive.Reader, rec *archive.Record, moves [][2]string, stdout io.Writer) error {
	if opts.Format == formatHTML {
		raw, err := r.Raw(ctx, rec.URL, rec.Version)
		if err != nil {
			return readErr(err)
		}
		if isTerminal(stdout) {
			raw = termsafe.Bytes(raw) // raw bytes only into pipes and files
		}
		_, err = stdout.Write(raw)
		return err
	}
	w := bufio.NewWriter(stdout)
	switch opts.Format {
	case formatJSON:
		b, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			return err
		}
		w.Write(b)
		w.WriteString("\n")
	case formatMarkdown:
		writeArticleMarkdown(w, rec.Title, slices.Concat(recordMeta(rec), moves, copyLines(ctx, r, rec)), rec.Markdown)
	default:
		writeArticleText(w, rec.Title, slices.Concat(recordMeta(rec), moves, copyLines(ctx, r, rec)), rec.Text)
	}
	return w.Flush()
}

// renamedVersion is, for a page renamed (archive.Page.MovedTo) or renamed
// to (MovedFrom), the version the article had latest, or at at when
// opts.At is set, whichever URL it then had, with lines naming the
// renames, and the URLs of the pages the renames join; rec is nil when
// the page has no rename, or opts names a version of its own (or the
// lineage has none at at: the caller's read explains).
func renamedVersion(ctx context.Context, r archive.Reader, url string, opts showOptions, at time.Time) (rec *archive.Record, moves [][2]string, renamed map[string]bool, err error) {
	page, err := r.Page(ctx, url)
	if err != nil || (page.MovedTo == "" && len(page.MovedFrom) == 0) {
		return nil, nil, nil, nil // the version read that follows reports a missing page
	}
	for _, m := range moveLines(page) {
		moves = append(moves, [2]string{"Renamed", m})
	}
	line, err := readLineage(ctx, r, page)
	if err != nil {
		return nil, nil, nil, err
	}
	renamed = line.urls()
	if opts.versionSet {
		return nil, moves, renamed, nil
	}
	v, ok := line.latest()
	then := "the URL it has now"
	if opts.At != "" {
		v, ok = line.at(at)
		then = "the URL it had then"
	}
	if !ok {
		return nil, moves, renamed, nil
	}
	if rec, err = r.Version(ctx, v.URL, v.Version); err != nil {
		return nil, nil, nil, err
	}
	if v.URL != page.URL {
		moves = append(moves, [2]string{"Shown", fmt.Sprintf("version %d of %s, %s", v.Version, termsafe.Line(v.URL), then)})
	}
	return rec, moves, renamed, nil
}

// noVersionAt explains an --at before the page's first version: when that
// was, to the precision that tells the two times apart, and what to type
// instead. err is returned when the page itself is unknown.
func noVersionAt(ctx context.Context, r archive.Reader, url, at string, err error) error {
	hist, herr := r.History(ctx, url)
	if page, perr := r.Page(ctx, url); perr == nil && (page.MovedTo != "" || len(page.MovedFrom) > 0) {
		// The article's first version, whichever URL it had.
		if line, lerr := readLineage(ctx, r, page); lerr == nil {
			hist = make([]archive.VersionInfo, len(line.versions))
			for i, v := range line.versions {
				hist[i] = v.VersionInfo
			}
		}
	}
	if herr != nil || len(hist) == 0 {
		return readErr(err)
	}
	first := hist[0].FirstSeen.UTC()
	shown := first.Format(time.RFC3339)
	if strings.Contains(at, shown) || first.Format(time.DateOnly) == at {
		shown = first.Format("2006-01-02T15:04:05.000Z07:00")
	}
	next := first.Truncate(time.Second).Add(time.Second).Format(time.RFC3339)
	if _, derr := time.Parse(time.DateOnly, at); derr == nil {
		next = first.Format(time.DateOnly)
	}
	return reworded{fmt.Sprintf("%s has no version as of %s: its first was seen at %s (try --at %s, or see 'archivist history')",
		url, at, shown, next), err}
}

// copyLines name a copy's original (URL, site, first seen) and list an
// original's copies, from the links fillCopyLinks found.
func copyLines(ctx context.Context, r archive.Reader, rec *archive.Record) [][2]string {
	var out [][2]string
	if rec.CopyOf != "" {
		v := termsafe.Line(rec.CopyOf)
		if p, err := r.Page(ctx, rec.CopyOf); err == nil {
			v += fmt.Sprintf(" (%s, first seen %s)", termsafe.Line(p.Site), fmtTime(p.FirstSeen))
		}
		out = append(out, [2]string{"Copy of", v})
	}
	if len(rec.Copies) > 0 {
		cs := make([]string, len(rec.Copies))
		for i, c := range rec.Copies {
			cs[i] = termsafe.Line(c)
		}
		out = append(out, [2]string{"Copies", fmt.Sprintf("%d: %s", len(cs), strings.Join(cs, ", "))})
	}
	return out
}

// recordMeta is metaLines plus the archive's fields.
func recordMeta(rec *archive.Record) [][2]string {
	out := metaLines(&rec.Article)
	v := fmt.Sprintf("%d (seq %d), first seen %s, last seen %s", rec.Version, rec.Seq, fmtTime(rec.FirstSeen), fmtTime(rec.LastSeen))
	out = append(out, [2]string{"Version", v})
	if rec.Status != 0 && rec.Status != 200 {
		out = append(out, [2]string{"Status", fmt.Sprintf("%d (the page is gone now)", rec.Status)})
	}
	return out
}
