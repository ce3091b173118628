// Package extract turns one HTML page into an article: its clean body text
// (and a markdown rendering of it) and its metadata.
//
// # Basics
//
// [FromHTML] takes a page's raw bytes and its URL and returns an [Article]:
//
//	a, err := extract.FromHTML(body, "https://example.org/analysis/x", &extract.Options{
//		ContentType: resp.Header.Get("Content-Type"), // for the charset
//	})
//
// The pipeline decodes the bytes to UTF-8 (BOM, Content-Type, <meta
// charset>, sniffing), parses them with golang.org/x/net/html, reads the
// metadata from the intact document (JSON-LD, OpenGraph, Twitter cards,
// citation_* and Dublin Core meta, microdata, <time>, visible bylines and
// datelines, the URL), then extracts the body, and finally cross-checks the
// two: an aggregator's head metadata describes the aggregator, so a visible
// byline in the copied body can win, and a "Source:" link or a canonical URL
// on another site becomes [Article.SourceURL].
//
// The body keeps paragraphs, the body's headings, list items, blockquotes
// and table rows, each as its own paragraph separated by one blank line. It
// drops navigation, headers, footers, sidebars, related links, comments,
// ads, cookie and newsletter boxes, author bios, share rows, view counters,
// language switchers, "printable PDF" links, topic rows, captions (unless
// [Options.KeepCaptions]) and sentences repeated by pull quotes, by markup
// and by text pattern, in English, French, German and Arabic at least.
//
// [Article.Kind] tells an article from a hub (a section listing, tag or
// author page, home page, search results, a shop's category), which a
// crawler follows for links but does not archive, and from a page (a
// product, profile, about, contact or event page, by its schema.org or
// og:type when no article evidence contradicts it). The evidence is the
// page's structure (repeated teaser cards, link density, how much running
// prose the body holds), its JSON-LD and OpenGraph types and its URL
// together; ties lean to article, since a false hub loses an article.
//
// The JSON field names of [Article] are a stable schema shared by the CLI
// and the archive's export; docs/schema.md documents every field.
//
// # Guarantees
//
//   - Pure: no I/O, no globals that change, no logging; the same input and
//     options always give the same result ([Version] names the rules).
//   - Safe for concurrent use by any number of goroutines.
//   - Never panics, on any input. Input over [Options.MaxBytes] (16 MiB by
//     default) returns [ErrTooLarge] before any work; binary data returns
//     [ErrNotHTML]; errors wrap these sentinels so callers branch with
//     errors.Is.
//   - All strings in the result are valid UTF-8; slices and maps are
//     non-nil (empty JSON arrays and objects, never null).
//
// # Caveats
//
//   - Heuristic: the body and metadata are best guesses tuned on general
//     rules, not per-site templates; measure with the benchmark in bench/
//     and the golden pages in testdata/.
//   - Time is roughly linear in the page size for ordinary pages, but some
//     pathological markup costs more; callers that take untrusted pages
//     should keep MaxBytes low and run extraction under their own deadline
//     (FromHTML takes no context).
//   - Pages nested more than 512 elements deep are rejected by the HTML
//     parser with an error rather than extracted.
//   - No JavaScript is run: pages that build their body in the browser
//     extract to little or no text.
//   - Dates are only as good as the page: "Published" is the page's own
//     claim; DateSource says where it came from.
package extract
