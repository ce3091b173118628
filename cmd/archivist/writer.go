package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/archivist-org/archivist/archive"
)

// writer is the archive opened for writing by a long-running command
// (crawl, serve, demo): the read path is served on the archive's socket so
// `show`, `search`, `crawls`... work meanwhile, and the search index is kept
// in step through Sync.
type writer struct {
	A    *archive.Archive
	Path string
	// Sync indexes every version not yet indexed; call after each batch of
	// pages. An interrupt of the command stops it at once.
	Sync func(context.Context) error

	ctx         context.Context // the command's: interrupted, Close skips the last sync
	cancel      context.CancelFunc
	wg          sync.WaitGroup
	closeSearch func() error
	once        sync.Once
}

// openWriter opens dbPath for writing. Close it to stop the read server
// and release the file.
func openWriter(ctx context.Context, dbPath string) (*writer, error) {
	a, err := archive.Open(dbPath, &archive.Options{Timeout: lockWait})
	if errors.Is(err, archive.ErrLocked) {
		return nil, lockedErr(dbPath, lockWait)
	}
	if err != nil {
		return nil, writeOpenErr(dbPath, err)
	}
	srv := archive.NewReadServer(a)
	sync, closeSearch, err := attachSearch(ctx, a, dbPath, srv)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("open search index: %w", err)
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w := &writer{A: a, Path: dbPath, ctx: ctx, cancel: cancel, closeSearch: closeSearch}
	w.Sync = func(syncCtx context.Context) error {
		// An interrupt stops it too: the crawler makes its last sync
		// with a context that is never cancelled.
		syncCtx, stop := context.WithCancel(syncCtx)
		defer stop()
		defer context.AfterFunc(ctx, stop)()
		return sync(syncCtx)
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		// A failing read server only costs concurrent readers; crawling
		// goes on, saying so.
		if err := srv.Serve(sctx, dbPath); err != nil {
			slog.Warn("read commands cannot reach this process while it writes the archive", "err", err)
		}
	}()
	return w, nil
}

// lockWait is how long a writing command waits for the archive's lock
// (--lock-wait): readers (an export into a slow pipe) hold it shared for
// as long as they read, and a writer waits for them rather than fail.
var lockWait = 5 * time.Second

// lockWaitFlag adds --lock-wait to a command that writes the archive.
func lockWaitFlag(c *cobra.Command) {
	c.Flags().DurationVar(&lockWait, "lock-wait", lockWait, "wait this long for other processes reading or writing the archive to release it")
}

// lockedErr says who holds the archive at path: a writer (it answers on
// its read socket) or readers (shared locks only).
func lockedErr(path string, waited time.Duration) error {
	after := ""
	if waited > 0 {
		after = fmt.Sprintf(" after waiting %s (--lock-wait)", waited)
	}
	if c, err := net.DialTimeout("unix", archive.SocketPath(path), 200*time.Millisecond); err == nil {
		c.Close()
		return fmt.Errorf("%s: another archivist process is writing to it (a crawl, serve or import; read commands still work)%s", path, after)
	}
	if f, err := os.Open(path); err == nil {
		defer f.Close()
		if syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB) == nil {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			return fmt.Errorf("%s: still being read by another process (an export or other read command; it may be stalled on a slow consumer)%s", path, after)
		}
	}
	return fmt.Errorf("%s: locked by another process%s", path, after)
}

// writeOpenErr explains why the archive at path could not be opened for
// writing: a read-only file or directory (or storage) gets a message that
// says so, anything else is wrapped as is.
func writeOpenErr(path string, err error) error {
	if dir := filepath.Dir(path); errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			// Not "no archive at ...: crawl first", said to a crawl.
			return fmt.Errorf("cannot create the archive %s: its directory %s does not exist", path, dir)
		}
	}
	if !notWritable(err) {
		return archiveOpenErr(path, err)
	}
	cause := pathCause(err)
	if _, serr := os.Stat(path); serr != nil {
		return fmt.Errorf("cannot create the archive %s: its directory cannot be written (%w)", path, cause)
	}
	return fmt.Errorf("the archive %s is read-only (%w): this command writes to it; read commands (show, history, diff, search, export, stats, verify) still work", path, cause)
}

// pathCause returns the system's reason in a path error ("permission
// denied", "read-only file system"), else err.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// notWritable reports whether err means the file or its storage refuses
// writes.
func notWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// Close stops the read server, syncs and closes search, then the archive.
func (w *writer) Close() error {
	var err error
	w.once.Do(func() {
		w.cancel()
		w.wg.Wait()
		// After an interrupt the next sync (any search, or the next
		// writer) indexes what this one did not.
		if w.ctx.Err() == nil {
			if e := w.Sync(w.ctx); e != nil {
				err = e
			}
		}
		if e := w.closeSearch(); e != nil && err == nil {
			err = e
		}
		if e := w.A.Close(); e != nil && err == nil {
			err = e
		}
	})
	return err
}
