package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/extract/score"
)

// Floors for the WCXB dev split, a bit under what the extractor reaches, so
// a regression fails while small honest changes don't. The bars are
// article F1 0.960, articles kept 0.995 and listing+collection called hub
// 0.90.
const (
	wcxbArticleFloor = 0.958
	wcxbKeptFloor    = 0.989
	wcxbHubFloor     = 0.79
)

// TestCorpusWCXB scores the body by WCXB's own metric (per-page bag-of-words
// F1 averaged over pages, by page type) and the page kind against WCXB's
// page types: an article must stay KindArticle (anything else is lost to
// the archive), a listing or collection should be KindHub. It skips when
// ../shared/corpus/wcxb is absent. ARCHIVIST_CORPUS_VERBOSE=1 logs the
// worst article pages and every misjudged kind.
func TestCorpusWCXB(t *testing.T) {
	skipCorpusUnderRace(t)
	pages, err := score.LoadWCXB(filepath.Join(corpusDir, "wcxb"), 0)
	if err != nil || len(pages) == 0 {
		t.Skipf("wcxb corpus absent: %v", err)
	}
	verbose := os.Getenv("ARCHIVIST_CORPUS_VERBOSE") != ""
	byType := map[string]*score.Words{}
	confusion := map[string]map[string]int{}
	var worst []pageScore
	for _, p := range pages {
		a, err := corpusExtract(readGz(t, p.HTMLPath), p.URL)
		got, kind := "", "error"
		if err == nil {
			got, kind = a.Text, a.Kind
		}
		w := byType[p.Type]
		if w == nil {
			w = &score.Words{}
			byType[p.Type] = w
		}
		pr, rc, f := w.Add(got, p.MainContent)
		if confusion[p.Type] == nil {
			confusion[p.Type] = map[string]int{}
		}
		confusion[p.Type][kind]++
		if p.Type == "article" {
			worst = append(worst, pageScore{p.ID + " " + p.URL, pr, rc, f})
		}
		if verbose && misjudged(p.Type, kind) {
			t.Logf("  KIND %s %s judged %s: %s", p.ID, p.Type, kind, p.URL)
		}
	}
	types := make([]string, 0, len(byType))
	for ty := range byType {
		types = append(types, ty)
	}
	slices.Sort(types)
	var tab strings.Builder
	fmt.Fprintf(&tab, "%-14s %5s %7s %7s %7s  %7s %5s %5s\n", "type", "pages", "F1", "P", "R", "article", "hub", "page")
	for _, ty := range types {
		f, pr, rc := byType[ty].Result()
		c := confusion[ty]
		fmt.Fprintf(&tab, "%-14s %5d %7.4f %7.4f %7.4f  %7d %5d %5d\n", ty, byType[ty].N, f, pr, rc, c[KindArticle], c[KindHub], c[KindPage])
	}
	t.Logf("wcxb by type:\n%s", tab.String())
	logWorst(t, worst)

	art := byType["article"]
	if art == nil {
		return
	}
	f, _, _ := art.Result()
	kept := float64(confusion["article"][KindArticle]) / float64(art.N)
	lists := confusion["listing"][KindHub] + confusion["collection"][KindHub]
	nLists := 0
	for _, ty := range []string{"listing", "collection"} {
		if byType[ty] != nil {
			nLists += byType[ty].N
		}
	}
	hub := float64(lists) / float64(max(1, nLists))
	t.Logf("wcxb: article F1 %.4f, articles kept %.4f, listing+collection called hub %.4f (%d/%d)", f, kept, hub, lists, nLists)
	if f < wcxbArticleFloor {
		t.Errorf("wcxb article F1 %.4f below floor %.3f", f, wcxbArticleFloor)
	}
	if kept < wcxbKeptFloor {
		t.Errorf("wcxb articles kept %.4f below floor %.3f", kept, wcxbKeptFloor)
	}
	if nLists > 0 && hub < wcxbHubFloor {
		t.Errorf("wcxb listing+collection called hub %.4f below floor %.2f", hub, wcxbHubFloor)
	}
}

// misjudged reports a kind that contradicts the WCXB page type.
func misjudged(typ, kind string) bool {
	switch typ {
	case "article":
		return kind != KindArticle
	case "listing", "collection":
		return kind != KindHub
	}
	return false
}
