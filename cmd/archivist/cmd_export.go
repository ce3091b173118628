package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
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
	f.StringVar(&o.Since, "since", "", "only versions fetched at or after TIME (RFC 3339 or YYYY-MM-DD, UTC)")
	f.Uint64Var(&o.AfterSeq, "after-seq", 0, "only versions with seq greater than N (resume from the last seq reported)")
	f.StringVar(&o.Site, "site", "", "only pages of this host (and its subdomains)")
	f.BoolVar(&o.AllVersions, "all-versions", false, "every version, not only each page's latest")
	f.StringVarP(&o.Format, "format", "f", formatJSONL, "output format: jsonl or warc")
	f.StringVarP(&o.Output, "output", "o", "-", "write to FILE (gzip-compressed if it ends in .gz); - = stdout")
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
version. Export streams in constant memory, so it works on any archive size.

When done it reports the last seq on stderr: pass it to --after-seq next time
to get only what changed since (new pages, new versions, and versions
improved by 'archivist reextract').

--format warc writes the stored raw pages as WARC records instead.

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
	f := archive.ExportFilter{AfterSeq: opts.AfterSeq, Site: opts.Site, AllVersions: opts.AllVersions}
	if opts.Since != "" {
		if f.Since, err = parseTimeArg("since", opts.Since, false); err != nil {
			return err
		}
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()

	// Output: stdout, or FILE written beside and renamed into place on
	// success, so a failed export never leaves a truncated FILE.
	var out io.Writer = stdout
	var finish func() error
	if opts.Output != "" && opts.Output != "-" {
		tmp, err := os.CreateTemp(filepath.Dir(opts.Output), "."+filepath.Base(opts.Output)+".tmp*")
		if err != nil {
			return err
		}
		defer func() {
			if err != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
		out = tmp
		var gz *gzip.Writer
		if strings.HasSuffix(opts.Output, ".gz") && opts.Format == formatJSONL {
			gz = gzip.NewWriter(tmp)
			out = gz
		}
		finish = func() error {
			if gz != nil {
				if err := gz.Close(); err != nil {
					return err
				}
			}
			if err := tmp.Sync(); err != nil {
				return err
			}
			if err := tmp.Close(); err != nil {
				return err
			}
			return os.Rename(tmp.Name(), opts.Output)
		}
	}

	var n int
	last := opts.AfterSeq
	if opts.Format == formatWARC {
		var l uint64
		l, err = runExportWARC(ctx, r, f, out)
		if l > last {
			last = l
		}
	} else {
		// copy_of / copies from the search index, when there is one and
		// no other process holds it (best effort: the records matter).
		if links, lerr := copyLinksFor(ctx, opts.Archive, r); lerr == nil && len(links) > 0 {
			f.CopyLinks = func(u string) (string, []string) {
				l := links[u]
				return l.CopyOf, l.Copies
			}
		}
		bw := bufio.NewWriterSize(out, 256<<10)
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
	if err == nil && finish != nil {
		err = finish()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "archivist: export interrupted; last complete seq %d\n", last)
		}
		return err
	}
	if opts.Format == formatJSONL {
		fmt.Fprintf(stderr, "exported %d article(s); last seq %d (next time: --after-seq %d)\n", n, last, last)
	} else {
		fmt.Fprintf(stderr, "exported WARC; last seq %d (next time: --after-seq %d)\n", last, last)
	}
	return nil
}
