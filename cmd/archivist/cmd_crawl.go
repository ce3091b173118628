package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler"
)

// crawlOptions are the flags of `archivist crawl`; the source fields mirror
// the sources file and, when given, override it for every source.
type crawlOptions struct {
	Archive      string
	Config       string
	Sources      []string // only these sources of the config
	Name         string
	Feeds        []string
	Sitemaps     []string
	Allow        []string
	Deny         []string
	MaxPages     int
	MaxQueued    int
	Revisit      string
	Adaptive     bool
	RevisitMax   int
	MaxDepth     int
	PDFs         bool
	MaxPDFBytes  int
	Delay        time.Duration
	Concurrency  int
	UserAgent    string
	AllowPrivate bool
	KeepHubs     bool
	// FollowSources sets every source's follow_sources.
	FollowSources bool
	Timeout       time.Duration
	JSON          bool
	Verbose       bool
	Quiet         bool
	WARC          string
	Shard         string

	changed func(name string) bool // which flags were set (nil: none)
	// progress forces the live progress line on (true) or off (false);
	// nil means "when stderr is a terminal". Not a flag.
	progress *bool
}

// AddFlags registers the flags on f.
func (o *crawlOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Config, "config", "", "sources file (TOML); without it the URL arguments form one ad-hoc source")
	f.StringSliceVar(&o.Sources, "source", nil, "crawl only these sources of the config (repeatable)")
	f.StringVar(&o.Name, "name", "", "name of the ad-hoc source (default: the first seed's host)")
	f.StringSliceVar(&o.Feeds, "feed", nil, "RSS/Atom feed URL (repeatable)")
	f.StringSliceVar(&o.Sitemaps, "sitemap", nil, "sitemap or sitemap index URL (repeatable)")
	f.StringArrayVar(&o.Allow, "allow", nil, "regexp a URL must match to be crawled (repeatable; default: the seeds' hosts)")
	f.StringArrayVar(&o.Deny, "deny", nil, "regexp of URLs never crawled (repeatable)")
	f.IntVar(&o.MaxPages, "max-pages", 0, "pages fetched per run at most (0 = no limit)")
	f.IntVar(&o.MaxQueued, "max-queued", 0, fmt.Sprintf("URLs waiting in the queue at most; discovery beyond is dropped, archived unchanged pages first, then the oldest (0 = 4 × --max-pages, or %d)", crawler.DefaultMaxQueued))
	f.StringVar(&o.Revisit, "revisit", crawler.RevisitAuto, "after the crawl, re-check archived pages it did not reach, to catch deletions and edits of unlinked pages: auto or off")
	f.IntVar(&o.RevisitMax, "revisit-budget", 0, "pages re-checked by the revisit pass at most (0 = as many as the crawl fetched, at least 50)")
	f.IntVar(&o.MaxDepth, "max-depth", crawler.DefaultMaxDepth, "link hops from a seed at most; feed and sitemap entries are one hop; the PDFs an archived article links are part of it, fetched even past the limit (0 = only the seeds, with the PDFs of those that are articles)")
	f.BoolVar(&o.PDFs, "pdfs", true, "archive PDF reports linked from pages (--pdfs=false: skip them)")
	f.IntVar(&o.MaxPDFBytes, "max-pdf-bytes", crawler.DefaultMaxPDFBytes, "size limit of one PDF in bytes")
	f.DurationVar(&o.Delay, "delay", crawler.DefaultDelay, "least time between the starts of two requests to one host (robots.txt Crawl-delay may raise it)")
	f.IntVar(&o.Concurrency, "concurrency", 1, "requests in flight per host at most (the delay still spaces their starts)")
	f.BoolVar(&o.Adaptive, "adaptive", false, "slow a host down when its latency rises or it answers 429/503, never below --delay")
	f.StringVar(&o.UserAgent, "user-agent", "", "User-Agent header (default: config's, else "+crawler.DefaultUserAgent+")")
	f.BoolVar(&o.AllowPrivate, "allow-private", false, "allow loopback, private and link-local addresses (refused by default)")
	f.BoolVar(&o.KeepHubs, "keep-hubs", false, "archive hub pages (listings, tags, home pages) too")
	f.BoolVar(&o.FollowSources, "follow-sources", false, "also fetch once the original (source_url) of each syndicated copy, on any site")
	f.DurationVar(&o.Timeout, "timeout", crawler.DefaultTimeout, "timeout per request")
	f.BoolVar(&o.JSON, "json", false, "print the summary of each source as a JSON line")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "log every page")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print only errors: no progress, no summary (unless --json)")
	f.StringVar(&o.Shard, "shard", "", "crawl only the sources of shard i of N (i/N), so N machines share one --config; see README")
	f.StringVar(&o.WARC, "warc", "", "also write every fetch (request and response records) to this WARC file, appending (gzip per record if it ends in .gz)")
}

func newCrawlCommand() *cobra.Command {
	var opts crawlOptions
	cmd := &cobra.Command{
		Use:   "crawl [flags] [URL...]",
		Short: "Crawl sources once into the archive",
		Long: `Crawl fetches the sources once and exits. URL arguments form one ad-hoc
source (seeds); --config names a sources file (TOML, see README "Crawling")
with one [[source]] table per site. Flags mirror the source fields and,
when given, override them for every source.

Discovery follows in-scope links, RSS/Atom feeds (configured and advertised
by pages) and sitemaps (configured, listed in robots.txt, indexes, gzip,
news sitemaps). robots.txt and its Crawl-delay are obeyed; 429/5xx are
retried with backoff honouring Retry-After. --delay (or a larger robots.txt
Crawl-delay) is the least time between the starts of two requests to one
host, whatever --concurrency, which only caps requests in flight. Articles are archived; hubs
(listings, tags, home pages) are followed, not archived. Challenge pages,
paywall stubs, soft 404s and empty extractions are recorded as failed
captures and retried on the next run. Known pages are re-fetched with
conditional requests; after the crawl, archived pages it did not reach are
re-checked (--revisit, most overdue first, pages that change often sooner)
so deletions and edits of pages no longer linked are caught. Discovery is
bounded (--max-queued: new pages first, newest sitemap and feed entries
first, archived unchanged pages dropped first), and an
unchanged sitemap's pages are not queued again.

Exit status 1 when a source fetched nothing because every seed was refused
or failed ('archivist crawls --failures' lists them).

The frontier lives in the archive: after Ctrl-C or a crash, run the same
command again and it resumes without re-fetching finished pages. Loopback,
private and link-local addresses are refused unless --allow-private.

Progress is a live line when standard error is a terminal, else a log line
every 10 seconds; warnings are logged; a summary per source is printed at
the end, and each run is recorded ('archivist crawls'). -v logs every page;
--quiet prints errors only.` + exitCodesHelp,
		Example: `  archivist crawl https://example.org/research/
  archivist crawl --config sources.toml
  archivist crawl --config sources.toml --source africacenter --max-pages 50`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := timeoutGiven(c, opts.Timeout); err != nil {
				return err
			}
			defer crawler.ExtraProc()() // a crawl's setting: see its doc
			opts.changed = func(n string) bool { return c.Flags().Changed(n) }
			return runCrawl(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	archiveFlag(cmd, &opts.Archive)
	lockWaitFlag(cmd)
	return cmd
}

// crawlSources builds the sources to crawl from the config and flags.
func crawlSources(opts crawlOptions, args []string) ([]crawler.Source, error) {
	changed := opts.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	// Flags that pick or name sources belong to one way of giving them:
	// ignored, a typo'd --source crawled the seeds under another name.
	switch {
	case opts.Config == "" && len(opts.Sources) > 0:
		return nil, usageError{errors.New("--source picks sources of a --config file; the URL arguments' source is named with --name")}
	case opts.Config == "" && opts.Shard != "":
		return nil, usageError{errors.New("--shard needs --config")}
	case opts.Config != "" && opts.Name != "":
		return nil, usageError{errors.New("--name names the source of URL arguments; a --config file names its sources (pick some with --source)")}
	}
	var sources []crawler.Source
	switch {
	case opts.Config != "" && len(args) > 0:
		return nil, usageError{errors.New("give either --config or URL arguments, not both")}
	case opts.Config != "":
		cfg, err := loadConfig(opts.Config)
		if err != nil {
			return nil, err
		}
		want := map[string]bool{}
		for _, s := range opts.Sources {
			want[s] = true
		}
		// Found names leave want, so the names left are unknown; whether
		// a source is wanted is asked of opts.Sources (want empties).
		for _, s := range cfg.Sources {
			if len(opts.Sources) == 0 || slices.Contains(opts.Sources, s.Name) {
				sources = append(sources, s)
				delete(want, s.Name)
			}
		}
		for n := range want {
			return nil, usageError{fmt.Errorf("no source %q in %s (it has: %s)", n, opts.Config, sourceNames(cfg.Sources))}
		}
		if sources, err = shardSources(opts.Shard, sources); err != nil {
			return nil, err
		}
	case len(args) > 0 || len(opts.Feeds) > 0 || len(opts.Sitemaps) > 0:
		sources = []crawler.Source{{Name: opts.Name, Seeds: args, Feeds: opts.Feeds, Sitemaps: opts.Sitemaps}}
	default:
		return nil, usageError{errors.New("nothing to crawl: give URLs or --config")}
	}
	for i := range sources {
		s := &sources[i]
		if opts.Config != "" {
			s.Feeds = append(s.Feeds, opts.Feeds...)
			s.Sitemaps = append(s.Sitemaps, opts.Sitemaps...)
		}
		if changed("allow") || opts.Config == "" {
			s.Allow = append(s.Allow, opts.Allow...)
		}
		s.Deny = append(s.Deny, opts.Deny...)
		if changed("max-pages") {
			s.MaxPages = opts.MaxPages
		}
		if changed("max-queued") {
			s.MaxQueued = opts.MaxQueued
		}
		if changed("adaptive") {
			s.Adaptive = opts.Adaptive
		}
		if changed("revisit") {
			s.Revisit = opts.Revisit
		}
		if changed("revisit-budget") {
			s.RevisitBudget = opts.RevisitMax
		}
		if changed("max-depth") {
			depth := opts.MaxDepth
			s.MaxDepth = &depth
		}
		if changed("pdfs") {
			on := opts.PDFs
			s.PDFs = &on
		}
		if changed("max-pdf-bytes") {
			s.MaxPDFBytes = opts.MaxPDFBytes
		}
		if opts.FollowSources {
			s.FollowSources = true
		}
		if changed("delay") || (opts.Config == "" && s.Delay == nil) {
			s.Delay = &crawler.Duration{Duration: opts.Delay}
		}
		if changed("concurrency") || opts.Config == "" {
			s.Concurrency = opts.Concurrency
		}
		if opts.UserAgent != "" {
			s.UserAgent = opts.UserAgent
		}
		if err := s.Validate(); err != nil {
			if s.Name == "" { // an ad-hoc source whose seeds did not parse: no name yet
				return nil, usageError{err}
			}
			return nil, usageError{fmt.Errorf("source %s: %w", s.Name, err)}
		}
	}
	return sources, nil
}

// runCrawl crawls each source once, printing a summary per source.
func runCrawl(ctx context.Context, opts crawlOptions, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sources, err := crawlSources(opts, args)
	if err != nil {
		return err
	}
	if opts.Quiet && opts.Verbose {
		return usageError{errors.New("give --quiet or --verbose, not both")}
	}
	if len(sources) == 0 && opts.Shard != "" {
		fmt.Fprintf(stderr, "shard %s: none of the sources of %s hash to it; nothing to crawl\n", opts.Shard, opts.Config)
		return nil
	}
	live := isTerminal(stderr) && !opts.Quiet
	if opts.progress != nil {
		live = *opts.progress
	}
	logger := crawlLogger(stderr, opts.Verbose, opts.Quiet, live)
	defer asDefault(logger)()
	progressOut := stderr
	if opts.Quiet {
		progressOut = io.Discard
	}
	// The WARC copy opens first: a bad --warc path stops the crawl before
	// the archive is created.
	var ww *warcAppender
	if opts.WARC != "" {
		if err := checkOutputPath("--warc", opts.WARC); err != nil {
			return err
		}
		if ww, err = openWARCAppender(opts.WARC, logger); err != nil {
			return err
		}
		defer ww.Close()
	}
	w, err := openWriter(ctx, opts.Archive)
	if err != nil {
		if ww != nil {
			ww.Discard()
		}
		return err
	}
	defer w.Close()
	failed := false
	for i, src := range sources {
		co := crawlerOptions(opts, logger, w)
		if ww != nil {
			co.OnFetch = ww.write
		}
		sum, err := crawlOne(ctx, w, src, co, live, progressOut)
		if !opts.Quiet || opts.JSON {
			printSummary(stdout, sum, opts.JSON)
		}
		if err != nil {
			if ctx.Err() != nil {
				fmt.Fprintf(stderr, "crawl of %s interrupted with %d URLs queued; run the same command again to resume\n", src.Name, sum.Queued)
				return ctx.Err()
			}
			fmt.Fprintf(stderr, "archivist crawl: %s: %v\n", src.Name, err)
			failed = true
			// The next sources could fetch their pages but not keep them.
			if rest := sources[i+1:]; archive.StorageFull(err) && len(rest) > 0 {
				fmt.Fprintf(stderr, "archivist crawl: not crawled, as the archive cannot be written: %s\n", sourceNames(rest))
				break
			}
		}
	}
	if ww != nil {
		if err := ww.Close(); err != nil {
			return fmt.Errorf("warc %s: %w", opts.WARC, err)
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if failed {
		return silentError{errors.New("some sources failed")}
	}
	return nil
}

func crawlerOptions(opts crawlOptions, logger *slog.Logger, w *writer) *crawler.Options {
	return &crawler.Options{
		AllowPrivate: opts.AllowPrivate,
		KeepHubs:     opts.KeepHubs,
		Timeout:      opts.Timeout,
		Logger:       logger,
		AfterBatch:   w.Sync,
	}
}

// crawlOne runs one source with the progress display.
func crawlOne(ctx context.Context, w *writer, src crawler.Source, co *crawler.Options, live bool, stderr io.Writer) (crawler.Summary, error) {
	var mu sync.Mutex
	if live {
		co.Progress = func(p crawler.Progress) {
			mu.Lock()
			defer mu.Unlock()
			// A line longer than the terminal wraps, and \r then
			// rewrites only its last part.
			fmt.Fprintf(stderr, "\r\033[K%s", fitWidth(progressLine(p), termWidth(stderr)))
		}
	} else {
		co.ProgressEvery = 10 * time.Second
		co.Progress = func(p crawler.Progress) {
			co.Logger.Info("progress", "fetched", p.Fetched, "queued", p.Queued, "new", p.New, "changed", p.Changed,
				"unchanged", p.Unchanged, "failed", p.Failed, "errors", p.Errors, "pages_per_sec", fmt.Sprintf("%.1f", p.PagesPerSec()))
		}
	}
	c, err := crawler.New(w.A, src, co)
	if err != nil {
		return crawler.Summary{Progress: crawler.Progress{Source: src.Name}}, err
	}
	sum, err := c.Run(ctx)
	if live {
		fmt.Fprint(stderr, "\r\033[K")
	}
	return sum, err
}

func progressLine(p crawler.Progress) string {
	return fmt.Sprintf("%s: fetched %d, queued %d | new %d, changed %d, unchanged %d | failed %d, errors %d | %.1f pages/s",
		p.Source, p.Fetched, p.Queued, p.New, p.Changed, p.Unchanged, p.Failed, p.Errors, p.PagesPerSec())
}

func printSummary(w io.Writer, s crawler.Summary, asJSON bool) {
	if asJSON {
		b, _ := json.Marshal(struct {
			Type string `json:"type"`
			crawler.Progress
			Elapsed     float64 `json:"elapsed_seconds"`
			PagesPerSec float64 `json:"pages_per_sec"`
			RunID       uint64  `json:"run_id"`
			Status      string  `json:"status"`
			Resumed     bool    `json:"resumed"`
		}{"summary", s.Progress, s.Elapsed.Seconds(), s.PagesPerSec(), s.RunID, s.Status, s.Resumed})
		fmt.Fprintln(w, string(b))
		return
	}
	resumed := ""
	if s.Resumed {
		resumed = " (resumed)"
	}
	status := s.Status
	if status == "" {
		status = "failed"
	}
	// Three short lines, not one of 170 columns: what ran, what was
	// archived, and what was not and why.
	fmt.Fprint(w, wrapList("", []string{
		fmt.Sprintf("%s: %s%s in %s", s.Source, status, resumed, s.Elapsed.Round(100*time.Millisecond)),
		fmt.Sprintf("%s fetched (%.1f/s)", count(s.Fetched, "page", "pages"), s.PagesPerSec()),
		fmt.Sprintf("%d queued", s.Queued),
	}, summaryWidth))
	fmt.Fprint(w, wrapList("  archived:", []string{
		fmt.Sprintf("%d new", s.New), fmt.Sprintf("%d changed", s.Changed),
		fmt.Sprintf("%d unchanged", s.Unchanged), fmt.Sprintf("%d gone", s.Gone),
	}, summaryWidth))
	if s.Revisited > 0 {
		fmt.Fprint(w, wrapList("  revisited:", []string{
			count(s.Revisited, "archived page not reached by the crawl", "archived pages not reached by the crawl"),
			fmt.Sprintf("%d changed", s.RevisitChanged), fmt.Sprintf("%d gone", s.RevisitGone),
		}, summaryWidth))
	}
	if s.Renamed > 0 {
		fmt.Fprint(w, wrapList("  renamed:", []string{
			count(s.Renamed, "archived page moved to a new URL (its history follows it: 'archivist history')", "archived pages moved to new URLs (their histories follow them: 'archivist history')"),
		}, summaryWidth))
	}
	var not []string
	if s.Hubs > 0 {
		not = append(not, count(s.Hubs, "hub followed", "hubs followed"))
	}
	if s.Failed > 0 {
		not = append(not, count(s.Failed, "failed capture", "failed captures")+" ('archivist crawls --failures')")
	}
	if s.Skipped > 0 {
		not = append(not, fmt.Sprintf("%d skipped (robots.txt, not HTML, or redirected out of scope)", s.Skipped))
	}
	if s.DeadLinks > 0 {
		not = append(not, count(s.DeadLinks, "dead link", "dead links")+" (404/410)")
	}
	if s.Errors > 0 {
		not = append(not, count(s.Errors, "error", "errors")+" (logged above)")
	}
	if len(not) > 0 {
		fmt.Fprint(w, wrapList("  not archived:", not, summaryWidth))
	}
}

// sourceNames lists the sources' names, comma-separated.
func sourceNames(sources []crawler.Source) string {
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
