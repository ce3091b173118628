package archive

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/extract"
)

// Links between pages and the documents (PDF reports) they link, kept
// both ways: a page's latest version lists its documents (Documents), a
// document's latest version names the pages that link it (LinkedFrom).
// Either side may be archived first — a crawl records the page before it
// fetches the document, a WARC may hold them in any order — so the
// referrers are remembered in a KV namespace, and each side is completed
// when the other arrives. Completing a stored version rewrites its article
// in place, with a new seq (as Reextract does) so that incremental export
// and the search index see it; links never make a new version.

// docLinksNS maps a document's normalised URL to the pages that link it
// (JSON list, most recent first).
const docLinksNS = "doclinks"

// maxLinkedFrom bounds a document's remembered referrers.
const maxLinkedFrom = 50

// linksMu serialises the read-modify-write of referrer lists.
var linksMu sync.Mutex

// LinkDocuments records that the page at pageURL links the documents
// docs (URLs; ones that are not documents are harmless: their entry is
// never read). Each archived document names the page in its LinkedFrom,
// and the page, if archived, lists in its Documents those of docs that are
// archived as documents. A document recorded later names the page then,
// and is then listed on it.
func (a *Archive) LinkDocuments(ctx context.Context, pageURL string, docs []string) error {
	page, err := NormalizeURL(pageURL)
	if err != nil {
		return err
	}
	var norm []string
	for _, d := range docs {
		if n, err := NormalizeURL(d); err == nil && n != page && !slices.Contains(norm, n) {
			norm = append(norm, n)
		}
	}
	if len(norm) == 0 {
		return nil
	}
	for _, d := range norm {
		if err := a.noteReferrer(d, page); err != nil {
			return err
		}
	}
	return a.link(ctx, page, norm)
}

// Referrers returns the pages remembered as linking the document at
// docURL, most recent first.
func (a *Archive) Referrers(docURL string) []string {
	d, err := NormalizeURL(docURL)
	if err != nil {
		return nil
	}
	return a.referrers(d)
}

func (a *Archive) referrers(doc string) []string {
	b, err := a.KV(docLinksNS).Get([]byte(doc))
	if err != nil || b == nil {
		return nil
	}
	var refs []string
	if json.Unmarshal(b, &refs) != nil {
		return nil
	}
	return refs
}

// noteReferrer adds page to the remembered referrers of doc.
func (a *Archive) noteReferrer(doc, page string) error {
	linksMu.Lock()
	defer linksMu.Unlock()
	refs := a.referrers(doc)
	if slices.Contains(refs, page) {
		return nil
	}
	refs = append([]string{page}, refs...)
	if len(refs) > maxLinkedFrom {
		refs = refs[:maxLinkedFrom]
	}
	b, err := json.Marshal(refs)
	if err != nil {
		return err
	}
	return a.KV(docLinksNS).Put([]byte(doc), b)
}

// link completes the stored versions: each of docs archived as a document
// names page in its LinkedFrom, and page lists those docs in Documents.
func (a *Archive) link(ctx context.Context, page string, docs []string) error {
	return a.update(ctx, func(tx *bolt.Tx) error {
		c := getCounters(tx)
		changed := false
		var listed []string
		for _, d := range docs {
			isDoc := false
			ch, err := patchLinks(tx, lookupID(tx, d), &c, func(art *extract.Article) bool {
				if isDoc = art.Kind == extract.KindDocument; !isDoc || slices.Contains(art.LinkedFrom, page) {
					return false
				}
				art.LinkedFrom = append([]string{page}, art.LinkedFrom...)
				if len(art.LinkedFrom) > maxLinkedFrom {
					art.LinkedFrom = art.LinkedFrom[:maxLinkedFrom]
				}
				return true
			})
			if err != nil {
				return err
			}
			changed = changed || ch
			if isDoc {
				listed = append(listed, d)
			}
		}
		if len(listed) > 0 {
			ch, err := patchLinks(tx, lookupID(tx, page), &c, func(art *extract.Article) bool {
				n := len(art.Documents)
				for _, d := range listed {
					if !slices.Contains(art.Documents, d) {
						art.Documents = append(art.Documents, d)
					}
				}
				return len(art.Documents) > n
			})
			if err != nil {
				return err
			}
			changed = changed || ch
		}
		if !changed {
			return nil
		}
		return putCounters(tx, c)
	})
}

// patchLinks lets edit change the article of page id's latest version and
// stores it in place if edit reports a change. A page without versions,
// or whose article cannot be read, is left alone.
func patchLinks(tx *bolt.Tx, id uint64, c *counters, edit func(*extract.Article) bool) (bool, error) {
	if id == 0 {
		return false, nil
	}
	pr, err := getPage(tx, id)
	if err != nil || pr.Versions == 0 {
		return false, nil
	}
	key := vkey(id, pr.Versions)
	old, err := decompress(tx.Bucket(bVArticle).Get(key))
	if err != nil {
		return false, nil
	}
	var art extract.Article
	if json.Unmarshal(old, &art) != nil || !edit(&art) {
		return false, nil
	}
	aj, err := json.Marshal(&art)
	if err != nil {
		return false, err
	}
	return applyReextract(tx, key, &art, compressArticle(aj), pr.Hash, c)
}

// withReferrers returns art (a document) naming the remembered referrers
// of the URLs it was fetched at, and those URLs.
func (a *Archive) withReferrers(f Fetch, art *extract.Article) (*extract.Article, []string) {
	var keys []string
	for _, u := range []string{f.URL, f.FinalURL} {
		if n, err := NormalizeURL(u); err == nil && !slices.Contains(keys, n) {
			keys = append(keys, n)
		}
	}
	cp := *art
	cp.LinkedFrom = slices.Clone(art.LinkedFrom)
	for _, k := range keys {
		for _, r := range a.referrers(k) {
			if !slices.Contains(cp.LinkedFrom, r) && len(cp.LinkedFrom) < maxLinkedFrom {
				cp.LinkedFrom = append(cp.LinkedFrom, r)
			}
		}
	}
	return &cp, keys
}

// listOnReferrers lists a just recorded document on the pages that link
// it, under the URL they link it by.
func (a *Archive) listOnReferrers(ctx context.Context, keys []string) error {
	for _, k := range keys {
		for _, r := range a.referrers(k) {
			if err := a.link(ctx, r, []string{k}); err != nil {
				return err
			}
		}
	}
	return nil
}
