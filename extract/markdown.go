package extract

import (
	"strconv"
	"strings"
)

// render joins blocks into the Text and Markdown renderings. Text has one
// blank line between blocks; Markdown keeps list items of one list on
// consecutive lines.
func renderBlocks(bs []block) *body {
	var t, m strings.Builder
	// markers[k] is the width of the marker of the last item at level
	// k+1: a nested item is indented to its parent's text, or CommonMark
	// ends an ordered list at a sub-item indented less than "1. ".
	var markers []int
	for i, b := range bs {
		if i > 0 {
			t.WriteString("\n\n")
			switch q := min(b.quote, bs[i-1].quote); {
			case b.kind == bItem && bs[i-1].kind == bItem && b.quote == bs[i-1].quote:
				m.WriteString("\n")
			case q > 0:
				// A blank line inside the quote: a bare one would end
				// it and open another.
				m.WriteString("\n" + strings.TrimSpace(strings.Repeat("> ", q)) + "\n")
			default:
				m.WriteString("\n\n")
			}
		}
		t.WriteString(b.text)
		indent := 0
		if b.kind != bItem && b.within > 0 && b.within <= len(markers) {
			// A paragraph, code block or table of the item above:
			// under the item's text.
			for _, w := range markers[:b.within] {
				indent += w
			}
			markers = markers[:b.within]
			m.WriteString(indentLines(markdownBlock(b, 0), indent))
			continue
		}
		if b.kind == bItem {
			level := max(b.level, 1)
			for len(markers) < level {
				markers = append(markers, 2)
			}
			markers = markers[:level]
			for _, w := range markers[:level-1] {
				indent += w
			}
			markers[level-1] = len(itemMarker(b))
		} else {
			markers = markers[:0]
		}
		m.WriteString(markdownBlock(b, indent))
	}
	return &body{Text: t.String(), Markdown: m.String()}
}

// indentLines puts n spaces before every line of s.
func indentLines(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// itemMarker is a list item's markdown marker, "- " or "3. ".
func itemMarker(b block) string {
	if b.ordered {
		return strconv.Itoa(b.num) + ". "
	}
	return "- "
}

// markdownBlock renders one block; a list item is indented by indent
// spaces.
func markdownBlock(b block, indent int) string {
	var s string
	switch b.kind {
	case bHeading:
		h := strings.ReplaceAll(b.md, "  \n", " ") // a heading is one line
		// Headings are bold already: drop emphasis wrapping all of it.
		if len(h) > 4 && strings.HasPrefix(h, "**") && strings.HasSuffix(h, "**") && !strings.Contains(h[2:len(h)-2], "**") {
			h = h[2 : len(h)-2]
		}
		s = strings.Repeat("#", min(max(b.level, 1), 6)) + " " + h
	case bItem:
		pad := strings.Repeat(" ", indent)
		marker := itemMarker(b)
		s = pad + marker + strings.ReplaceAll(b.md, "\n", "\n"+pad+strings.Repeat(" ", len(marker)))
	default:
		s = b.md
		if b.kind == bPara && startsMarkdownSyntax(s) {
			s = escapeStart(s)
		}
		if b.term && !strings.Contains(s, "**") && !strings.Contains(s, "\n") {
			// A definition list's term, which markdown has no syntax
			// for: bold over its definition, as renderers show <dt>.
			s = "**" + s + "**"
		}
	}
	if b.quote > 0 {
		p := strings.Repeat("> ", b.quote)
		s = p + strings.ReplaceAll(s, "\n", "\n"+p)
	}
	return s
}

// escapeStart escapes the character that makes a paragraph read as a
// heading, list item or quote: "\\# ...", "1\\. ..." (a backslash before
// a digit is no escape).
func escapeStart(s string) string {
	if i := strings.IndexByte(s, '.'); s[0] >= '0' && s[0] <= '9' && i > 0 {
		return s[:i] + "\\" + s[i:]
	}
	return "\\" + s
}

// startsMarkdownSyntax reports whether a paragraph would be misread as a
// heading, list item or quote.
func startsMarkdownSyntax(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '#', '>', '-', '+', '=':
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && s[i] == '.' && s[i+1] == ' '
}
