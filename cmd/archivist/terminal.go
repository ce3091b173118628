package main

import (
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal a person watches: colour,
// highlights and live progress lines only go there, never into pipes, files
// or TERM=dumb consoles.
func isTerminal(w io.Writer) bool {
	return isTTY(w) && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}

// termWidth is the width of terminal w in columns (80 if unknown).
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}

// fitWidth cuts s to at most width-1 characters, so it never fills the
// last column (which makes some terminals wrap).
func fitWidth(s string, width int) string {
	r := []rune(s)
	if width > 1 && len(r) > width-1 {
		return string(r[:width-2]) + "…"
	}
	return s
}

// isTTY reports whether w is a terminal device at all (TERM=dumb
// included): binary output refuses it.
func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
