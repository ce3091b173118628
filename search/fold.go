package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bolt "go.etcd.io/bbolt"
)

// FoldedResult is a page of results in which each group of near-copies
// (see Copies) is one result.
type FoldedResult struct {
	// Total counts the matching pages, copies included.
	Total uint64 `json:"total"`
	// Folded counts the matching copies folded into this page's results.
	Folded int         `json:"folded"`
	Hits   []FoldedHit `json:"hits"`
}

// FoldedHit is a result: the page shown (the group's original when it
// matches, else its best matching copy) and the other pages of its group.
type FoldedHit struct {
	Hit
	// CopyOf is the original when the page shown is a copy because the
	// original does not match the query or the filters.
	CopyOf string `json:"copy_of,omitempty"`
	// Copies are the other pages of the group (without CopyOf), those that
	// match first, then in the group's order.
	Copies []FoldedCopy `json:"copies,omitempty"`
}

// FoldedCopy is another page of a result's group.
type FoldedCopy struct {
	URL     string `json:"url"`
	Site    string `json:"site"`
	Version int    `json:"version,omitempty"`
	// Matched says it matches the query and the filters too.
	Matched bool `json:"matched,omitempty"`
}

// foldGroup is a result being folded: its copy group, in the group's order
// (original first, unless another result has it), and its best hit.
type foldGroup struct {
	members []Copy
	best    Hit
}

// SearchFolded runs req (latest versions only: copy groups are of latest
// texts) with each group of copies folded into one result, which takes
// the rank of its best matching member. Offset and Limit count results.
// It reads hits in rank order until the page is full, and the copy group
// of each hit that is not a member of a group already read: the groups of
// the page's hits and of the hits ranked before them, never every page.
func (ix *Index) SearchFolded(ctx context.Context, req Request, src TextSource) (*FoldedResult, error) {
	limit := req.Limit
	if limit <= 0 {
		limit = 10
	}
	need := req.Offset + min(limit, MaxLimit)
	groups, total, err := ix.foldGroups(ctx, req, need)
	if err != nil {
		return nil, err
	}
	out := &FoldedResult{Total: total}
	if req.Offset >= len(groups) {
		return out, nil
	}
	page := groups[req.Offset:]
	// One search over the page's groups tells which members match (the
	// original may rank beyond the hits read), with their snippets.
	var urls []string
	for _, g := range page {
		for _, m := range g.members {
			urls = append(urls, m.URL)
		}
	}
	matched := map[string]Hit{}
	for chunk := range slices.Chunk(urls, MaxLimit) {
		if err := ix.searchURLs(ctx, req, chunk, src, matched); err != nil {
			return nil, err
		}
	}
	versions, err := ix.latestVersions(urls)
	if err != nil {
		return nil, err
	}
	for _, g := range page {
		h := g.fold(matched, versions)
		out.Hits = append(out.Hits, h)
		out.Folded += len(h.matchedCopies())
	}
	return out, nil
}

// foldGroups reads hits of req in rank order, and the copy group of each
// hit not in a group read before, until need groups are read (or the
// hits run out). It returns them in rank order and the number of hits.
func (ix *Index) foldGroups(ctx context.Context, req Request, need int) (groups []*foldGroup, total uint64, err error) {
	byURL := map[string]*foldGroup{}
	// Without the band index (an old index on read-only storage) a group
	// read compares the page with every fingerprint: not per hit.
	bands := ix.hasBands()
	scan := firstScan(req, need)
	for len(groups) < need {
		res, err := ix.Search(ctx, scan, nil)
		if err != nil {
			return nil, 0, err
		}
		total = res.Total
		hits := res.Hits
		for i := 0; i < len(hits) && len(groups) < need; {
			// The groups of the next hits not yet in a group, as many as
			// results are missing (each makes one at most), in one read.
			var next []string
			j := i
			for ; j < len(hits) && len(next) < need-len(groups); j++ {
				if byURL[hits[j].URL] == nil {
					next = append(next, hits[j].URL)
				}
			}
			var read map[string][]Copy
			var deferred []string
			if bands {
				// A hit that is a copy of an earlier one of these is
				// most likely in its group: read after it, if not.
				if read, deferred, err = ix.copyGroups(ctx, next, true); err != nil {
					return nil, 0, err
				}
			}
			for ; i < j && len(groups) < need; i++ {
				h := hits[i]
				if byURL[h.URL] != nil {
					continue
				}
				if slices.Contains(deferred, h.URL) {
					break // its group comes first in the next read
				}
				groups = placeHit(groups, byURL, h, read[h.URL])
			}
		}
		scan.Offset += len(res.Hits)
		if len(res.Hits) == 0 || uint64(scan.Offset) >= res.Total {
			break
		}
		scan.Limit = min(2*scan.Limit, MaxLimit)
	}
	return groups, total, nil
}

// firstScan is the first search for the hits of need groups of req:
// latest versions, no snippets, twice as many hits (copies fold).
func firstScan(req Request, need int) Request {
	req.NoSnippets, req.AllVersions = true, false
	req.Offset, req.Limit = 0, min(max(2*need, 20), MaxLimit)
	return req
}

// placeHit puts h, whose copy group is members (nil: none), in a result
// of groups, a new one unless its group's original is in one, and returns
// groups. Copies is not transitive: h may be a copy of a page read
// earlier as another hit's original, or share copies with a group read
// earlier. Each page goes in one result only.
func placeHit(groups []*foldGroup, byURL map[string]*foldGroup, h Hit, members []Copy) []*foldGroup {
	if len(members) < 2 {
		members = []Copy{{URL: h.URL, Site: h.Site}}
	}
	g := byURL[members[0].URL]
	if g == nil {
		g = &foldGroup{best: h}
		groups = append(groups, g)
	}
	for _, m := range members {
		if byURL[m.URL] == nil {
			byURL[m.URL] = g
			g.members = append(g.members, m)
		}
	}
	return groups
}

// fold makes the group's result: its original when it matches, else its
// best hit.
func (g *foldGroup) fold(matched map[string]Hit, versions map[string]int) FoldedHit {
	var r FoldedHit
	orig := g.members[0].URL
	if h, ok := matched[orig]; ok {
		r.Hit = h
	} else {
		r.Hit = g.best
		if h, ok := matched[g.best.URL]; ok {
			r.Hit = h // with its snippet
		}
		if len(g.members) > 1 {
			r.CopyOf = orig
		}
	}
	var others []FoldedCopy
	for _, m := range g.members {
		if m.URL == r.URL || m.URL == r.CopyOf {
			continue
		}
		_, ok := matched[m.URL]
		c := FoldedCopy{URL: m.URL, Site: m.Site, Version: versions[m.URL], Matched: ok}
		if ok {
			r.Copies = append(r.Copies, c)
		} else {
			others = append(others, c)
		}
	}
	r.Copies = append(r.Copies, others...)
	return r
}

// matchedCopies are the copies of r that match the query.
func (r *FoldedHit) matchedCopies() []FoldedCopy {
	for i, c := range r.Copies {
		if !c.Matched {
			return r.Copies[:i]
		}
	}
	return r.Copies
}

// searchURLs runs req's query and filters over the latest versions of urls
// only (at most MaxLimit), and adds their hits to hits by URL, with
// snippets from src.
func (ix *Index) searchURLs(ctx context.Context, req Request, urls []string, src TextSource, hits map[string]Hit) error {
	var only []query.Query
	for _, u := range urls {
		only = append(only, termQ(fURL, u, 1))
	}
	req.Offset, req.Limit, req.AllVersions = 0, len(urls), false
	res, err := ix.search(ctx, req, src, bleve.NewDisjunctionQuery(only...))
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		hits[h.URL] = h
	}
	return nil
}

// hasBands reports whether the index has its complete band index, by
// which Copies reads a page's group without a scan.
func (ix *Index) hasBands() bool {
	ok := false
	_ = ix.state.View(func(tx *bolt.Tx) error {
		ok = bandsComplete(tx)
		return nil
	})
	return ok
}

// latestVersions reads the latest version number of each of urls.
func (ix *Index) latestVersions(urls []string) (map[string]int, error) {
	vs := make(map[string]int, len(urls))
	err := ix.state.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bucketPages)
		if pb == nil {
			return nil
		}
		for _, u := range urls {
			if v := pb.Get([]byte(u)); v != nil {
				var ps pageState
				if _, err := decodePage(v, &ps); err != nil {
					return err
				}
				vs[u] = ps.Version
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: versions: %w", err)
	}
	return vs, nil
}
