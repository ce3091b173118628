package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/warcio"
)

// importOptions are the flags of `archivist import`.
type importOptions struct {
	Archive string
	Jobs    int  // extraction workers; 0 = number of CPUs
	JSON    bool // summary as one JSON object
	// Progress forces the progress line on (true) or off (false); nil means
	// on when stderr is a terminal. Not a flag: tests set it.
	Progress *bool
	// Stdin is read for the input "-"; nil means os.Stdin.
	Stdin io.Reader
}

// AddFlags registers the flags on f.
func (o *importOptions) AddFlags(f *pflag.FlagSet) {
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "pages extracted at once (0 = number of CPUs); each page's captures are recorded in the WARC's order")
	f.BoolVar(&o.JSON, "json", false, "print the summary as JSON")
}

func newImportCommand() *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import [flags] FILE.warc[.gz]...",
		Short: "Import pages from WARC files (wget, Heritrix, Browsertrix, Common Crawl...)",
		Long: `Import reads WARC files (ISO 28500; compressed per record or not) and records
the HTML pages of their response records in the archive, as if crawled at the
record's WARC-Date: each goes through extraction, and versions line up with
the page's history.

  response    HTML pages (2xx) are extracted and recorded, PDFs as
              documents (application/pdf, or a PDF sent as
              application/octet-stream; a PDF without text is skipped:
              OCR is not supported); 404/410 mark a
              known page gone; redirects link the target page to its old
              URL; other types (images, scripts...) and statuses, and
              payloads the recorder truncated (WARC-Truncated), are skipped
  revisit     a revisit of the same URL is an unchanged re-fetch (last seen
              moves on); a revisit of another URL is recorded with the
              payload the archive already has; else it is skipped
  resource    text/html resources are recorded like responses

A capture already in the archive (same page, same fetch time) is not
recorded again, so importing a file twice, or one made by 'archivist export
--format warc', changes nothing. A broken record is reported and skipped;
the rest of the file is imported. "-" reads standard input.

Prints a summary: pages new, changed, unchanged, gone; skipped by reason;
errors. A progress line is shown when stderr is a terminal.` + exitCodesHelp,
		Example: `  archivist import crawl.warc.gz
  archivist import --archive team.db --json part-*.warc.gz
  wget --mirror --warc-file=site https://example.org/ && archivist import site.warc.gz
  zcat big.warc.gz | archivist import -`,
		Args: argsBetween(1, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			defer crawler.ExtraProc()() // a crawl's setting: see its doc
			return runImport(cmd.Context(), &opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	lockWaitFlag(cmd)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runImport(ctx context.Context, opts *importOptions, args []string, stdout, stderr io.Writer) error {
	var inputs []warcio.Input
	for _, name := range args {
		if name == "-" {
			in := opts.Stdin
			if in == nil {
				in = os.Stdin
			}
			inputs = append(inputs, warcio.Input{Name: "stdin", R: in})
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		r, err := checkWARCStart(name, f)
		if err != nil {
			return err
		}
		inputs = append(inputs, warcio.Input{Name: name, R: r})
	}

	a, err := archive.Open(opts.Archive, &archive.Options{Timeout: lockWait})
	if errors.Is(err, archive.ErrLocked) {
		return lockedErr(opts.Archive, lockWait)
	}
	if err != nil {
		return writeOpenErr(opts.Archive, err)
	}
	defer a.Close()
	// Serve reads meanwhile, so search/show work during a long import.
	srv := archive.NewReadServer(a)
	srvCtx, stopSrv := context.WithCancel(ctx)
	srvDone := make(chan struct{})
	go func() {
		defer close(srvDone)
		if err := srv.Serve(srvCtx, opts.Archive); err != nil && srvCtx.Err() == nil {
			slog.Warn("import: read server", "err", err)
		}
	}()
	defer func() { stopSrv(); <-srvDone }()
	syncSearch, closeSearch, err := attachSearch(ctx, a, opts.Archive, srv)
	if err != nil {
		return err
	}
	defer closeSearch()

	showProgress := isTerminal(stderr)
	if opts.Progress != nil {
		showProgress = *opts.Progress
	}
	prog := newImportProgress(stderr, showProgress)
	var errMu sync.Mutex
	iopts := &warcio.ImportOptions{
		Workers: opts.Jobs,
		OnError: func(err error) {
			errMu.Lock()
			defer errMu.Unlock()
			prog.clear()
			fmt.Fprintf(stderr, "archivist import: %v\n", err)
		},
		OnProgress: prog.update,
	}
	// Recorded as a run so `archivist crawls` lists imports too; also when
	// Ctrl-C came during the start, so that the import still says what
	// it did (nothing) and is listed as interrupted.
	run, rerr := a.StartRun(context.WithoutCancel(ctx), "import "+strings.Join(args, " "))
	if rerr != nil {
		return rerr
	}
	start := time.Now()
	st, err := warcio.Import(ctx, a, inputs, iopts)
	run.Counts = map[string]int{"records": st.Records, "new": st.New, "changed": st.Changed,
		"unchanged": st.Unchanged, "gone": st.Gone, "skipped": st.SkippedTotal(), "errors": st.Errors}
	if err != nil {
		run.Status = archive.RunInterrupted
	}
	if ferr := a.FinishRun(ctx, run); ferr != nil {
		slog.Warn("import: run not recorded", "err", ferr)
	}
	prog.clear()
	elapsed := time.Since(start)
	// Interrupted, the sync gives up at once: the next one indexes the rest.
	if serr := syncSearch(ctx); serr != nil && ctx.Err() == nil {
		slog.Warn("import: search index not updated; run 'archivist reindex'", "err", serr)
	}
	printImportSummary(stdout, opts.JSON, st, len(inputs), elapsed)
	if err != nil {
		return err
	}
	if st.Errors > 0 {
		return silentError{fmt.Errorf("import: %s failed", count(st.Errors, "record", "records"))}
	}
	return nil
}

func printImportSummary(w io.Writer, asJSON bool, st warcio.ImportStats, files int, elapsed time.Duration) {
	if asJSON {
		out := struct {
			Type string `json:"type"`
			warcio.ImportStats
			Files   int     `json:"files"`
			Seconds float64 `json:"seconds"`
			// As crawl's and push's summaries name it ("seconds" stays).
			Elapsed float64 `json:"elapsed_seconds"`
		}{"import_summary", st, files, elapsed.Seconds(), elapsed.Seconds()}
		json.NewEncoder(w).Encode(out)
		return
	}
	fmt.Fprintf(w, "imported %s from %s (%s) in %s: %d new, %d changed, %d unchanged, %d gone\n",
		count(st.Pages(), "capture", "captures"), count(files, "file", "files"), count(st.Records, "record", "records"),
		elapsed.Round(time.Millisecond), st.New, st.Changed, st.Unchanged, st.Gone)
	if n := st.SkippedTotal(); n > 0 {
		reasons := make([]string, 0, len(st.Skipped))
		for r := range st.Skipped {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, j int) bool { return st.Skipped[reasons[i]] > st.Skipped[reasons[j]] })
		// "reason: n": the reasons are phrases ("hub page", "redirect")
		// that "2 hub page" got wrong.
		var parts []string
		for _, r := range reasons {
			parts = append(parts, fmt.Sprintf("%s: %d", r, st.Skipped[r]))
		}
		fmt.Fprintf(w, "skipped %d (%s)\n", n, strings.Join(parts, ", "))
	}
	if st.Errors > 0 {
		fmt.Fprintf(w, "%s could not be imported (reported above)\n", count(st.Errors, "record", "records"))
	}
}

// importProgress draws one self-overwriting line, at most every 200ms.
type importProgress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	last  time.Time
	start time.Time
	drawn bool
}

func newImportProgress(w io.Writer, on bool) *importProgress {
	return &importProgress{w: w, on: on, start: time.Now()}
}

func (p *importProgress) update(st warcio.ImportStats) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	rate := float64(st.Pages()) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\033[Kimporting: %s (%d new, %d changed, %d unchanged), %d skipped, %s, %.0f pages/s",
		count(st.Pages(), "page", "pages"), st.New, st.Changed, st.Unchanged, st.SkippedTotal(), count(st.Errors, "error", "errors"), rate)
	p.drawn = true
}

func (p *importProgress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// checkWARCStart refuses, before the archive is created, an input that
// cannot be a WARC: a directory, an empty file, or one that starts with
// neither "WARC/" nor gzip (a sources file or a page given by mistake).
// Damage further in is left to the reader, which skips broken records. It
// returns the reader to import from (a pipe cannot be rewound).
func checkWARCStart(name string, f *os.File) (io.Reader, error) {
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return nil, fmt.Errorf("import: %s is a directory; give the WARC files in it (%s/*.warc.gz)", name, strings.TrimSuffix(name, "/"))
	}
	// A file is read from as it is (the reader seeks in it to resync after
	// damage); a pipe through a buffer that keeps what was peeked.
	var r io.Reader = f
	var head []byte
	if err == nil && fi.Mode().IsRegular() {
		head = make([]byte, 5)
		var n int
		n, err = f.ReadAt(head, 0)
		head = head[:n]
	} else {
		br := bufio.NewReaderSize(f, 64<<10)
		head, err = br.Peek(5)
		r = br
	}
	if len(head) == 0 {
		if err == nil || err == io.EOF {
			return nil, fmt.Errorf("import: %s is empty: not a WARC file", name)
		}
		return nil, fmt.Errorf("import: %s: %w", name, err)
	}
	if bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}) {
		return nil, fmt.Errorf("import: %s is zstd-compressed, which import does not read: decompress it first (zstd -d, or zstd -dc %s | archivist import -)", name, name)
	}
	if head[0] == '{' {
		// Most likely an export: say which export import can read.
		return nil, fmt.Errorf("import: %s is JSON, not a WARC file: import reads WARC files (an export in JSON Lines cannot be imported; 'archivist export --format warc' writes one that can)", name)
	}
	if !bytes.HasPrefix(head, []byte("WARC/")) && !bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return nil, fmt.Errorf("import: %s is not a WARC file (it starts with neither \"WARC/\" nor gzip data)", name)
	}
	return r, nil
}
