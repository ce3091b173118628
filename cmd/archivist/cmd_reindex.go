package main

import (
	"context"
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
}

func newReindexCommand() *cobra.Command {
	var opts reindexOptions
	cmd := &cobra.Command{
		Use:   "reindex [flags]",
		Short: "Rebuild the search index and copy fingerprints from the archive",
		Long: `Reindex drops the search index (ARCHIVE.index/) and builds it again from
every version in the archive. The index is derived data: nothing is lost by
rebuilding it, and search brings it up to date by itself; reindex is for a
damaged index or after an upgrade of the analysis.

While a crawl or serve holds the archive, the rebuild runs in that process
(through its read server).` + exitCodesHelp,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runReindex(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	return cmd
}

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
	// keeps the heap bounded (GC CPU -20-30%, peak RSS at 100k ~400 MB).
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(400 << 20))
	start := time.Now()
	dir := search.IndexDir(opts.Archive)
	ix, err := search.Open(dir, &search.Options{Timeout: 300 * time.Millisecond})
	var st search.SyncStats
	switch {
	case errors.Is(err, search.ErrLocked):
		if _, ok := r.(*archive.RemoteReader); !ok {
			return fmt.Errorf("reindex: %w", err)
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
		if ix, err = search.Open(dir, nil); err != nil {
			return err
		}
		fallthrough
	default:
		defer ix.Close()
		if st, err = ix.Rebuild(ctx, r); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "indexed %d versions (up to seq %d) in %s\n", st.Indexed, st.LastSeq, time.Since(start).Round(time.Millisecond))
	return nil
}
