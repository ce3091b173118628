package extract

import "strings"

// crossCheck reconciles metadata with what the body revealed (e.g. a visible
// byline in an aggregator's copy beats the aggregator's head metadata). It
// runs after the body extraction.
func crossCheck(a *Article, m *metadata, b *body) {
	if a == nil || m == nil {
		return
	}
	// A syndicated copy: the head describes the aggregator, the visible
	// byline names the real authors.
	if len(m.visibleAuthors) > 0 && (a.SourceURL != "" || authorsNameSite(m.headAuthors, a.SiteName)) {
		a.Authors = m.visibleAuthors
	}
	// A listing's bylines and dates belong to the items it lists.
	if b != nil && b.Kind == KindHub && m.HubScore > 0 {
		if len(m.headAuthors) == 0 {
			a.Authors = nil
		}
		if a.DateSource == DateSourceByline || a.DateSource == DateSourceTime {
			a.Published, a.DateSource = "", ""
		}
		return
	}
	if a.SourceURL != "" && m.visibleDate != "" && a.DateSource != DateSourceByline &&
		!strings.HasPrefix(a.Published, m.visibleDate) {
		a.Published, a.DateSource = m.visibleDate, DateSourceByline
	}
}

// authorsNameSite reports whether the head's only author is the site itself.
func authorsNameSite(authors []string, site string) bool {
	return len(authors) == 1 && site != "" && alnumFold(authors[0]) == alnumFold(site)
}
