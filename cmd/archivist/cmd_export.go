package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/warcio"
)

const formatWARC = "warc"

// exportOptions are the flags of `archivist export`.
type exportOptions struct {
	Archive     string
	Since       string
	AfterSeq    uint64
	Site        string
	AllVersions bool
	Format      string
	Output      string
}

func (o *exportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Since, "since", "", "only versions fetched at or after TIME (YYYY-MM-DD, YYYY-MM-DD HH:MM, UTC; or RFC 3339)")
	f.Uint64Var(&o.AfterSeq, "after-seq", 0, "only versions with seq greater than N (resume from the last seq reported)")
	f.Var(commaList{&o.Site}, "site", "only pages of this host (or a URL of it) and its subdomains; several: comma-separated, or the flag repeated")
	f.BoolVar(&o.AllVersions, "all-versions", false, "every version, not only each page's latest")
	f.StringVarP(&o.Format, "format", "f", formatJSONL, "output format: jsonl or warc")
	f.StringVarP(&o.Output, "output", "o", "-", "write to FILE, gzip-compressed if it ends in .gz; - = stdout")
}

func newExportCommand() *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export articles as JSON Lines (or WARC), incrementally",
		Long: `Export writes the archive's articles as JSON Lines: one article per line, in
sequence order, with the extractor's schema (see 'archivist extract --format
json') plus version, seq, first_seen, last_seen, fetched_at, content_hash and
status. By default each page's latest version; --all-versions gives every
version. A renamed page (its URL now redirects for good to another) and
the page it moved to name each other on their latest versions (moved_to,
moved_from; see docs/schema.md). Export streams in constant memory, so it works on any archive size.

When done it reports the last seq on stderr: pass it to --after-seq next time
to get only what changed since (new pages, new versions, and versions
improved by 'archivist reextract').

--format warc writes the stored raw pages as WARC records instead.

-o FILE is written beside FILE and renamed into place when complete: a
failed or interrupted export leaves FILE as it was and nothing else behind.
Compression follows the name: FILE.gz is gzip (for WARC, one gzip member
per record, as replay tools expect), anything else, and standard output,
is plain. WARC is never written to a terminal.

Examples:
  archivist export -o articles.jsonl.gz
  archivist export --site example.org --since 2024-01-01 | jq .title
  archivist export --after-seq 18234 -o delta.jsonl
  archivist export --all-versions --format warc -o archive.warc.gz
` + exitCodesHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runExport(ctx context.Context, opts exportOptions, args []string, stdout, stderr io.Writer) (err error) {
	if err := oneOf("format", opts.Format, formatJSONL, formatWARC); err != nil {
		return err
	}
	f := archive.ExportFilter{AfterSeq: opts.AfterSeq, Site: siteArg(opts.Site), AllVersions: opts.AllVersions}
	if opts.Since != "" {
		if f.Since, err = parseTimeArg("since", opts.Since, false); err != nil {
			return err
		}
	}
	if err := checkOutputPath("-o", opts.Output); err != nil {
		return err
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	// The resume point is the archive's last seq when the export starts:
	// every version up to it is either exported or excluded by the
	// filters, so the same filters with --after-seq of it miss nothing,
	// whether or not anything matched this time.
	st, err := r.Stats(ctx)
	if err != nil {
		return err
	}
	if opts.AfterSeq > st.LastSeq {
		return fmt.Errorf("--after-seq %d is beyond the last seq of %s (%d): was the number reported by another archive?",
			opts.AfterSeq, opts.Archive, st.LastSeq)
	}
	kind := gzipText
	if opts.Format == formatWARC {
		kind = binaryOutput
	}
	out, err := createOutput(opts.Output, stdout, kind)
	if err != nil {
		return err
	}
	defer out.Abort()

	// A damaged version is skipped, named, and makes the exit status 1.
	bad := 0
	f.OnBadRecord = func(seq uint64, url string, err error) {
		bad++
		fmt.Fprintf(stderr, "archivist export: skipped seq %d (%q): it cannot be read: %v\n", seq, url, err)
	}
	var n int
	var indexErr error // a damaged search index: the export is whole, without copy links
	last := opts.AfterSeq
	if opts.Format == formatWARC {
		var l uint64
		l, n, err = warcio.Export(ctx, r, f, out.W, &warcio.ExportOptions{Writer: warcio.WriterOptions{NoCompress: !out.Gzip}})
		last = max(last, l)
	} else {
		// copy_of / copies from the search index, when there is one and
		// no other process holds it (best effort: the records matter; a
		// damaged index is reported once they are written).
		links, lerr := copyLinksFor(ctx, opts.Archive, r)
		if isIndexDamage(lerr) {
			indexErr = lerr
		}
		if lerr == nil && len(links) > 0 {
			f.CopyLinks = func(u string) (string, []string) {
				l := links[u]
				return l.CopyOf, l.Copies
			}
		}
		bw := bufio.NewWriterSize(out.W, 256<<10)
		if fast, ok := r.(archive.JSONLExporter); ok {
			// Splices stored article JSON: same lines, no re-encoding.
			var l uint64
			n, l, err = fast.ExportJSONL(ctx, f, bw)
			last = max(last, l)
		} else {
			enc := json.NewEncoder(bw)
			enc.SetEscapeHTML(false)
			err = r.Export(ctx, f, func(rec *archive.Record) error {
				if err := enc.Encode(rec); err != nil {
					return err
				}
				n++
				last = max(last, rec.Seq)
				return nil
			})
		}
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
	}
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && out.Path == "" {
			fmt.Fprintf(stderr, "export interrupted; complete up to seq %d (resume with --after-seq %d)\n", last, last)
		}
		return err
	}
	what := count(n, "article", "articles")
	if opts.Format == formatWARC {
		what = count(n, "WARC record", "WARC records")
	}
	to := ""
	if out.Path != "" {
		to = " to " + opts.Output
	}
	next := max(last, st.LastSeq)
	same := ""
	if opts.Since != "" || opts.Site != "" || opts.AllVersions {
		same = " with the same filters"
	}
	fmt.Fprintf(stderr, "exported %s%s; last seq %d (next time%s: --after-seq %d)\n", what, to, next, same, next)
	if bad > 0 {
		return fmt.Errorf("%s could not be read and %s skipped; 'archivist verify --archive %s' lists the damage",
			count(bad, "version", "versions"), map[bool]string{true: "was", false: "were"}[bad == 1], opts.Archive)
	}
	if indexErr != nil {
		return fmt.Errorf("exported without copy_of/copies: %w", indexErr)
	}
	return nil
}
