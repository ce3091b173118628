package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The lead (dek, standfirst) often sits in the page header, outside the
// body container, and is part of the article. The page's own description
// meta says which visible block it is.

// findLead returns the lead as blocks, found before pruning as the first
// visible element whose text is the page description; nil if none.
func (x *extractor) findLead(descs []string) []block {
	var want []string
	for _, d := range descs {
		d = foldBlock(d)
		d = strings.TrimRight(d, ".… ")
		if len(d) >= 40 && !containsStr(want, d) {
			want = append(want, d)
		}
	}
	var marked *html.Node // itemprop=description: the page says it is the lead
	for _, n := range x.order {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.P, atom.Div, atom.H2, atom.H3, atom.Span, atom.Section, atom.Strong, atom.B, atom.Em:
		default:
			continue
		}
		s := x.stats[n]
		if s == nil || s.text < 30 || s.link*4 > s.text {
			continue
		}
		if marked == nil && nattr(n, "itemprop") == "description" && s.text >= 40 && s.text < 1000 && !describesPerson(n) {
			marked = n
		}
		for _, d := range want {
			// Visible runes of d are fewer than its bytes; compare loosely
			// first, exactly after.
			if s.text*2 < len(d)/2 || s.text > 2*len(d) {
				continue
			}
			// Cheap test first: the element's first words start the description.
			if ft := foldBlock(firstText(n)); ft == "" || !strings.HasPrefix(d, ft[:min(len(ft), 20)]) {
				continue
			}
			bs := x.serialize([]*html.Node{n})
			var sb strings.Builder
			for _, b := range bs {
				sb.WriteString(b.text)
				sb.WriteByte(' ')
			}
			t := strings.TrimRight(foldBlock(sb.String()), ".… ")
			if t == "" {
				continue
			}
			if t == d || len(d) >= 60 && (strings.HasPrefix(t, d) && len(t) < len(d)+20 || strings.HasPrefix(d, t) && len(t)*3 >= len(d)*2) {
				for i := range bs {
					bs[i].lead = true
				}
				return bs
			}
		}
	}
	if marked != nil {
		bs := x.serialize([]*html.Node{marked})
		for i := range bs {
			bs[i].lead = true
		}
		return bs
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// addLead puts the lead before the body unless the body already has it.
func (x *extractor) addLead(lead, blocks []block) []block {
	if len(lead) == 0 || len(blocks) == 0 {
		return blocks
	}
	var sb strings.Builder
	for _, b := range blocks {
		sb.WriteString(foldBlock(b.text))
		sb.WriteByte('\n')
	}
	all := sb.String()
	for _, l := range lead {
		// Its start and its end: a body opening with the lead's first
		// sentence may not hold its second.
		f := foldBlock(l.text)
		head, tail := f, f
		if len(f) > 80 {
			head, tail = f[:80], f[len(f)-80:]
		}
		if strings.Contains(all, head) && strings.Contains(all, tail) {
			return blocks
		}
	}
	out := make([]block, 0, len(lead)+len(blocks))
	out = append(out, lead...)
	return append(out, blocks...)
}

// describesPerson reports whether an itemprop=description is a person's or
// an organisation's, not the page's: the nearest item around it is the
// author (an author box's bio, "Simple Author Box"'s schema.org Person).
func describesPerson(n *html.Node) bool {
	for p, up := n.Parent, 0; p != nil && up < 12; p, up = p.Parent, up+1 {
		if p.Type != html.ElementNode || !nhasAttr(p, "itemscope") {
			continue
		}
		switch strings.ToLower(nattr(p, "itemprop")) {
		case "author", "creator", "contributor", "editor", "publisher", "reviewedby":
			return true
		}
		t := strings.ToLower(nattr(p, "itemtype"))
		return strings.HasSuffix(t, "/person") || strings.HasSuffix(t, "/organization")
	}
	return false
}

// firstText returns the first non-blank text under n (bounded walk).
func firstText(n *html.Node) string {
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if strings.TrimSpace(c.Data) != "" {
				return c.Data
			}
			continue
		}
		if c.Type == html.ElementNode && ignoredTag(c.DataAtom) {
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return ""
}
