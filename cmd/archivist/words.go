package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// count says n things in English: count(1, "copy", "copies") is "1 copy",
// count(3, ...) "3 copies" (never "1 copies" or "copy(s)").
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summaryWidth bounds the summary lines so an 80–100 column terminal
// does not wrap them mid-word.
const summaryWidth = 100

// wrapList writes head followed by items joined with ", ", breaking the
// line before an item that would pass width columns; continuation lines
// are indented four columns more than head.
func wrapList(head string, items []string, width int) string {
	var b strings.Builder
	line := head
	indent := strings.Repeat(" ", len(head)-len(strings.TrimLeft(head, " "))+4)
	for i, it := range items {
		sep := " "
		switch {
		case i > 0:
			sep = ", "
		case head == "":
			sep = ""
		}
		if utf8.RuneCountInString(line+sep+it) > width && strings.TrimSpace(line) != "" {
			b.WriteString(strings.TrimRight(line+strings.TrimSpace(sep), " ") + "\n")
			line, sep = indent, ""
		}
		line += sep + it
	}
	b.WriteString(line + "\n")
	return b.String()
}
