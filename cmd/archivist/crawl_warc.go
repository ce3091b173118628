package main

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/warcio"
)

// warcAppender writes a crawl's fetches to a WARC file as they happen
// (`crawl --warc`). It appends, so a resumed crawl adds to the file of the
// interrupted one; each session starts with its own warcinfo record, and
// gzip members concatenate into one valid .warc.gz.
type warcAppender struct {
	f       *os.File
	w       *warcio.Writer
	log     *slog.Logger
	once    sync.Once
	err     error
	created bool // the file did not exist before
}

func openWARCAppender(path string, log *slog.Logger) (*warcAppender, error) {
	_, serr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("--warc: cannot write %s: %w", path, pathCause(err))
	}
	w, err := warcio.NewWriter(f, &warcio.WriterOptions{NoCompress: !strings.HasSuffix(path, ".gz")})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("warc %s: %w", path, err)
	}
	return &warcAppender{f: f, w: w, log: log, created: serr != nil}, nil
}

// Discard closes the appender when the crawl did not start, removing the
// file if this run created it.
func (a *warcAppender) Discard() {
	a.once.Do(func() {
		a.f.Close()
		if a.created {
			os.Remove(a.f.Name())
		}
	})
}

// write is the crawler's OnFetch hook. A failed write is logged, not fatal:
// the archive, not the WARC copy, is the crawl's record. Each record goes
// to the file at once: the hook runs before the page is stored, so a crawl
// killed (-9) after storing a page still has it in its WARC; a buffer
// would lose its tail.
func (a *warcAppender) write(f archive.Fetch) {
	err := a.w.WriteArchiveFetch(f, nil)
	if err == nil {
		err = a.w.Flush()
	}
	if err != nil {
		a.log.Error("warc write failed", "url", f.URL, "err", err)
	}
}

// Close flushes the WARC and closes the file; safe to call twice.
func (a *warcAppender) Close() error {
	a.once.Do(func() {
		a.err = a.w.Close()
		if err := a.f.Close(); a.err == nil {
			a.err = err
		}
	})
	return a.err
}
