package extract

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// isChromeClassRef is the chrome class rule as first written (one
// inArticle at a time), to check chromeClass against.
func isChromeClassRef(cl string, inArticle bool) bool {
	for len(cl) > 0 {
		i := 0
		for i < len(cl) && cl[i] != ' ' && cl[i] != '\t' && cl[i] != '\n' {
			i++
		}
		tok := cl[:i]
		cl = strings.TrimLeft(cl[i:], " \t\n")
		if tok == "" || strings.HasPrefix(tok, "has-") || strings.HasPrefix(tok, "no-") || strings.HasPrefix(tok, "with-") || strings.Contains(tok, "layout") {
			continue
		}
		tok = strings.Trim(tok, "-_")
		f := strings.IndexAny(tok, "-_")
		if f < 0 {
			if chromeWords[tok] && !(inArticle && tok == "footer") {
				return true
			}
			continue
		}
		first, last := tok[:f], tok[strings.LastIndexAny(tok, "-_")+1:]
		if chromeWords[first] && !(inArticle && first == "footer") {
			return true
		}
		if chromeWords[last] && chromePrefixes[first] && !(inArticle && last == "footer") && !(last == "footer" && ownFooterPrefixes[first]) {
			return true
		}
	}
	return false
}

// classRulesRef applies the rules to classID as a whole.
func classRulesRef(class, id string) classFlags {
	cl := classIDOf(class, id)
	var f classFlags
	if (strings.Contains(cl, "body") || strings.Contains(cl, "content")) &&
		containsAny(cl, "articlebody", "article-body", "entry-content", "post-content") {
		f |= cfArticleBody
	}
	if isChromeClassRef(cl, false) {
		f |= cfChrome
	}
	if isChromeClassRef(cl, true) {
		f |= cfChromeInArticle
	}
	if isBylineClass(cl) {
		f |= cfByline
	}
	if isDatelineClass(cl) {
		f |= cfDateline
	}
	return f
}

func checkClassRules(t *testing.T, s *pageScan, class, id string) {
	t.Helper()
	const mask = cfArticleBody | cfChrome | cfChromeInArticle | cfByline | cfDateline
	for range 2 { // computed, then cached
		if got, want := s.classRules(class, id)&mask, classRulesRef(class, id); got != want {
			t.Fatalf("classRules(%q, %q) = %05b, want %05b", class, id, got, want)
		}
	}
}

func TestDigitRunsKey(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "menu-item-1234": "menu-item-0", "0": "0", "00a12b3": "0a0b0", "a0-0": "a0-0", "x9y": "x0y"} {
		if got := string(digitRunsKey(nil, in)); got != want {
			t.Errorf("digitRunsKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassRules(t *testing.T) {
	parts := []string{"", "Footer", "site-footer", "footer_menu", "has-sidebar", "Entry-Content", "author-bio",
		"post-author", "byline", "Avatar", "date", "\xff", "É-nav", "menu-item menu-item-12", " nav ", "-_-", "comment_list",
		"entry-footer", "layout-sidebar", "main-navigation\tfoo\nbar", "more-posts", "writer",
		"menu-item-12", "post-1234 date2", "nav1", "1nav", "footer-2", "site-footer9", "9", "menu-item-0", "a00b", "author0-bio"}
	s := &pageScan{}
	for _, c := range parts {
		for _, id := range parts {
			checkClassRules(t, s, c, id)
		}
	}
	// Every class and id of the golden and corpus pages.
	pages := equivalencePages(t)
	n := 0
	for _, p := range pages {
		root, err := html.Parse(bytes.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		s := &pageScan{}
		walkBounded(root, 1<<30, func(e *html.Node) bool {
			if e.Type == html.ElementNode {
				if c, id := attr(e, "class"), attr(e, "id"); c != "" || id != "" {
					checkClassRules(t, s, c, id)
					n++
				}
			}
			return true
		})
	}
	t.Logf("%d elements", n)
}
