package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/search"
)

// reindexOptions are the flags of `archivist reindex`.
type reindexOptions struct {
	Archive string
	JSON    bool
}

func newReindexCommand() *cobra.Command {
	var opts reindexOptions
	cmd := &cobra.Command{
		Use:   "reindex [flags]",
		Short: "Rebuild the search index and copy fingerprints from the archive",
		Long: `Reindex drops the search index (ARCHIVE.index/) and builds it again from
every version in the archive. The index is derived data: nothing is lost by
rebuilding it, and search brings it up to date by itself; reindex is for a
damaged index or after an upgrade of the analysis. A rebuilt index is one
segment, with the pairs of common words that phrases like "in the" use, so
after an upgrade, or a long series of crawls, queries get faster; an index
without them answers the same.

While a crawl or serve holds the archive, the rebuild runs in that process
(through its read server).

It ends with what it indexed; with --json as one JSON line: type
("reindex"), indexed, last_seq, elapsed_seconds.` + exitCodesHelp,
		Example: `  archivist reindex
  archivist reindex --archive team.db --json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			// Reindex writes only the index: an interrupt ends it at once.
			return abandonOnCancel(c.Context(), nil, func() error {
				return runReindex(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
			})
		},
	}
	archiveFlag(cmd, &opts.Archive)
	lockWaitFlag(cmd)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the summary as a JSON line")
	return cmd
}

// rebuildBatch is the versions per batch of a rebuild. Under its heap
// limit batches of 500 cost less CPU (10k versions, side by side: 8.4-9.2 s
// against 9.9 s for 1000), but not at 100k (105.3 s against 105.8 s),
// where bleve's merges of their smaller segments read more at once (the
// segments' mapped pages peaked at 247 MB, 103 MB with 1000, before a
// rebuild gave them back as it goes). A batch of long texts ends sooner
// (search's batchTextBytes): ~430 versions of corpus pages.
const rebuildBatch = 1000

// runReindex rebuilds the index of opts.Archive.
func runReindex(ctx context.Context, opts reindexOptions, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	r, err := openArchiveReader(ctx, opts.Archive)
	if err != nil {
		return err
	}
	defer r.Close()
	// A rebuild allocates much short-lived garbage (analysis, bleve's
	// segment building): collect less often, under a memory limit that
	// keeps the heap bounded. The live heap is 70-200 MB; with the name
	// analyzer's smaller allocations a 256-300 MB limit costs about what
	// 400 MB did (10k versions, CPU within the machine's noise), and it
	// keeps a 100k rebuild's RSS, the files' mapped pages included, near
	// 500 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	start := time.Now()
	dir := indexDir(opts.Archive)
	ix, err := search.Open(dir, &search.Options{Timeout: 300 * time.Millisecond, BatchSize: rebuildBatch})
	if _, remote := r.(*archive.RemoteReader); errors.Is(err, search.ErrLocked) && !remote && lockWait > 300*time.Millisecond {
		// Another read command is bringing the index up to date: wait
		// for it, as read commands wait for each other.
		ix, err = search.Open(dir, &search.Options{Timeout: lockWait, BatchSize: rebuildBatch})
	}
	var st search.SyncStats
	switch {
	case errors.Is(err, search.ErrLocked):
		if _, ok := r.(*archive.RemoteReader); !ok {
			return fmt.Errorf("reindex: the search index %s is in use by another archivist command (a search, copies, show or export bringing it up to date) after waiting %s (--lock-wait): run reindex again when it ends (%w)", dir, max(lockWait, 300*time.Millisecond), err)
		}
		rem := &search.Remote{Client: archive.DialHTTP(opts.Archive), BaseURL: archive.SocketBaseURL}
		if st, err = rem.Rebuild(ctx); err != nil {
			return err
		}
	case errors.Is(err, search.ErrNewerIndex):
		// Written by a newer archivist: start afresh.
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		return runReindex(ctx, opts, args, stdout, stderr)
	case notWritable(err):
		// Not damaged, only not ours to write: keep it.
		return fmt.Errorf("reindex: the search index %s cannot be written (%w)", dir, pathCause(err))
	case err != nil:
		// A damaged index: it is derived, so drop it and start afresh.
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			return fmt.Errorf("reindex: %v; removing it: %w", err, rmErr)
		}
		if ix, err = search.Open(dir, &search.Options{BatchSize: rebuildBatch}); err != nil {
			return err
		}
		fallthrough
	default:
		defer ix.Close()
		var src search.Source = r
		if a, ok := r.(*archive.Archive); ok {
			rs := &reopeningSource{path: opts.Archive, a: a, read: reopenEvery}
			defer rs.Close()
			src = rs
		}
		if st, err = ix.Rebuild(ctx, src); err != nil {
			return err
		}
	}
	if opts.JSON {
		b, _ := json.Marshal(struct {
			Type    string  `json:"type"`
			Indexed int     `json:"indexed"`
			LastSeq uint64  `json:"last_seq"`
			Elapsed float64 `json:"elapsed_seconds"`
		}{"reindex", st.Indexed, st.LastSeq, time.Since(start).Seconds()})
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	fmt.Fprintf(stdout, "indexed %d versions (up to seq %d) in %s\n", st.Indexed, st.LastSeq, time.Since(start).Round(time.Millisecond))
	return nil
}

// reopenEvery is how many versions a rebuild reads from one open of the
// archive before it opens it again.
var reopenEvery = 1000

// versionReadCost is what a Version counts towards reopenEvery: the
// superseded versions read back at the end of a 100k rebuild (one at a
// time, by URL) left 128 MB of the archive resident between reopenings
// counted as one each.
const versionReadCost = 5

// reopeningSource reads a local archive for a rebuild, opening it afresh
// every reopenEvery versions (10-20 MB of it resident at 100k versions): bbolt maps the whole file, and every page a
// read touches stays in the process's RSS until the map is dropped, so a
// rebuild reading each version of a 1.1 GB archive once held 1.1 GB of it
// (shared with the page cache, but counted). A read-only open is a
// fraction of a millisecond.
type reopeningSource struct {
	path string
	a    *archive.Archive // the current open; the first is the caller's, only asked for Stats
	own  bool             // a was opened here (closed here)
	read int              // versions read from a (the caller's counts as used up)
}

var errReopen = errors.New("reopen the archive")

func (s *reopeningSource) Stats(ctx context.Context) (*archive.Stats, error) {
	return s.a.Stats(ctx)
}

func (s *reopeningSource) Version(ctx context.Context, url string, n int) (*archive.Record, error) {
	if err := s.maybeReopen(); err != nil {
		return nil, err
	}
	// A version looked up by URL reads pages all over the file, where
	// Export reads along the seq order: each counts for more.
	s.read += versionReadCost
	return s.a.Version(ctx, url, n)
}

// Export is the archive's Export, resumed after each reopening from the
// last version it handed over (or skipped as unreadable).
func (s *reopeningSource) Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error {
	onBad := f.OnBadRecord
	after := f.AfterSeq
	if onBad != nil {
		f.OnBadRecord = func(seq uint64, url string, err error) {
			after = max(after, seq)
			onBad(seq, url, err)
		}
	}
	for {
		if err := s.maybeReopen(); err != nil {
			return err
		}
		f.AfterSeq = after
		err := s.a.Export(ctx, f, func(r *archive.Record) error {
			if s.read >= reopenEvery {
				return errReopen
			}
			s.read++
			after = r.Seq
			return fn(r)
		})
		if !errors.Is(err, errReopen) {
			return err
		}
	}
}

// maybeReopen opens the archive again once reopenEvery versions were read
// from the current open. The new open is made before the old one is
// closed, so no writer can take the archive in between.
func (s *reopeningSource) maybeReopen() error {
	if s.read < reopenEvery {
		return nil
	}
	a, err := archive.Open(s.path, &archive.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("reindex: open the archive again: %w", err)
	}
	if s.own {
		s.a.Close()
	}
	s.a, s.own, s.read = a, true, 0
	return nil
}

// Close closes the archive if it was opened here.
func (s *reopeningSource) Close() error {
	if s.own {
		return s.a.Close()
	}
	return nil
}
