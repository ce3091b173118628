package extract

// Article is what extraction makes of one page. Its JSON field names are the
// stable schema shared by `archivist extract --format json`, the archive's
// export and every other JSON output; see docs/schema.md. Add fields, never
// rename or repurpose them.
type Article struct {
	// URL is the page URL the HTML was fetched from (or given with --url).
	URL string `json:"url"`
	// Title is the article's own title, without site-name prefixes/suffixes.
	Title string `json:"title"`
	// Authors are people or, when the byline names one, an organisation.
	Authors []string `json:"authors"`
	// Published and Modified are ISO 8601: "2024-03-05" when only the date
	// is known, RFC 3339 when the time is known too. "" when unknown.
	Published string `json:"published"`
	Modified  string `json:"modified"`
	// DateSource says where Published came from: one of the DateSource*
	// constants, "" when Published is "".
	DateSource string `json:"date_source"`
	SiteName   string `json:"site_name"`
	// Language is a BCP 47 tag ("en", "fr-FR"), "" when unknown.
	Language    string   `json:"language"`
	Description string   `json:"description"`
	Topics      []string `json:"topics"`
	// CanonicalURL is the page's own canonical URL (absolute), "" if none.
	CanonicalURL string `json:"canonical_url"`
	Image        string `json:"image"`
	// Translations maps a language tag to the URL of that translation
	// (hreflang alternates), excluding the page itself.
	Translations map[string]string `json:"translations"`
	// SourceURL is, for a syndicated copy, the original publisher's article
	// URL; "" for originals.
	SourceURL string `json:"source_url"`
	// SourceURLFrom says which signal gave SourceURL: one of the SourceFrom*
	// constants, "" when SourceURL is "".
	SourceURLFrom string `json:"source_url_from"`
	// Republished is, for a syndicated copy whose page states the original's
	// date (then in Published), the copy's own posting date; "" otherwise.
	Republished string `json:"republished"`
	// Kind is KindArticle, KindHub, KindPage or KindDocument.
	Kind string `json:"kind"`
	// Text is the clean body: paragraphs separated by one blank line.
	Text string `json:"text"`
	// Markdown renders the same content with headings, lists, links,
	// emphasis and blockquotes.
	Markdown  string `json:"markdown"`
	WordCount int    `json:"word_count"`
	// Extractor is the extractor version that produced this article.
	Extractor string `json:"extractor"`
	// Pages is a document's page count (KindDocument only).
	Pages int `json:"pages,omitempty"`
	// Documents are the URLs of the documents (PDF reports) the page links
	// to, as the crawler found them; set on articles and hubs.
	Documents []string `json:"documents,omitempty"`
	// LinkedFrom are the pages that link to this document (KindDocument).
	LinkedFrom []string `json:"linked_from,omitempty"`
}

// FillLists gives the lists their documented empty values, [] and {}
// (docs/schema.md: never null), where they are nil, so a script's
// '.topics[]' or '.translations | keys' works on every article.
func (a *Article) FillLists() {
	if a.Authors == nil {
		a.Authors = []string{}
	}
	if a.Topics == nil {
		a.Topics = []string{}
	}
	if a.Translations == nil {
		a.Translations = map[string]string{}
	}
}

// Page kinds.
const (
	KindArticle = "article"
	// KindHub is a page worth following for links but not archiving as an
	// article: section listings, tag/author pages, home pages, search results.
	KindHub = "hub"
	// KindPage is any other page that is not an article: about, contact,
	// a service or product page. Followed, not archived as an article.
	KindPage = "page"
	// KindDocument is a document such as a PDF report, archived beside the
	// articles that link it.
	KindDocument = "document"
)

// Where Article.Published came from.
const (
	DateSourceJSONLD = "json-ld"
	DateSourceMeta   = "meta"
	DateSourceByline = "byline"
	DateSourceTime   = "time"
	DateSourceURL    = "url"
	// DateSourceDocument is a document's own metadata: the PDF Info
	// dictionary or its XMP packet.
	DateSourceDocument = "document"
	DateSourceMicro    = "microdata"
)

// Where Article.SourceURL came from.
const (
	// SourceFromCanonical: <link rel=canonical> on another site.
	SourceFromCanonical = "canonical"
	// SourceFromOGURL: og:url on another site.
	SourceFromOGURL = "og:url"
	// SourceFromMeta: Google's syndication-source / original-source meta.
	SourceFromMeta = "meta"
	// SourceFromJSONLD: JSON-LD isBasedOn, sourceOrganization or
	// copyrightHolder naming another site.
	SourceFromJSONLD = "json-ld"
	// SourceFromCredit: a credit sentence ("Originally published at …",
	// "The post … appeared first on …", "Source: …") linking the original.
	SourceFromCredit = "credit"
	// SourceFromLink: a link whose text is just "Source", "Original" or
	// "Read more at" next to the byline.
	SourceFromLink = "link"
)

// Version identifies the extraction rules. Bump it whenever output can change
// so the archive knows which versions `archivist reextract` would improve.
const Version = "0.2.0"
