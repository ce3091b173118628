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

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/internal/termsafe"
	"github.com/archivist-org/archivist/search"
)

// copiesOptions are the flags of `archivist copies`.
type copiesOptions struct {
	Archive string
	JSON    bool
}

// AddFlags registers the flags on f.
func (o *copiesOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.JSON, "json", false, "print JSON Lines (one page a line)")
}

func newCopiesCommand() *cobra.Command {
	var opts copiesOptions
	cmd := &cobra.Command{
		Use:   "copies [flags] URL",
		Short: "List the original and every republished copy of an article",
		Long: `Copies lists every archived page whose text is a near-copy of the page at
URL: the original and its republications (aggregators, syndication), with
site, date and the estimated fraction of the text they share.

Each page's latest text gets a fingerprint when it is indexed (MinHash over
five-word shingles, never across paragraphs), so copies are found even when
they add navigation and share rows, drop paragraphs or reorder them. Pages
sharing at least half of the shorter text count as copies.

The original is the page the copies' source_url points to; failing that,
the earliest published (or first seen) one.

--json prints JSON Lines: url, site, title, date, dated, role (original or
copy), shared, similarity, self (the page asked about); nothing for a
page with no copies.` + exitCodesHelp,
		Example: `  archivist copies https://example.org/analysis/sahel-security
  archivist copies --json https://aggregator.example/story/123`,
		Args: argsBetween(1, 1),
		RunE: func(c *cobra.Command, args []string) error {
			return runCopies(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

// runCopies prints the copy group of args[0].
func runCopies(ctx context.Context, opts copiesOptions, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return usageError{errors.New("copies: give exactly one URL")}
	}
	// A malformed URL is said before the index is opened and brought up
	// to date, which can take a while (one without its scheme may be
	// archived: see archivedURL).
	if _, err := archive.NormalizeURL(args[0]); err != nil && strings.Contains(args[0], "://") {
		return usageError{err}
	}
	u := args[0]
	var group []search.Copy
	err := withSearch(ctx, opts.Archive, stderr, func(ix *search.Index, r archive.Reader, remote *search.Remote) error {
		// The page's own URL (normalised; an alias resolves to its page).
		p, err := r.Page(ctx, archivedURL(ctx, r, args[0]))
		if err != nil {
			return readErr(err)
		}
		u = p.URL
		if remote != nil {
			group, err = remote.Copies(ctx, u)
		} else {
			group, err = ix.Copies(ctx, u)
		}
		if err != nil {
			return err
		}
		group, err = withoutRenames(ctx, r, p, group)
		return err
	})
	if errors.Is(err, search.ErrNotIndexed) {
		return fmt.Errorf("copies: %s has no fingerprint (no text, or too short to compare)", u)
	}
	if err != nil {
		return err
	}
	return printCopies(stdout, group, opts.JSON)
}

// withoutRenames drops from group the article under its other URLs
// (archive.Page.MovedTo, MovedFrom): the index finds them near-duplicates,
// but they are no copies of it (show filters them so too). When the one it
// dropped was the original, the article itself is.
func withoutRenames(ctx context.Context, r archive.Reader, p *archive.Page, group []search.Copy) ([]search.Copy, error) {
	if p.MovedTo == "" && len(p.MovedFrom) == 0 {
		return group, nil
	}
	line, err := readLineage(ctx, r, p)
	if err != nil {
		return nil, readErr(err)
	}
	renamed := line.urls() // the page itself too: it is c.Self, kept
	original := false
	group = slices.DeleteFunc(group, func(c search.Copy) bool {
		drop := !c.Self && renamed[c.URL]
		original = original || (drop && c.Role == "original")
		return drop
	})
	if original {
		for i, c := range group {
			if c.Self {
				c.Role = "original"
				group = append(append([]search.Copy{c}, group[:i]...), group[i+1:]...) // the original first
				break
			}
		}
	}
	return group, nil
}

func printCopies(w io.Writer, group []search.Copy, asJSON bool) error {
	bw := bufio.NewWriter(w)
	if len(group) <= 1 && asJSON {
		return nil // no copies: no line (the page alone is no group)
	}
	if asJSON {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, c := range group {
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	if len(group) <= 1 {
		fmt.Fprintln(bw, "no copies found")
		return bw.Flush()
	}
	for _, c := range group {
		date := "          "
		if !c.Date.IsZero() {
			date = c.Date.Format("2006-01-02")
		}
		shared := fmt.Sprintf("%3.0f%%", c.Shared*100)
		self := ""
		if c.Self {
			shared, self = "   -", "  (this page)"
		}
		fmt.Fprintf(bw, "%-8s  %s  %s  %-28s  %s%s\n", c.Role, date, shared, termsafe.Line(c.Site), termsafe.Line(c.URL), self)
	}
	fmt.Fprintf(bw, "%s; shared = estimated fraction of the shorter text in common with this page\n", count(len(group)-1, "copy", "copies"))
	return bw.Flush()
}
