package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// statsOptions are the flags of `archivist stats`.
type statsOptions struct {
	Archive string
	JSON    bool
}

func (o *statsOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.JSON, "json", false, "print the numbers as one JSON object, on one line")
}

func newStatsCommand() *cobra.Command {
	var opts statsOptions
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Summarise the archive: pages, versions, sites, gone pages, bytes",
		Long: `Stats prints what the archive holds: pages, versions, sites, gone pages,
pages whose last capture failed, the size of the raw pages as fetched and
what the archive stores for them (the raw pages compressed and
de-duplicated, plus each version's extracted article and metadata: on
small pages that can be more than the raw pages alone), the last crawl and
the last sequence number (for 'archivist export --after-seq').

Examples:
  archivist stats
  archivist stats --json --archive /data/think-tanks.db
` + exitCodesHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStats(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runStats(ctx context.Context, opts statsOptions, args []string, stdout, stderr io.Writer) error {
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	s, err := r.Stats(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(s)
	}
	fmt.Fprintf(stdout, "pages:        %d\n", s.Pages)
	fmt.Fprintf(stdout, "versions:     %d\n", s.Versions)
	fmt.Fprintf(stdout, "sites:        %d\n", s.Sites)
	fmt.Fprintf(stdout, "gone pages:   %d\n", s.Gone)
	fmt.Fprintf(stdout, "failed pages: %d\n", s.Failed)
	fmt.Fprintf(stdout, "raw pages:    %s as fetched\n", humanBytes(s.RawBytes))
	fmt.Fprintf(stdout, "stored:       %s (raw pages compressed and de-duplicated, plus articles and metadata)\n", humanBytes(s.StoredBytes))
	fmt.Fprintf(stdout, "last crawl:   %s\n", fmtTime(s.LastCrawl))
	fmt.Fprintf(stdout, "last seq:     %d\n", s.LastSeq)
	return nil
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
