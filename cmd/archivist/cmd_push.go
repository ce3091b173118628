package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/pgpush"
)

// pushOptions are the flags of `archivist push`.
type pushOptions struct {
	Archive   string
	Config    string
	BatchSize int
	Streams   int
	JSON      bool

	// progress forces the progress bar on (true) or off (false); nil
	// means "when stderr is a terminal". Not a flag.
	progress *bool
}

// AddFlags registers the flags on f.
func (o *pushOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Config, "config", "", "take the database URL from this sources file's [push] section")
	f.IntVar(&o.BatchSize, "batch-size", pgpush.DefaultBatchSize, "versions per transaction")
	f.IntVar(&o.Streams, "streams", pgpush.DefaultStreams, "batches written at once, one database connection each (the server's cores)")
	f.BoolVar(&o.JSON, "json", false, "print the summary as a JSON line")
}

func newPushCommand() *cobra.Command {
	var opts pushOptions
	cmd := &cobra.Command{
		Use:   "push [flags] postgres://USER@HOST[:PORT]/DATABASE",
		Short: "Copy new versions into a shared PostgreSQL database",
		Long: `Push copies every version of the archive that the database does not have yet
into PostgreSQL, where a team can query it with SQL (schema and example
queries: docs/postgres.md). The first push creates the schema; later ones
migrate it when archivist's schema version grows.

Push is incremental: the database keeps, per archive, the last seq it has,
committed with each batch of versions, so only what is new is sent, and a
push killed or interrupted at any point resumes where it stopped, with
nothing lost or doubled. Each archive has its own id, so archives of several
machines can push into one database; a page crawled by two of them keeps
one row per distinct content.

The database URL is the argument or, with --config, the sources file's
[push] url (there 'archivist serve' pushes after every run by itself). Keep
the password out of URLs and files: PGPASSWORD or ~/.pgpass supply it.
The password is never printed.

The archive is opened for writing (push records its cursor there too); stop
'archivist serve' or let it push itself.` + exitCodesHelp,
		Example: `  archivist push postgres://archivist@db.example/archive
  archivist push --config sources.toml
  PGPASSWORD=… archivist push --archive /data/archivist.db postgres://team@10.0.0.5/research`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runPush(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	archiveFlag(cmd, &opts.Archive)
	return cmd
}

// checkPushURL refuses what is no PostgreSQL connection string before
// anything is opened: pgx takes anything without "postgres://" for a
// keyword/value string ("host=h dbname=d") and says "failed to parse as
// keyword/value" of a URL typed without its scheme or for another database.
func checkPushURL(raw string) error {
	const want = "want postgres://USER@HOST[:PORT]/DATABASE"
	if scheme, _, ok := strings.Cut(raw, "://"); ok {
		if s := strings.ToLower(scheme); s != "postgres" && s != "postgresql" {
			return usageError{fmt.Errorf("%w: %s:// URL: %s", pgpush.ErrBadURL, scheme, want)}
		}
		return nil
	}
	if strings.Contains(raw, "=") {
		return nil // keyword/value
	}
	if strings.Contains(raw, "@") { // may hold a password: not repeated
		return usageError{fmt.Errorf("%w: no postgres:// scheme: %s", pgpush.ErrBadURL, want)}
	}
	return usageError{fmt.Errorf("%w: %q: %s (did you mean %q?)", pgpush.ErrBadURL, raw, want, "postgres://"+raw)}
}

// pushURL is the database URL from the argument or the sources file.
func pushURL(opts pushOptions, args []string) (string, error) {
	switch {
	case len(args) == 1 && opts.Config != "":
		return "", usageError{errors.New("give the database URL or --config, not both")}
	case len(args) == 1:
		return args[0], nil
	case opts.Config != "":
		cfg, err := crawler.LoadConfig(opts.Config)
		if err != nil {
			return "", configFailure(err)
		}
		if cfg.Push.URL == "" {
			return "", usageError{fmt.Errorf("%s has no [push] url", opts.Config)}
		}
		return cfg.Push.URL, nil
	}
	return "", usageError{errors.New("push needs a database URL (postgres://…) or --config with a [push] section")}
}

func runPush(ctx context.Context, opts pushOptions, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dbURL, err := pushURL(opts, args)
	if err != nil {
		return err
	}
	if err := checkPushURL(dbURL); err != nil {
		return err
	}
	if opts.BatchSize < 1 {
		return usageError{fmt.Errorf("--batch-size %d: want at least 1", opts.BatchSize)}
	}
	if opts.Streams < 1 {
		return usageError{fmt.Errorf("--streams %d: want at least 1", opts.Streams)}
	}
	// Push never creates an archive.
	if _, err := os.Stat(opts.Archive); errors.Is(err, fs.ErrNotExist) {
		return errNoArchive(opts.Archive)
	} else if err != nil {
		return fmt.Errorf("archive %s: %w", opts.Archive, err)
	}
	a, err := archive.Open(opts.Archive, nil)
	if errors.Is(err, archive.ErrLocked) {
		return fmt.Errorf("%s: another archivist process is writing to it; stop it, or give its sources file a [push] section so 'archivist serve' pushes", opts.Archive)
	}
	if err != nil {
		return writeOpenErr(opts.Archive, err)
	}
	defer a.Close()

	live := isTerminal(stderr)
	if opts.progress != nil {
		live = *opts.progress
	}
	st, err := pushOnce(ctx, a, opts.Archive, dbURL, opts.BatchSize, opts.Streams, live, stderr, nil)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "push interrupted: the database has every version up to seq %d; run the same command again to resume\n", st.Seq)
			return ctx.Err()
		}
		var ue usageError
		if errors.Is(err, pgpush.ErrBadURL) && !errors.As(err, &ue) {
			return usageError{err}
		}
		var mid midPushError
		if errors.As(err, &mid) {
			// Batches are committed whole: say what is in, as an
			// interrupted push does.
			return fmt.Errorf("%w; the database has every version up to seq %d: run the same command again to resume", err, mid.seq)
		}
		return err
	}
	if opts.JSON {
		b, _ := json.Marshal(struct {
			Type     string  `json:"type"`
			Archive  string  `json:"archive_id"`
			Database string  `json:"database"`
			FromSeq  uint64  `json:"from_seq"`
			Seq      uint64  `json:"seq"`
			Versions int     `json:"versions"`
			Inserted int     `json:"inserted"`
			Fetches  int     `json:"fetches"`
			Runs     int     `json:"runs"`
			Pages    int     `json:"refreshed_pages"`
			Elapsed  float64 `json:"elapsed_seconds"`
		}{"push", a.ID(), pgpush.Redact(dbURL), st.FromSeq, st.Seq, st.Versions, st.Inserted, st.Fetches, st.Runs, st.Refreshed, st.Elapsed.Seconds()})
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	rate := ""
	if s := st.Elapsed.Seconds(); s > 0 && st.Versions > 0 {
		rate = fmt.Sprintf(" (%.0f versions/s)", float64(st.Versions)/s)
	}
	fmt.Fprintf(stdout, "pushed %s of archive %s to %s in %s%s: %s, %s re-fetched since, %s; database has everything up to seq %d\n",
		count(st.Versions, "version", "versions"), a.ID(), pgpush.Redact(dbURL), st.Elapsed.Round(10*time.Millisecond), rate,
		count(st.Inserted, "new row", "new rows"), count(st.Refreshed, "page", "pages"), count(st.Runs, "run", "runs"), st.Seq)
	return nil
}

// pushOnce pushes a to the database at dbURL, with copy links from the
// search index when there is one, and a progress bar when live.
func pushOnce(ctx context.Context, a *archive.Archive, dbPath, dbURL string, batch, streams int, live bool, stderr io.Writer, logger *slog.Logger) (pgpush.Stats, error) {
	sink, err := pgpush.Open(ctx, dbURL)
	if err != nil {
		return pgpush.Stats{}, err
	}
	defer sink.Close()
	o := &pgpush.Options{BatchSize: batch, Streams: streams, Label: archiveLabel(dbPath), Logger: logger}
	// copy_of / copies from the search index, best effort as in export.
	if links, lerr := copyLinksFor(ctx, dbPath, a); lerr == nil && len(links) > 0 {
		o.CopyLinks = func(u string) (string, []string) {
			l := links[u]
			return l.CopyOf, l.Copies
		}
	}
	if live {
		var bar *progressbar.ProgressBar
		o.Progress = func(p pgpush.Progress) {
			if bar == nil {
				bar = progressbar.NewOptions64(int64(p.LastSeq-p.FromSeq),
					progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("pushing"),
					progressbar.OptionShowCount(), progressbar.OptionSetItsString("versions"), progressbar.OptionShowIts(),
					progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set64(int64(p.Seq - p.FromSeq))
		}
		defer func() {
			if bar != nil {
				_ = bar.Finish()
			}
		}()
	}
	st, err := sink.Push(ctx, a, o)
	if err != nil && ctx.Err() == nil && connectionLost(err) {
		err = midPushError{st.Seq, err}
	}
	return st, err
}

// connectionLost reports an error of the connection or the server's state
// (a restart, a failover, a dropped link), after which the same push
// resumes; not one of the push's own refusals.
func connectionLost(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 08: connection exception; 57: operator intervention (shutdown).
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57")
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "conn closed")
}

// midPushError is a push that lost its database once connected (the
// server restarted, the connection dropped), with the seq the database has
// up to.
type midPushError struct {
	seq uint64
	err error
}

func (e midPushError) Error() string { return e.err.Error() }
func (e midPushError) Unwrap() error { return e.err }

// archiveLabel names the archive for the database's archives table.
func archiveLabel(dbPath string) string {
	host, _ := os.Hostname()
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	return host + ":" + dbPath
}

// pusher pushes in the background for serve: Trigger asks for a push (many
// triggers while one runs make one more push), Close waits for the last.
type pusher struct {
	a      *archive.Archive
	dbPath string
	url    string
	log    *slog.Logger
	kick   chan struct{}
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
}

func startPusher(ctx context.Context, a *archive.Archive, dbPath, url string, log *slog.Logger) *pusher {
	p := &pusher{a: a, dbPath: dbPath, url: url, log: log, kick: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-p.stop:
				return
			case <-p.kick:
			}
			st, err := pushOnce(ctx, a, dbPath, url, pgpush.DefaultBatchSize, pgpush.DefaultStreams, false, io.Discard, log)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("push failed; retried after the next batch or run", "database", pgpush.Redact(url), "err", err)
			case err == nil && st.Versions > 0:
				log.Info("pushed", "database", pgpush.Redact(url), "versions", st.Versions, "new_rows", st.Inserted, "seq", st.Seq)
			}
		}
	}()
	return p
}

// Trigger asks for a push; it never blocks.
func (p *pusher) Trigger(context.Context) error {
	select {
	case p.kick <- struct{}{}:
	default: // one is pending already
	}
	return nil
}

// Close stops the pusher after the push in progress.
func (p *pusher) Close() {
	p.once.Do(func() { close(p.stop) })
	<-p.done
}
