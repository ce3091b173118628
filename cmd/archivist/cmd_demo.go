package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
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

Running it again rebuilds the archive from scratch (the sites get new
ports each time, so adding to it would double every page), saying so. It
only ever removes an archive an earlier demo made: any other file at
--archive is left alone and the demo stops with an error.` + exitCodesHelp,
		Example: `  archivist demo
  archivist demo --archive /tmp/try.db && archivist search --archive /tmp/try.db water`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			defer crawler.ExtraProc()() // a crawl's setting: see its doc
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
	if err := clearDemoArchive(opts.Archive, stdout); err != nil {
		return err
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
	self := selfCommand()
	fmt.Fprintf(stdout, "\nArchive: %s. Try next:\n", db)
	for _, c := range []string{
		"search --archive %s water sahel",
		"show --archive %s " + site.URL(copied),
		"history --archive %s " + site.URL(changed),
		"diff --archive %s " + site.URL(changed),
		"show --archive %s " + site.CopyURL(copied) + "   # the aggregator's copy, chrome removed",
		"copies --archive %s " + site.URL(copied),
		"crawls --archive %s",
		"stats --archive %s",
		"export --archive %s > articles.jsonl",
	} {
		fmt.Fprintf(stdout, "  %s "+c+"\n", self, db)
	}
	return w.Close()
}

// demoSources are the names of the demo's sources: an archive whose runs
// are all of these was made by the demo.
var demoSources = map[string]bool{"demo-thinktank": true, "demo-aggregator": true}

// clearDemoArchive removes the archive at path (and its search index) if an
// earlier demo made it, so the demo starts from nothing: the sites get new
// ports each time, and adding to the old archive would double every page.
// Nothing there is fine; anything else (another archive, a foreign file) is
// an error and is left alone.
func clearDemoArchive(path string, stdout io.Writer) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	a, err := archive.Open(path, &archive.Options{Timeout: time.Second})
	if errors.Is(err, archive.ErrLocked) {
		return fmt.Errorf("%s: another archivist process is using it; wait for it, or pass --archive NEW.db", path)
	}
	if err != nil {
		return archiveOpenErr(path, err)
	}
	madeByDemo, err := isDemoArchive(a)
	a.Close()
	if err != nil {
		return err
	}
	if !madeByDemo {
		return fmt.Errorf("%s holds more than an earlier demo's crawl, so the demo leaves it alone: pass --archive NEW.db", path)
	}
	fmt.Fprintf(stdout, "Rebuilding %s (made by an earlier demo) from scratch.\n", path)
	if err := os.RemoveAll(indexDir(path)); err != nil {
		return err
	}
	return os.Remove(path)
}

// isDemoArchive reports whether every crawl run in a is one of the demo's
// and every page is on a loopback address (where the demo serves): what
// the demo made, and nothing a user added.
func isDemoArchive(a *archive.Archive) (bool, error) {
	ctx := context.Background()
	runs, err := a.Runs(ctx, 0)
	if err != nil {
		return false, err
	}
	for _, r := range runs {
		if !demoSources[r.Source] {
			return false, nil
		}
	}
	errOther := errors.New("not the demo's")
	err = a.Export(ctx, archive.ExportFilter{}, func(rec *archive.Record) error {
		u, err := url.Parse(rec.URL)
		if err != nil {
			return errOther
		}
		if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
			return errOther
		}
		return nil
	})
	if errors.Is(err, errOther) {
		return false, nil
	}
	return err == nil, err
}

// selfCommand is how the user ran archivist, for commands to copy: "go run
// ./cmd/archivist" under go run, "archivist" when that is on PATH, else
// the path it was run by.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil {
		return "archivist"
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "go run ./cmd/archivist"
	}
	if p, err := exec.LookPath("archivist"); err == nil {
		if a, b := realPath(p), realPath(exe); a == b {
			return "archivist"
		}
	}
	return os.Args[0]
}

func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	return p
}
