package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/crawler"
)

// defaultHTTPAddr is loopback: exposing /metrics elsewhere is a decision
// the operator makes with --http-addr.
const defaultHTTPAddr = "127.0.0.1:8080"

// serveOptions are the flags of `archivist serve`.
type serveOptions struct {
	Archive      string
	Config       string
	HTTPAddr     string
	RunNow       bool
	AllowPrivate bool
	KeepHubs     bool
	UserAgent    string
	Timeout      time.Duration
	Verbose      bool
	Quiet        bool
	Shard        string

	// ready, if set, is called with the HTTP address once listening (tests).
	ready func(addr string)
}

// AddFlags registers the flags on f.
func (o *serveOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Config, "config", "", "sources file (TOML) with schedule or every per source (required)")
	f.StringVar(&o.HTTPAddr, "http-addr", defaultHTTPAddr, "address for /healthz and /metrics (loopback by default)")
	f.BoolVar(&o.RunNow, "run-now", false, "also run every source once at start")
	f.BoolVar(&o.AllowPrivate, "allow-private", false, "allow loopback, private and link-local addresses (refused by default)")
	f.BoolVar(&o.KeepHubs, "keep-hubs", false, "archive hub pages too")
	f.StringVar(&o.UserAgent, "user-agent", "", "User-Agent header (default: config's)")
	f.DurationVar(&o.Timeout, "timeout", crawler.DefaultTimeout, "timeout per request")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "log every page")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "log only errors")
	f.StringVar(&o.Shard, "shard", "", "run only the sources of shard i of N (i/N; see crawl --help)")
}

func newServeCommand() *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve --config sources.toml [flags]",
		Short: "Crawl sources on their schedules; serve health and metrics",
		Long: `Serve runs each source of the sources file on its schedule ("schedule", a
5-field cron expression in the machine's time zone, or in another with
"CRON_TZ=Europe/Paris 0 6 * * *"; or "every", an interval), never two runs
of one source at once (a tick that finds the source still running is
skipped). A source whose last run was interrupted, or that missed a
scheduled run while serve was stopped, runs at once at start (--run-now
runs every source). /healthz gives each source's next run, in UTC.

While serving, read commands (show, search, crawls...) work against the
archive through its read socket, and an HTTP server on --http-addr
(default ` + defaultHTTPAddr + `, loopback only) answers:
  /healthz   200 with each source's state (JSON): name, schedule, running,
             next (UTC), last_run and last_status (its last run recorded
             in the archive, as 'archivist crawls' lists it, also from
             before a restart), last_error
  /metrics   Prometheus metrics

With a [push] section in the sources file, every run's new versions are
pushed to that PostgreSQL database (see 'archivist push'). With --shard i/N
only the sources of that shard run (see 'archivist crawl --help').

SIGTERM or Ctrl-C stops scheduling, interrupts running crawls (they resume
on their next run) and exits 0.` + exitCodesHelp,
		Example: `  archivist serve --config sources.toml
  archivist serve --config sources.toml --run-now --http-addr 127.0.0.1:9090`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := timeoutGiven(c, opts.Timeout); err != nil {
				return err
			}
			defer crawler.ExtraProc()() // a crawl's setting: see its doc
			return runServe(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	archiveFlag(cmd, &opts.Archive)
	lockWaitFlag(cmd)
	return cmd
}

func runServe(ctx context.Context, opts serveOptions, _ []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Config == "" {
		return usageError{errors.New("serve needs --config")}
	}
	cfg, err := loadConfig(opts.Config)
	if err != nil {
		return err
	}
	if cfg.Sources, err = shardSources(opts.Shard, cfg.Sources); err != nil {
		return err
	}
	if len(cfg.Sources) == 0 {
		return usageError{fmt.Errorf("%s: no [[source]] (in shard %s)", opts.Config, opts.Shard)}
	}
	if !opts.RunNow && !slices.ContainsFunc(cfg.Sources, func(s crawler.Source) bool { return s.Schedule != "" || s.Every.Duration > 0 }) {
		// serve would wait forever, crawling nothing.
		return usageError{fmt.Errorf("%s: no source has a schedule or every, so serve would never crawl (add schedule = \"0 */6 * * *\" or every = \"6h\", give --run-now, or use 'archivist crawl')", opts.Config)}
	}
	for i := range cfg.Sources {
		if opts.UserAgent != "" {
			cfg.Sources[i].UserAgent = opts.UserAgent
		}
	}
	if opts.Quiet && opts.Verbose {
		return usageError{errors.New("give --quiet or --verbose, not both")}
	}
	if _, port, err := net.SplitHostPort(opts.HTTPAddr); err != nil {
		return usageError{fmt.Errorf("--http-addr %q: want HOST:PORT (e.g. %s): %v", opts.HTTPAddr, defaultHTTPAddr, err)}
	} else if n, err := net.LookupPort("tcp", port); err != nil || n > 65535 {
		return usageError{fmt.Errorf("--http-addr %q: port %q is not a port number (0-65535)", opts.HTTPAddr, port)}
	}
	logger := crawlLogger(stderr, opts.Verbose, opts.Quiet, false)
	defer asDefault(logger)()
	ln, err := net.Listen("tcp", opts.HTTPAddr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	w, err := openWriter(ctx, opts.Archive)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	afterBatch := w.Sync
	var pushr *pusher
	if cfg.Push.URL != "" { // [push]: after every run (and batch of pages)
		pushr = startPusher(ctx, w.A, opts.Archive, cfg.Push.URL, logger)
		defer pushr.Close()
		afterBatch = func(ctx context.Context) error {
			err := w.Sync(ctx)
			_ = pushr.Trigger(ctx)
			return err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	sched, err := crawler.NewScheduler(w.A, cfg.Sources, &crawler.Options{
		AllowPrivate: opts.AllowPrivate, KeepHubs: opts.KeepHubs, Timeout: opts.Timeout,
		Logger: logger, AfterBatch: afterBatch, Metrics: crawler.NewMetrics(reg),
	})
	if err != nil {
		ln.Close()
		return usageError{err}
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(map[string]any{"status": "ok", "archive": opts.Archive, "sources": sched.Status()})
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	fmt.Fprintf(stderr, "archivist serve: %s from %s; http://%s/healthz and /metrics; archive %s\n",
		count(len(cfg.Sources), "source", "sources"), opts.Config, ln.Addr(), opts.Archive)
	if opts.ready != nil {
		opts.ready(ln.Addr().String())
	}

	schedCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- sched.Run(schedCtx, opts.RunNow) }()
	err = <-done
	shCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(shCtx)
	if pushr != nil {
		pushr.Close()
	}
	if err != nil {
		return err
	}
	if cerr := w.Close(); cerr != nil {
		return cerr
	}
	fmt.Fprintln(stderr, "archivist serve: stopped")
	return nil
}
