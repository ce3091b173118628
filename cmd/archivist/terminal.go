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

// isTTY reports whether w is a terminal device at all (TERM=dumb
// included): binary output refuses it.
func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
