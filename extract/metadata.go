package extract

import (
	"net/url"

	"github.com/PuerkitoBio/goquery"
)

// metadata is everything read from the intact document before the body is
// extracted. Owned by the metadata rules (metadata*.go).
type metadata struct {
	Title, Published, Modified, DateSource, SiteName, Language string
	Description, CanonicalURL, Image, SourceURL                string
	Authors, Topics                                            []string
	Translations                                               map[string]string
	// HubScore > 0 suggests a listing page (for the page-kind decision).
	HubScore int
}

func (m *metadata) apply(a *Article) {
	a.Title, a.Published, a.Modified, a.DateSource = m.Title, m.Published, m.Modified, m.DateSource
	a.SiteName, a.Language, a.Description = m.SiteName, m.Language, m.Description
	a.CanonicalURL, a.Image, a.SourceURL = m.CanonicalURL, m.Image, m.SourceURL
	a.Authors, a.Topics, a.Translations = m.Authors, m.Topics, m.Translations
}

// readMetadata must not modify doc.
func readMetadata(doc *goquery.Document, base *url.URL) *metadata {
	return &metadata{}
}
