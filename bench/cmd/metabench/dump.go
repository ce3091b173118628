package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/archivist-org/archivist/extract"
)

// dump writes every title, author and published date archivist emits on
// every page of the named corpora (wcxb's pages of every type, not only
// its articles), one tab-separated line a value: corpus, page type, page,
// field, value, and the page's site name. Read whole, it shows the values
// that are not what they claim (a UI word as an author, a site name as a
// title, a date in the future) that the gold-scored rows can't: most pages
// have no gold author, and a wrong one there costs nothing in a score.
func dump(w io.Writer, corpusDir, only string) error {
	for _, name := range strings.Split(only, ",") {
		loadCorpus, ok := loaders[name]
		if !ok {
			return fmt.Errorf("unknown corpus %q", name)
		}
		c, err := loadCorpus(filepath.Join(corpusDir, name), 0)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, p := range c.Pages {
			a, err := extract.FromHTML(p.HTML, p.URL, &extract.Options{MaxBytes: -1})
			if err != nil {
				continue
			}
			kind := p.Type
			if kind == "" {
				kind = "-"
			}
			q := page{id: p.ID, url: p.URL}
			line := func(field, value string) {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%q\t%q\n", name, kind, pageName(q), field, value, a.SiteName)
			}
			line("title", a.Title)
			for _, au := range a.Authors {
				line("author", au)
			}
			if a.Published != "" {
				line("published", a.Published+" "+a.DateSource)
			}
		}
	}
	return nil
}
