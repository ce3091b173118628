package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
)

// crawlsOptions are the flags of `archivist crawls`.
type crawlsOptions struct {
	Archive  string
	Limit    int
	Source   string
	Failures bool
	JSON     bool
}

// AddFlags registers the flags on f.
func (o *crawlsOptions) AddFlags(f *pflag.FlagSet) {
	f.IntVarP(&o.Limit, "limit", "n", 20, "show the last N runs")
	f.StringVar(&o.Source, "source", "", "only runs of this source")
	f.BoolVar(&o.Failures, "failures", false, "list each run's failed URLs with their reason")
	f.BoolVar(&o.JSON, "json", false, "one JSON object per run")
}

func newCrawlsCommand() *cobra.Command {
	var opts crawlsOptions
	cmd := &cobra.Command{
		Use:   "crawls [flags]",
		Short: "List recent crawl runs",
		Long: `Crawls lists the most recent crawl runs recorded in the archive, newest
first: source, start, duration, status (running, done, interrupted, or
failed: nothing could be fetched) and counts (fetched, new, changed,
unchanged, gone, revisited, failed captures, errors); a running crawl shows its counts so far (updated every 2 seconds),
an interrupted one what it did before it stopped.
--failures lists the URLs that failed in each run with the reason (they are
retried first on the next run). Works while a crawl is writing.` + exitCodesHelp,
		Example: `  archivist crawls
  archivist crawls --source africacenter --failures`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runCrawls(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	archiveFlag(cmd, &opts.Archive)
	return cmd
}

func runCrawls(ctx context.Context, opts crawlsOptions, _ []string, stdout, _ io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := atLeast("limit", opts.Limit, 1); err != nil {
		return err
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	limit := opts.Limit
	if opts.Source != "" {
		limit = 0 // filter below, then cut
	}
	runs, err := r.Runs(ctx, limit)
	if err != nil {
		return err
	}
	var out []archive.Run
	sources := map[string]bool{}
	for _, run := range runs {
		sources[run.Source] = true
		if opts.Source == "" || run.Source == opts.Source {
			out = append(out, run)
		}
	}
	if opts.Source != "" && len(out) == 0 {
		// A name that never ran is a typo or the wrong archive: say which
		// names there are rather than "no crawl runs yet".
		if len(sources) == 0 {
			return fmt.Errorf("no runs of source %q: %s has no crawl runs yet", opts.Source, opts.Archive)
		}
		names := make([]string, 0, len(sources))
		for n := range sources {
			names = append(names, n)
		}
		sort.Strings(names)
		return fmt.Errorf("no runs of source %q in %s (sources with runs: %s)", opts.Source, opts.Archive, strings.Join(names, ", "))
	}
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		for _, run := range out {
			if !opts.Failures {
				run.Failures = nil
			}
			if err := enc.Encode(run); err != nil {
				return err
			}
		}
		return nil
	}
	sw := &safeWriter{w: stdout}
	defer sw.Flush()
	stdout = sw
	if len(out) == 0 {
		fmt.Fprintln(stdout, "no crawl runs yet")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSOURCE\tSTARTED\tDURATION\tSTATUS\tFETCHED\tNEW\tCHANGED\tUNCHANGED\tGONE\tREVISITED\tFAILED\tERRORS\tQUEUED")
	for _, run := range out {
		dur := "-"
		if !run.Finished.IsZero() {
			dur = run.Finished.Sub(run.Started).Round(100 * time.Millisecond).String()
		}
		c := run.Counts
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", run.ID, run.Source,
			run.Started.UTC().Format("2006-01-02 15:04:05"), dur, run.Status,
			c["fetched"], c["new"], c["changed"], c["unchanged"], c["gone"], c["revisited"], c["failed"], c["errors"], c["queued"])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.Failures {
		for _, run := range out {
			if len(run.Failures) == 0 {
				continue
			}
			fmt.Fprintf(stdout, "\nrun %d (%s) failures:\n", run.ID, run.Source)
			urls := make([]string, 0, len(run.Failures))
			for u := range run.Failures {
				urls = append(urls, u)
			}
			sort.Strings(urls)
			for _, u := range urls {
				fmt.Fprintf(stdout, "  %s\t%s\n", u, strings.TrimSpace(run.Failures[u]))
			}
		}
	}
	return nil
}
