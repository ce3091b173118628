package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/search"
)

// attachSearch is called by every process that opens the archive for writing
// (crawl, serve, import, reextract): it opens the search index beside the
// archive, registers the search endpoints on the read server, and returns
// sync (index every version not yet indexed; call after each batch of
// writes and at the end) and closeFn. Owned by the search work.
//
// Search is derived data: when the index cannot be opened (another process
// holds it for too long, it is from a newer archivist, or it cannot be
// written, e.g. made by another user) the writer goes on without it, with a
// warning, and a later sync or `archivist reindex` catches up.
func attachSearch(ctx context.Context, a *archive.Archive, dbPath string, srv *archive.ReadServer) (sync func(context.Context) error, closeFn func() error, err error) {
	noop := func(context.Context) error { return nil }
	ix, err := search.Open(indexDir(dbPath), &search.Options{Timeout: 5 * time.Second, Eager: true})
	if err != nil {
		if errors.Is(err, search.ErrLocked) || errors.Is(err, search.ErrNewerIndex) || notWritable(err) {
			slog.Warn("search index not available; run 'archivist reindex' later", "err", err)
			return noop, func() error { return nil }, nil
		}
		return nil, nil, err
	}
	if srv != nil {
		srv.Handle(search.PathPrefix, search.Handler(ix, a))
	}
	var abandoned atomic.Bool
	sync = func(ctx context.Context) error {
		return abandonOnCancel(ctx, &abandoned, func() error {
			st, err := ix.Sync(ctx, a)
			for _, u := range st.Unreadable {
				slog.Warn("archived version cannot be read, so it is not searchable", "seq", u.Seq, "url", u.URL, "err", u.Err)
			}
			return err
		})
	}
	closeFn = func() error {
		if abandoned.Load() {
			// Closing would wait for the abandoned commit; the exit
			// that follows an interrupt lets the index go.
			return nil
		}
		return ix.Close()
	}
	return sync, closeFn, nil
}

// abandonOnCancel runs fn and returns its error, or ctx's as soon as ctx is
// done (setting abandoned, if not nil), leaving fn to the exit of the
// process. It is
// for search index work, after an interrupt: the index is derived data
// whose commits survive a kill, and a bleve batch cannot be stopped once
// handed over, so waiting for it would hold Ctrl-C up to a whole batch
// (13 s seen). What was committed stays; the next sync redoes the rest.
func abandonOnCancel(ctx context.Context, abandoned *atomic.Bool, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		select {
		case err := <-done: // ended meanwhile: nothing left running
			return err
		default:
		}
		if abandoned != nil {
			abandoned.Store(true)
		}
		return ctx.Err()
	}
}

// withSearch runs fn on the index of the archive at dbPath (see
// openSearch). When the index is reached through a writer's read server
// and the writer exits while fn runs, its socket is gone: fn runs once
// more, on the index opened locally.
func withSearch(ctx context.Context, dbPath string, stderr io.Writer, fn func(ix *search.Index, r archive.Reader, remote *search.Remote) error) error {
	for attempt := 0; ; attempt++ {
		ix, r, remote, closeFn, unreadable, err := openSearch(ctx, dbPath, stderr)
		if err != nil {
			return err
		}
		err = fn(ix, r, remote)
		if err == nil && unreadable > 0 {
			// Answered from the rest; the skipped versions were named.
			err = silentError{fmt.Errorf("%d archived versions cannot be read", unreadable)}
		}
		closeFn()
		if remote != nil && attempt == 0 && writerGone(err) {
			continue
		}
		return indexDamage(dbPath, err)
	}
}

// indexDamage says what to do about a damaged or foreign search index,
// which a read command does not rebuild (it only reads: the rebuild of a
// big archive is a writer's job, and the index may be a copy worth
// keeping); other errors are returned as they are.
func indexDamage(dbPath string, err error) error {
	var what string
	switch {
	case errors.Is(err, search.ErrDamaged):
		what = "is damaged"
	case errors.Is(err, search.ErrForeign):
		what = "does not match its archive"
	default:
		return err
	}
	why := err.Error()
	if ie := (*search.IndexError)(nil); errors.As(err, &ie) {
		why = ie.Why
	}
	return reworded{fmt.Sprintf("the search index %s %s: run 'archivist reindex --archive %s' (%s)", indexDir(dbPath), what, dbPath, why), err}
}

// writerGone reports whether err is the read server failing to answer at
// all (not an answer saying no): its socket refused the dial, or its
// process closed a connection it had not answered (the request was in its
// accept queue when it shut down: EOF, a reset, or "server closed idle
// connection", as net/http words each). The writer has most likely exited;
// both callers only read, so asking once more is safe.
func writerGone(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// openSearch opens the index of the archive at dbPath for a read command:
// locally (and synced with the archive) when no other process holds it,
// else through the holder's read server. Exactly one of ix and remote is
// set; closeFn releases what was opened. What it did to the index (new
// versions indexed; a read-only index left behind the archive; versions
// the archive cannot read, skipped and counted in unreadable) is noted on
// stderr (nil: not noted).
func openSearch(ctx context.Context, dbPath string, stderr io.Writer) (ix *search.Index, r archive.Reader, remote *search.Remote, closeFn func(), unreadable int, err error) {
	if stderr == nil {
		stderr = io.Discard
	}
	r, err = openArchiveReader(ctx, dbPath)
	if err != nil {
		return nil, nil, nil, nil, 0, err
	}
	ix, err = openIndex(ctx, dbPath, r, 300*time.Millisecond)
	if errors.Is(err, search.ErrLocked) {
		if _, remoteArchive := r.(*archive.RemoteReader); remoteArchive {
			rem := &search.Remote{Client: archive.DialHTTP(dbPath), BaseURL: archive.SocketBaseURL}
			return nil, r, rem, func() { r.Close() }, 0, nil
		}
		// Another read command is syncing the index: wait for it.
		ix, err = openIndex(ctx, dbPath, r, 30*time.Second)
	}
	if err != nil {
		r.Close()
		return nil, nil, nil, nil, 0, indexDamage(dbPath, err)
	}
	closeFn = func() { ix.Close(); r.Close() }
	indexed, behind, bad, err := syncIndex(ctx, ix, r, stderr)
	if err != nil {
		closeFn()
		return nil, nil, nil, nil, 0, indexDamage(dbPath, err)
	}
	if indexed > 0 {
		fmt.Fprintf(stderr, "indexed %s\n", count(indexed, "new version", "new versions"))
	}
	if behind > 0 {
		fmt.Fprintf(stderr, "archivist: the search index %s is read-only and misses %s archived since it was last updated; they are not searched (run 'archivist reindex' where it can be written)\n",
			indexDir(dbPath), count(int(behind), "version", "versions"))
	}
	return ix, r, nil, closeFn, bad, nil
}

// openIndex opens the search index of the archive at dbPath for a read
// command. When it cannot be written (the archive is on read-only storage,
// or belongs to another user) it is opened read-only: queries work, Sync
// returns search.ErrReadOnly (see syncIndex). A damaged or foreign index
// is not rebuilt (search.ErrDamaged, and search.ErrForeign from Sync):
// only writers and reindex do that. An index already up to date with a
// local archive is opened read-only too: there is nothing to sync, and a
// read-only bleve makes no commits (search.OpenCurrent).
//
// The archive's stats it checks the index against are taken before the
// index is opened: another reader may sync the index (from the archive,
// which only grows) meanwhile, past the seq they give. So an index found
// ahead of them is checked again with fresh ones before it is called
// foreign.
func openIndex(ctx context.Context, dbPath string, r archive.Reader, timeout time.Duration) (ix *search.Index, err error) {
	for attempt := 0; attempt < 3; attempt++ {
		ix, err = openIndexOnce(ctx, dbPath, r, timeout)
		if !errors.Is(err, search.ErrForeign) {
			break
		}
	}
	return ix, err
}

func openIndexOnce(ctx context.Context, dbPath string, r archive.Reader, timeout time.Duration) (*search.Index, error) {
	dir := indexDir(dbPath)
	st, err := r.Stats(ctx)
	if err != nil {
		return nil, err
	}
	if _, remote := r.(*archive.RemoteReader); !remote { // else a writer holds the index
		// One try at the lock: if a sync holds it, the writable open waits.
		if ix := search.OpenCurrent(dir, st, &search.Options{Timeout: 10 * time.Millisecond}); ix != nil {
			return ix, nil
		}
	}
	ix, err := search.Open(dir, &search.Options{Timeout: timeout, NoRebuild: true, Archive: st})
	if !notWritable(err) { // a permission, or read-only storage (EROFS)
		return ix, err
	}
	ix, rerr := search.Open(dir, &search.Options{Timeout: timeout, ReadOnly: true, Archive: st})
	switch {
	case rerr == nil:
		return ix, nil
	case errors.Is(rerr, fs.ErrNotExist):
		return nil, fmt.Errorf("%s has no search index and none can be made beside it (%w); run 'archivist reindex' where it can be written", dbPath, err)
	case errors.Is(rerr, search.ErrDamaged):
		return nil, fmt.Errorf("the search index %s is damaged and cannot be rebuilt here (%v); run 'archivist reindex' where it can be written", dir, rerr)
	case errors.Is(rerr, search.ErrReadOnly):
		return nil, fmt.Errorf("the search index %s must be rebuilt but cannot be written (%v); run 'archivist reindex' where it can be written", dir, err)
	case errors.Is(rerr, search.ErrLocked), errors.Is(rerr, search.ErrNewerIndex), errors.Is(rerr, search.ErrForeign):
		return nil, rerr
	}
	return nil, fmt.Errorf("the search index %s can be neither written (%v) nor read (%w)", dir, err, rerr)
}

// syncIndex indexes the versions of r that ix lacks and returns how many.
// A read-only index is left as it is: behind is how many versions the
// archive has that it lacks.
// The versions the archive could not read are named on stderr (if not
// nil) and counted in bad.
func syncIndex(ctx context.Context, ix *search.Index, r archive.Reader, stderr io.Writer) (indexed int, behind uint64, bad int, err error) {
	st, err := ix.Sync(ctx, r)
	for _, u := range st.Unreadable {
		if stderr != nil {
			fmt.Fprintf(stderr, "archivist: seq %d %s cannot be read, so it is not searchable: %v\n", u.Seq, u.URL, u.Err)
		}
	}
	if !errors.Is(err, search.ErrReadOnly) {
		return st.Indexed, 0, len(st.Unreadable), err
	}
	s, err := r.Stats(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	if s.LastSeq > ix.LastSeq() {
		behind = s.LastSeq - ix.LastSeq()
	}
	return 0, behind, 0, nil
}

// fillCopyLinks sets rec.CopyOf / rec.Copies from the search index, for show
// (and export) output. Best effort: an archive that was never indexed, or
// any error, leaves them empty — the record itself is what matters. Copy
// links describe the page's latest text. A damaged or foreign index is
// the one error returned (see indexDamage), for the caller to report once
// it has shown the record.
func fillCopyLinks(ctx context.Context, dbPath string, r archive.Reader, rec *archive.Record) error {
	if rec == nil || rec.URL == "" {
		return nil
	}
	if _, err := os.Stat(indexDir(dbPath)); err != nil {
		return nil
	}
	var group []search.Copy
	ix, err := openIndex(ctx, dbPath, r, 300*time.Millisecond)
	switch {
	case errors.Is(err, search.ErrLocked):
		rem := &search.Remote{Client: archive.DialHTTP(dbPath), BaseURL: archive.SocketBaseURL}
		group, err = rem.Copies(ctx, rec.URL)
	case err == nil:
		defer ix.Close()
		if _, _, _, err = syncIndex(ctx, ix, r, nil); err == nil {
			group, err = ix.Copies(ctx, rec.URL)
		}
	}
	if err != nil || len(group) < 2 {
		if err != nil && !errors.Is(err, search.ErrNotIndexed) {
			slog.Debug("copy links unavailable", "url", rec.URL, "err", err)
		}
		if isIndexDamage(err) {
			return indexDamage(dbPath, err)
		}
		return nil
	}
	if group[0].URL != rec.URL {
		rec.CopyOf = group[0].URL
		return nil
	}
	for _, c := range group[1:] {
		rec.Copies = append(rec.Copies, c.URL)
	}
	return nil
}

// copyLinksFor returns the copy links of every page that has near-copies,
// for a bulk export: look each exported record's URL up in the map and set
// CopyOf / Copies. nil when the archive was never indexed. Only usable
// when no other process holds the index.
func copyLinksFor(ctx context.Context, dbPath string, r archive.Reader) (map[string]search.Link, error) {
	if _, err := os.Stat(indexDir(dbPath)); err != nil {
		return nil, nil
	}
	ix, err := openIndex(ctx, dbPath, r, 300*time.Millisecond)
	if err != nil {
		return nil, indexDamage(dbPath, err)
	}
	defer ix.Close()
	if _, _, _, err := syncIndex(ctx, ix, r, nil); err != nil {
		return nil, indexDamage(dbPath, err)
	}
	links, err := ix.CopyLinks(ctx)
	return links, indexDamage(dbPath, err)
}

// isIndexDamage reports whether err is a damaged or foreign index (see
// indexDamage).
func isIndexDamage(err error) bool {
	return errors.Is(err, search.ErrDamaged) || errors.Is(err, search.ErrForeign)
}

// indexDir is the search index of the archive at dbPath, beside the file
// itself when dbPath is a symbolic link to it (one index per archive,
// whatever name it is given by).
func indexDir(dbPath string) string {
	if real, err := filepath.EvalSymlinks(dbPath); err == nil {
		dbPath = real
	}
	return search.IndexDir(dbPath)
}
