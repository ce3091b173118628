package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/internal/demosite"
)

// demoOptions are the flags of `archivist demo`.
type demoOptions struct {
	Archive string
	Verbose bool
}

// AddFlags registers the flags on f.
func (o *demoOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Archive, "archive", "demo.db", "archive file to crawl the demo into")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "log every page")
}

func newDemoCommand() *cobra.Command {
	var opts demoOptions
	cmd := &cobra.Command{
		Use:   "demo [flags]",
		Short: "Crawl a bundled demo site twice and show what to try next",
		Long: `Demo starts two small bundled websites on loopback — a think tank with
sections, an RSS feed and a sitemap, and a news aggregator that republishes
some of its articles with syndication chrome — crawls them into ./demo.db
(--archive to change), changes one article, crawls again, and prints
commands to try on the result. It needs no network and ends in seconds.
Running it again adds to the same archive.` + exitCodesHelp,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runDemo(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runDemo(ctx context.Context, opts demoOptions, _ []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	site, err := demosite.Start()
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	defer site.Close()
	w, err := openWriter(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer w.Close()
	level := slog.LevelWarn
	if opts.Verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	none := &crawler.Duration{}
	sources := []crawler.Source{
		{Name: "demo-thinktank", Seeds: []string{site.ThinkTank + "/"}, Feeds: []string{site.ThinkTank + "/feed.xml"}, Delay: none, Concurrency: 4},
		{Name: "demo-aggregator", Seeds: []string{site.Aggregator + "/"}, Delay: none, Concurrency: 4},
	}
	fmt.Fprintf(stdout, "Demo sites: think tank %s, aggregator %s (loopback only)\n", site.ThinkTank, site.Aggregator)
	for pass := 1; pass <= 2; pass++ {
		site.SetPass(pass)
		if pass == 2 {
			fmt.Fprintln(stdout, "\nOne article was revised on the think tank; crawling again (conditional requests)...")
		}
		for _, src := range sources {
			c, err := crawler.New(w.A, src, &crawler.Options{
				// The demo site is our own loopback server: the private-address
				// guard is lifted for it only.
				AllowPrivate: true,
				Restart:      true,
				Timeout:      10 * time.Second,
				Logger:       logger,
				AfterBatch:   w.Sync,
			})
			if err != nil {
				return err
			}
			sum, err := c.Run(ctx)
			fmt.Fprintf(stdout, "pass %d ", pass)
			printSummary(stdout, sum, false)
			if err != nil {
				return err
			}
		}
	}
	if err := w.Sync(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var changed, copied demosite.Article
	for _, a := range site.Articles {
		if a.Changes {
			changed = a
		}
		if a.Syndicated != "" && copied.Slug == "" {
			copied = a
		}
	}
	db := opts.Archive
	fmt.Fprintf(stdout, `
Archive: %s. Try next:
  archivist search --archive %s water sahel
  archivist show --archive %s %s
  archivist history --archive %s %s
  archivist diff --archive %s %s
  archivist show --archive %s %s      # the aggregator's copy, chrome removed
  archivist copies --archive %s %s
  archivist crawls --archive %s
  archivist stats --archive %s
  archivist export --archive %s > articles.jsonl
`, db, db, db, site.URL(copied), db, site.URL(changed), db, site.URL(changed), db, site.CopyURL(copied),
		db, site.URL(copied), db, db, db)
	return w.Close()
}
