package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// reextractOptions are the flags of `archivist reextract`.
type reextractOptions struct {
	Archive string
	All     bool
	Jobs    int
	Wait    time.Duration
	JSON    bool
}

func (o *reextractOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.All, "all", false, "re-extract every version, also those made by the current extractor")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "pages extracted at once (0 = number of CPUs)")
	f.DurationVar(&o.Wait, "wait", 0, "wait this long for a running crawl to release the archive")
	f.BoolVar(&o.JSON, "json", false, "print the summary as a JSON line")
}

func newReextractCommand() *cobra.Command {
	var opts reextractOptions
	cmd := &cobra.Command{
		Use:   "reextract",
		Short: "Run today's extractor over the stored raw pages, updating versions in place",
		Long: `Reextract runs the current extractor (version ` + extract.Version + `) over the raw
HTML stored for each version and updates that version's article, word count
and content hash in place. Raw HTML is the source of truth, so a better
extractor improves the whole archive without inventing "the site changed"
versions. Versions whose article changed get a new seq, so
'archivist export --after-seq' and the search index pick them up.

By default only versions made by an older extractor are redone; --all redoes
every version. It needs the archive for writing: stop a running crawl first
(or use --wait). Reads keep working meanwhile through the read server. A
progress bar is shown on a terminal. Interrupting keeps what was done.

It ends with a summary, also when interrupted; with --json one JSON line:
type ("reextract"), checked, updated, unchanged, failed, elapsed_seconds.

Examples:
  archivist reextract
  archivist reextract --all -j 2 --archive /data/think-tanks.db
  archivist reextract --json | jq .updated
` + exitCodesHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReextract(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runReextract(ctx context.Context, opts reextractOptions, args []string, stdout, stderr io.Writer) error {
	if err := atLeast("jobs", opts.Jobs, 0); err != nil {
		return err
	}
	if opts.Wait < 0 {
		return usageError{fmt.Errorf("--wait %s: want 0 or more", opts.Wait)}
	}
	if _, err := os.Stat(opts.Archive); errors.Is(err, fs.ErrNotExist) {
		return errNoArchive(opts.Archive)
	}
	a, err := archive.Open(opts.Archive, &archive.Options{Timeout: opts.Wait})
	if err != nil {
		if errors.Is(err, archive.ErrLocked) {
			return fmt.Errorf("%w: stop the crawl first, or retry with --wait 10m", err)
		}
		return writeOpenErr(opts.Archive, err)
	}
	defer a.Close()
	// Serve reads meanwhile, and keep the search index in step.
	srvCtx, stopSrv := context.WithCancel(ctx)
	defer stopSrv()
	srv := archive.NewReadServer(a)
	sync, closeSearch, err := attachSearch(ctx, a, opts.Archive, srv)
	if err != nil {
		return err
	}
	defer closeSearch()
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := srv.Serve(srvCtx, opts.Archive); err != nil {
			slog.Warn("read server", "err", err)
		}
	}()
	// Stop serving, and wait until the socket is gone, before the index
	// and the archive close.
	defer func() { stopSrv(); <-served }()

	var bar *progressbar.ProgressBar
	progress := func(done, total int) {}
	if isTerminal(stderr) {
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("re-extracting"), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	start := time.Now()
	st, err := a.Reextract(ctx, archive.ReextractOptions{All: opts.All, Jobs: opts.Jobs, Progress: progress})
	if bar != nil {
		_ = bar.Finish()
	}
	// Interrupted, the sync gives up at once: the next one indexes the rest.
	if serr := sync(ctx); serr != nil && err == nil {
		err = serr
	}
	if opts.JSON {
		b, _ := json.Marshal(struct {
			Type string `json:"type"`
			archive.ReextractStats
			Elapsed float64 `json:"elapsed_seconds"`
		}{"reextract", st, time.Since(start).Seconds()})
		fmt.Fprintln(stdout, string(b))
	} else {
		fmt.Fprintf(stdout, "re-extracted %s: %d updated, %d unchanged, %d failed (kept as they were)\n",
			count(st.Checked, "version", "versions"), st.Updated, st.Unchanged, st.Failed)
	}
	if errors.Is(err, context.Canceled) {
		again := "run it again to go on: it redoes only what an older extractor made"
		if opts.All {
			again = "run it again to go on (with --all it starts over; without, it redoes only what an older extractor made)"
		}
		fmt.Fprintf(stderr, "archivist reextract: the versions re-extracted so far are kept; %s\n", again)
	}
	if err != nil {
		return err
	}
	if st.Failed > 0 {
		return silentError{fmt.Errorf("%s failed", count(st.Failed, "extraction", "extractions"))}
	}
	return nil
}
