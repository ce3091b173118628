package main

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/archivist-org/archivist/internal/termsafe"
)

// writeArticleText prints an article for a person: title line, metadata
// lines, a blank line, the text. Everything in it came from the web, so it is
// neutralised first: a page must not be able to drive the reader's terminal.
func writeArticleText(w *bufio.Writer, title string, meta [][2]string, text string) {
	if title == "" {
		title = "(no title)"
	}
	w.WriteString(termsafe.Line(title) + "\n")
	for _, l := range meta {
		w.WriteString(l[0] + ": " + termsafe.Line(l[1]) + "\n")
	}
	w.WriteString("\n")
	if t := strings.TrimSpace(text); t != "" {
		w.WriteString(termsafe.String(t) + "\n")
	}
}

// writeArticleMarkdown is writeArticleText in markdown: a level-1 title,
// metadata as bold labels with hard line breaks, the markdown body.
func writeArticleMarkdown(w *bufio.Writer, title string, meta [][2]string, md string) {
	if title != "" {
		w.WriteString("# " + termsafe.Line(title) + "\n\n")
	}
	if len(meta) > 0 {
		lines := make([]string, len(meta))
		for i, l := range meta {
			lines[i] = "**" + l[0] + ":** " + termsafe.Line(l[1])
		}
		// Two trailing spaces: markdown line breaks inside one paragraph.
		w.WriteString(strings.Join(lines, "  \n") + "\n\n")
	}
	if md = strings.TrimSpace(md); md != "" {
		w.WriteString(termsafe.String(md) + "\n")
	}
}

// safeWriter buffers a human-readable report and writes it out with any web
// text in it neutralised. For commands that print no escapes of their own.
type safeWriter struct {
	w   io.Writer
	buf bytes.Buffer
}

func (s *safeWriter) Write(p []byte) (int, error) { return s.buf.Write(p) }

// Flush writes the buffered report; call it once, at the end.
func (s *safeWriter) Flush() error {
	_, err := s.w.Write(termsafe.Bytes(s.buf.Bytes()))
	s.buf.Reset()
	return err
}
