package extract

import (
	"strings"
	"unicode"
)

// Title rules: the page's own heading wins when it agrees with the head
// metadata (it never carries the site name); otherwise the metadata title
// with site-name prefixes and suffixes removed ("Title – Site", "Site |
// Title", "Title – Africa Center for … – Africa Center for Strategic
// Studies").

var titleSeps = []string{" | ", " – ", " — ", " - ", " :: ", " » ", " « ", " · ", " • ", " || ", " ~ ", " / ", " // ", " : "}

type titleSpan struct{ start, end int } // a separator's byte span in the title

func titleSeparators(t string) []titleSpan {
	var spans []titleSpan
	for i := 0; i < len(t); i++ {
		if t[i] != ' ' {
			continue
		}
		for _, sep := range titleSeps {
			if strings.HasPrefix(t[i:], sep) {
				spans = append(spans, titleSpan{i, i + len(sep)})
				i += len(sep) - 1
				break
			}
		}
	}
	return spans
}

// cleanTitle strips segments naming the site from both ends of t.
func cleanTitle(t string, site siteNames) string {
	t = foldSpace(t)
	for range 4 {
		spans := titleSeparators(t)
		if len(spans) == 0 {
			return t
		}
		first, last := spans[0], spans[len(spans)-1]
		switch {
		case site.matches(t[last.end:]) && last.start > 0:
			t = strings.TrimSpace(t[:last.start])
		case site.matches(t[:first.start]) && first.end < len(t):
			t = strings.TrimSpace(t[first.end:])
		default:
			return t
		}
	}
	return t
}

// siteNames are the ways a page may name its site.
type siteNames struct {
	names []string // folded alphanumerics of og:site_name, publisher, application-name
	hosts []string // folded alphanumerics of the host labels ("krimiblog", "krimiblogde")
}

func newSiteNames(host string, names ...string) siteNames {
	var s siteNames
	for _, n := range names {
		if k := alnumFold(n); len(k) >= 2 {
			s.names = append(s.names, k)
		}
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if host != "" {
		s.hosts = append(s.hosts, alnumFold(host))
		labels := strings.Split(host, ".")
		for _, l := range labels {
			if len(l) >= 4 {
				s.hosts = append(s.hosts, alnumFold(l))
			}
		}
	}
	return s
}

// matches reports whether seg names the site: equal to a site name or host
// label (ignoring case and punctuation), or a truncated ("…") prefix of one.
func (s siteNames) matches(seg string) bool {
	seg = strings.TrimSpace(seg)
	trunc := strings.HasSuffix(seg, "…") || strings.HasSuffix(seg, "...")
	k := alnumFold(seg)
	if k == "" {
		return false
	}
	for _, n := range append(s.names, s.hosts...) {
		if k == n || trunc && len(k) >= 4 && strings.HasPrefix(n, k) {
			return true
		}
		// "Example News" vs host "examplenews"; "Example.com" vs host.
		if len(k) >= 5 && (strings.HasPrefix(n, k) && len(k)*2 > len(n) || strings.HasPrefix(k, n) && len(n)*2 > len(k) && len(n) >= 5) {
			return true
		}
	}
	return false
}

// alnumFold keeps lower-cased letters and digits.
func alnumFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pickTitle chooses the article title from head candidates (best first,
// the <title> tag last) and the page's h1s.
func pickTitle(metas []string, titleTag string, h1s []scanText, h2s []scanText, site siteNames) string {
	type cand struct{ raw, clean string }
	var cs []cand
	for _, m := range append(metas, titleTag) {
		if m = foldSpace(m); m != "" {
			cs = append(cs, cand{m, cleanTitle(m, site)})
		}
	}
	tagSegs := map[string]bool{}
	if titleTag != "" {
		t := foldSpace(titleTag)
		prev := 0
		for _, sp := range titleSeparators(t) {
			tagSegs[foldText(t[prev:sp.start])] = true
			prev = sp.end
		}
		tagSegs[foldText(t[prev:])] = true
	}
	// 1. A heading that agrees with the metadata.
	for pass := 0; pass < 2; pass++ {
		for _, h := range h1s {
			if h.text == "" || h.ctx&ctxChrome != 0 || pass == 0 && h.ctx&ctxArticle == 0 && len(h1s) > 1 {
				continue
			}
			fh := foldText(h.text)
			if site.matches(h.text) {
				continue // the logo heading
			}
			for _, c := range cs {
				fr, fc := foldText(c.raw), foldText(c.clean)
				if fh == fr || fh == fc || tagSegs[fh] && len(fh) > 3 {
					return h.text
				}
				// A metadata title cut short with "…".
				if p := strings.TrimRight(strings.TrimRight(fc, "…"), ". "); p != fc && len(p) > 10 && strings.HasPrefix(fh, p) {
					return h.text
				}
			}
		}
	}
	// 2. The best metadata title, cleaned.
	if len(cs) > 0 {
		return cs[0].clean
	}
	// 3. The first heading.
	for _, hs := range [][]scanText{h1s, h2s} {
		for _, h := range hs {
			if h.text != "" && h.ctx&ctxChrome == 0 {
				return h.text
			}
		}
	}
	return ""
}

// foldText lower-cases and folds white space, for comparing titles.
func foldText(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), isSpaceRune), " ")
}
