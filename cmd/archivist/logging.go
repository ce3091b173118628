package main

import (
	"context"
	"io"
	"log"
	"log/slog"
)

// crawlLogger is the log of the commands that crawl (crawl, serve), on
// stderr, by the levels users expect:
//
//   - quiet: errors only;
//   - verbose (-v): everything, a line per page included;
//   - otherwise: warnings, and the info lines about a run as a whole
//     (progress when there is no live line, a resumed run, a finished
//     run) but not those about single pages, which carry a "url"
//     attribute. Under a live progress line only warnings, so info lines
//     do not break it.
//
// This holds with or without a terminal.
func crawlLogger(stderr io.Writer, verbose, quiet, live bool) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case quiet:
		level = slog.LevelError
	case verbose:
		level = slog.LevelDebug
	case live:
		level = slog.LevelWarn
	}
	h := slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	if verbose {
		return slog.New(h)
	}
	return slog.New(&runLevelHandler{Handler: h})
}

// useCommandLog sets the log of every command that does not set its own
// (crawl and serve do, see asDefault): the lines the archive and the
// search index log themselves (a migration, an index rebuilt) on stderr,
// in the crawl's form. The lines dependencies write with the log package
// are debug lines, shown only by crawl -v: bleve's "unable to load
// snapshot, ..., continuing" before the search index names the damage in
// its own words was a stray line in front of that message.
func useCommandLog(stderr io.Writer) {
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, nil)))
	slog.SetLogLoggerLevel(slog.LevelDebug)
}

// asDefault makes l the default logger until restore is called: the
// lines the archive and the search index log themselves (a migration, an
// index rebuilt), and those dependencies write with the log package,
// then follow the command's levels and form, --quiet included.
func asDefault(l *slog.Logger) (restore func()) {
	prev, out, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(l)
	return func() {
		slog.SetDefault(prev)
		log.SetOutput(out)
		log.SetFlags(flags)
	}
}

// runLevelHandler drops info and debug records about a single page (those
// with a "url" attribute); warnings and errors always pass.
type runLevelHandler struct {
	slog.Handler
	page bool // a "url" attribute was added with With
}

func (h *runLevelHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		page := h.page
		r.Attrs(func(a slog.Attr) bool {
			page = page || a.Key == "url"
			return !page
		})
		if page {
			return nil
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h *runLevelHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	page := h.page
	for _, a := range attrs {
		page = page || a.Key == "url"
	}
	return &runLevelHandler{Handler: h.Handler.WithAttrs(attrs), page: page}
}

func (h *runLevelHandler) WithGroup(name string) slog.Handler {
	return &runLevelHandler{Handler: h.Handler.WithGroup(name), page: h.page}
}
