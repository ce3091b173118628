package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Request is one search.
type Request struct {
	Query       string    `json:"query"`
	Site        string    `json:"site,omitempty"`   // host, parent domains match too
	Author      string    `json:"author,omitempty"` // words or name, matched as a phrase
	Topic       string    `json:"topic,omitempty"`
	Lang        string    `json:"lang,omitempty"` // base tag, e.g. "fr"
	Kind        string    `json:"kind,omitempty"` // page kind: "article", "document"
	Since       time.Time `json:"since,omitzero"` // date >= Since
	Until       time.Time `json:"until,omitzero"` // date < Until
	SortByDate  bool      `json:"sort_by_date,omitempty"`
	Limit       int       `json:"limit,omitempty"` // 0 = 10
	Offset      int       `json:"offset,omitempty"`
	AllVersions bool      `json:"all_versions,omitempty"`
	// NoSnippets skips reading texts for snippets.
	NoSnippets bool `json:"no_snippets,omitempty"`
}

// Result is a page of hits.
type Result struct {
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
}

// Hit is one matching version.
type Hit struct {
	URL     string    `json:"url"`
	Version int       `json:"version"`
	Title   string    `json:"title"`
	Site    string    `json:"site"`
	Authors []string  `json:"authors,omitempty"`
	Lang    string    `json:"lang,omitempty"`
	Kind    string    `json:"kind,omitempty"`
	Date    time.Time `json:"date,omitzero"`
	// Dated is what Date is: "published" or "first_seen".
	Dated   string  `json:"dated,omitempty"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet,omitempty"`
	// Highlights are [start, end) byte offsets of matched words in Snippet.
	Highlights [][2]int `json:"highlights,omitempty"`
}

// MaxLimit caps Request.Limit.
const MaxLimit = 1000

// Search runs req. Snippets are cut from the texts src returns (nil: no
// snippets).
func (ix *Index) Search(ctx context.Context, req Request, src TextSource) (*Result, error) {
	return ix.search(ctx, req, src, nil)
}

// search runs req among the versions the query within matches (nil: all).
func (ix *Index) search(ctx context.Context, req Request, src TextSource, within query.Query) (*Result, error) {
	if err := ix.useBleve(); err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bleve == nil {
		return nil, errClosed
	}
	ast, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	sr, b, err := ix.request(ast, req)
	if err != nil {
		return nil, err
	}
	if sr == nil {
		return &Result{}, nil
	}
	if within != nil {
		sr.Query = filtered{sr.Query, within}
	}
	out, err := ix.run(ctx, sr, !hasPhrase(ast))
	if err != nil {
		return nil, err
	}
	if src != nil && !req.NoSnippets && ast != nil {
		terms := b.highlightTerms(ast)
		var near nearTexts
		for i := range out.Hits {
			h := &out.Hits[i]
			text, err := textOf(ctx, src, h.URL, h.Version)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				continue // snippet is best effort
			}
			an := analyzerFor(h.Lang)
			a := ix.analyzerNamed(an)
			matches, termAt := near.matches(text, an, func(s string) ([][2]int, []string) {
				return findMatches(s, terms, a, false)
			})
			h.Snippet, h.Highlights = cutSnippet(text, matches, termAt, 240)
		}
	}
	return out, nil
}

// textOf is version n's text, read alone where src can (an open
// archive: the whole record is twice as long to decode).
func textOf(ctx context.Context, src TextSource, url string, n int) (string, error) {
	if t, ok := src.(interface {
		Text(ctx context.Context, url string, n int) (string, error)
	}); ok {
		return t.Text(ctx, url, n)
	}
	r, err := src.Version(ctx, url, n)
	if err != nil {
		return "", err
	}
	return r.Text, nil
}

// request builds the bleve request for req, whose query parsed to ast, and
// the builder that made it (for the snippets' terms). A nil request with
// no error: nothing can match (the query is only stop words).
func (ix *Index) request(ast *node, req Request) (*bleve.SearchRequest, *builder, error) {
	// One branch per document language present: each document is matched
	// with the analysis it was indexed with (its stop words, its stems).
	types := ix.queryTypes(req.Lang)
	var q query.Query
	if ast != nil {
		// Languages whose analysis gives the same query share one branch
		// (most analyzers leave a name or a rare word as it is).
		type branch struct {
			q     query.Query
			types []string
			loose bool // some query words are stop words here
		}
		var groups []*branch
		byKey := map[string]*branch{}
		for _, typ := range types {
			tb := &builder{ix: ix, analyzers: []string{analyzerFor(typ)}}
			bq := tb.build(ast)
			if bq == nil {
				continue // only stop words in this language
			}
			key, err := json.Marshal(bq)
			if err != nil {
				return nil, nil, fmt.Errorf("search: %w", err)
			}
			if g := byKey[string(key)]; g != nil {
				g.types = append(g.types, typ)
				continue
			}
			g := &branch{q: bq, types: []string{typ}, loose: tb.dropped > 0}
			byKey[string(key)] = g
			groups = append(groups, g)
		}
		var branches []query.Query
		for _, g := range groups {
			bq := g.q
			// A branch that kept every word is no looser than the others'
			// documents' own branches, so it may run unrestricted (a
			// filter on language costs a walk over all its documents).
			// One that dropped stop words must stay in its languages.
			if g.loose && len(g.types) < len(types) {
				var tq []query.Query
				for _, typ := range g.types {
					tq = append(tq, termQ(fType, typ, 1))
				}
				// The languages as a filter (see filtered), not a
				// boolean's filter, which scored every hit of the branch
				// before checking its language (the same scores).
				bq = filtered{bq, bleve.NewDisjunctionQuery(tq...)}
			}
			branches = append(branches, bq)
		}
		switch len(branches) {
		case 0:
			return nil, nil, nil // only stop words: nothing to look for
		case 1:
			q = branches[0]
		default:
			q = bleve.NewDisjunctionQuery(branches...)
		}
	}
	b := &builder{ix: ix}
	for _, typ := range types {
		b.analyzers = append(b.analyzers, analyzerFor(typ))
	}
	var filters []query.Query
	if req.Site != "" {
		var sq []query.Query
		for _, s := range strings.Split(req.Site, ",") {
			if s = normSite(s); s != "" {
				sq = append(sq, termQ(fSites, s, 1))
			}
		}
		if len(sq) > 0 {
			filters = append(filters, bleve.NewDisjunctionQuery(sq...))
		}
	}
	if req.Author != "" {
		filters = append(filters, phraseQ(fAuthor, req.Author, nameAnalyzer, 1))
	}
	if req.Topic != "" {
		filters = append(filters, phraseQ(fTopic, req.Topic, nameAnalyzer, 1))
	}
	if req.Lang != "" {
		filters = append(filters, termQ(fLang, baseLang(req.Lang), 1))
	}
	if req.Kind != "" {
		filters = append(filters, termQ(fKind, strings.ToLower(strings.TrimSpace(req.Kind)), 1))
	}
	if !req.Since.IsZero() || !req.Until.IsZero() {
		filters = append(filters, dateFilter(req.Since, req.Until, ix.years()))
	}
	if q == nil && len(filters) == 0 {
		return nil, nil, fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	q = wholePhrases(q, true)
	main := q
	if len(filters) > 0 {
		// The filters are one clause, matched without scores (so their
		// term look-ups merge into one bitmap per segment), and the
		// query's hits are looked up in it (see filtered).
		f := filters[0]
		if len(filters) > 1 {
			f = bleve.NewConjunctionQuery(filters...)
		}
		main = unscored{f}
		if q != nil {
			main = filtered{q, f}
		}
	}
	if !req.AllVersions {
		// Excluding the superseded versions (latest=false: few) is much
		// cheaper than requiring latest=true (nearly every document).
		main = latestOnly{main}
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, MaxLimit)
	sr := bleve.NewSearchRequestOptions(main, limit, max(req.Offset, 0), false)
	sr.Fields = []string{fURL, fTitle, fSite, fAuthors, fLang, fDate, fDated, fVersion, fKind}
	if req.SortByDate || q == nil {
		sr.SortByCustom(newestFirst())
	}
	return sr, b, nil
}

// newestFirst is the date order: newest first, then by score, then by
// id; versions without a date last.
func newestFirst() blevesearch.SortOrder {
	return blevesearch.SortOrder{
		&blevesearch.SortField{Field: fDateKey, Desc: true, Type: blevesearch.SortFieldAsString},
		&blevesearch.SortScore{Desc: true},
		&blevesearch.SortDocID{},
	}
}

// dateFilter matches dates in [since, until) (zero = open end). Whole
// years inside the range match on the year keyword (one posting list
// each); only the partial years at the ends use a date range, whose many
// numeric terms are slow to walk over a big index.
//
// years returns the years some version is dated in, sorted (nil: not
// known); a year no version has matches nothing either way. With them, a
// range open at one end (since 2020: up to the end of time) is the years
// after the last whole one that some version has, not a date range: its
// numeric terms cost a third of the filter's set-up and matched nothing.
func dateFilter(since, until time.Time, years func() []int) query.Query {
	t, f := true, false
	rangeQ := func(a, b time.Time) query.Query {
		q := bleve.NewDateRangeInclusiveQuery(a, b, &t, &f)
		q.SetField(fDate)
		return q
	}
	since, until = since.UTC(), until.UTC()
	lo, hi := since.Year(), until.Year() // whole years: (lo, hi) exclusive
	if since.IsZero() || until.IsZero() {
		if since.IsZero() && until.IsZero() {
			return rangeQ(since, until)
		}
	}
	yearStart := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	var parts []query.Query
	// openEnd adds the versions dated in years [from, to]: their year
	// terms where each of those years is one bleve indexes the dates of
	// whole (a date outside its range has a year but no date term), else
	// the date range.
	openEnd := func(from, to int, rangeFrom, rangeTo time.Time) {
		var ys []int
		if years != nil {
			ys = years()
		}
		if ys == nil {
			parts = append(parts, rangeQ(rangeFrom, rangeTo))
			return
		}
		var terms []query.Query
		for _, y := range ys {
			if y < from || y > to {
				continue
			}
			if yearStart(y).Before(document.MinTimeRepresentable) || yearStart(y+1).After(document.MaxTimeRepresentable) {
				parts = append(parts, rangeQ(rangeFrom, rangeTo))
				return
			}
			terms = append(terms, termQ(fYear, strconv.Itoa(y), 1))
		}
		parts = append(parts, terms...)
	}
	switch {
	case since.IsZero(): // ... until
		lo = 1900
		openEnd(math.MinInt, lo, time.Time{}, yearStart(lo+1))
	case since.Equal(yearStart(lo)):
		lo-- // since's year is whole
	default:
		end := yearStart(lo + 1)
		if !until.IsZero() && until.Before(end) {
			end = until
		}
		parts = append(parts, rangeQ(since, end))
	}
	if until.IsZero() { // since ...
		hi = time.Now().UTC().Year() + 2
		openEnd(hi, math.MaxInt, yearStart(hi), time.Time{})
	} else if hi > lo {
		parts = append(parts, rangeQ(yearStart(hi), until))
	}
	var has func(int) bool
	if years != nil && (hi-lo > 12 || since.IsZero() || until.IsZero()) {
		// Each year's term is looked up in every segment, and a range
		// from 1900 ("until") spans more than a hundred years, most with
		// nothing; a short span is not worth reading the years for.
		if ys := years(); ys != nil {
			has = func(y int) bool { _, ok := slices.BinarySearch(ys, y); return ok }
		}
	}
	for y := lo + 1; y < hi; y++ {
		if has == nil || has(y) {
			parts = append(parts, termQ(fYear, strconv.Itoa(y), 1))
		}
	}
	switch len(parts) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return parts[0]
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// years returns a function giving the years some version is dated in,
// sorted, read from the year field's terms at its first call (nil: they
// cannot be read).
func (ix *Index) years() func() []int {
	return sync.OnceValue(func() []int {
		snap, ok := snapshot(ix.bleve)
		if !ok {
			return nil
		}
		defer snap.Close()
		// Segment by segment, as dateBuckets (bleve's merged dictionary
		// opens each in a goroutine).
		seen := map[int]bool{}
		for _, ss := range snap.Segments() {
			d, err := ss.Segment().Dictionary(fYear)
			if err != nil {
				return nil
			}
			it := d.AutomatonIterator(nil, nil, nil)
			for {
				e, err := it.Next()
				if err != nil {
					return nil
				}
				if e == nil {
					break
				}
				if y, err := strconv.Atoi(e.Term); err == nil {
					seen[y] = true
				}
			}
		}
		ys := []int{}
		for y := range seen {
			ys = append(ys, y)
		}
		slices.Sort(ys)
		return ys
	})
}

// unscored matches what its query matches, with no score and no weight:
// a filter. Built without scores, bleve merges its terms' posting lists
// into one bitmap per segment (a disjunction of year terms, a site and a
// language) rather than walking each beside the query; with no weight it
// leaves the query's scores as they are.
type unscored struct{ q query.Query }

func (u unscored) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, _ blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	s, err := u.q.Searcher(ctx, i, m, blevesearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return weightless{s}, nil
}

type weightless struct{ blevesearch.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}

// run runs sr. twoPass: a newest-first sr may run in two passes (see
// searchNewestFirst); not for phrases, whose cost is their positions,
// the same with or without scores, so that a second pass adds to it.
func (ix *Index) run(ctx context.Context, sr *bleve.SearchRequest, twoPass bool) (*Result, error) {
	ctx = withPhraseReads(ctx)
	var res *bleve.SearchResult
	var err error
	if _, ok := sr.Sort[len(sr.Sort)-1].(*blevesearch.SortDocID); ok && len(sr.Sort) == 3 {
		if twoPass {
			res, err = ix.searchNewestWindowed(ctx, sr)
		} else {
			res, err = ix.searchTiesByID(ctx, sr)
		}
	} else {
		var pruned bool
		res, pruned, err = ix.searchPruned(ctx, sr)
		if !pruned {
			res, err = searchByScore(ctx, ix.bleve, sr)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, m := range res.Hits {
		out.Hits = append(out.Hits, hitFrom(m))
	}
	return out, nil
}

// searchNewestFirst runs sr, sorted by newestFirst, in two passes: the
// first finds the page's versions by date alone, without scores (bleve
// then walks bitmaps rather than scoring every hit: 15–20% of a query
// over most of the index), and counts all hits; the second scores and
// orders only those (and, where the page ends inside a run of versions of
// the same date, all of that date's).
func (ix *Index) searchNewestFirst(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	need := sr.From + sr.Size
	dates := *sr
	dates.Sort = sr.Sort[:1]
	dates.Score = bleve.ScoreNone
	dates.Fields = nil
	dates.From, dates.Size = 0, need+1
	res, err := searchSafe(ctx, ix.bleve, &dates)
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	hits := res.Hits
	k := min(need, len(hits))
	last := hits[k-1].Sort[0]
	var ids []string
	var dated query.Query
	if len(hits) > need && hits[need].Sort[0] == last {
		if last == blevesearch.LowTerm || last == blevesearch.HighTerm {
			// The page ends among versions without a date: no term
			// finds them all.
			return ix.searchTiesByID(ctx, sr)
		}
		dated = termQ(fDateKey, last, 1)
		for _, h := range hits[:k] {
			if h.Sort[0] != last {
				ids = append(ids, h.ID)
			}
		}
	} else {
		for _, h := range hits[:k] {
			ids = append(ids, h.ID)
		}
	}
	var page query.Query = bleve.NewDocIDQuery(ids)
	switch {
	case dated != nil && len(ids) == 0:
		page = dated
	case dated != nil:
		page = bleve.NewDisjunctionQuery(page, dated)
	}
	second := *sr
	second.Query = newAllOf(wholePhrases(sr.Query, false), unscored{page}) // the page narrows its phrases
	out, err := searchSafe(ctx, ix.bleve, &second)
	if err != nil {
		return nil, err
	}
	out.Total = res.Total
	return out, nil
}

// searchTiesByID runs sr, whose sort ends with the document id, without
// that last key, and orders the hits that tie on the others by id itself.
// Sorting by id reads every hit's id (a stored-field look-up: a third of a
// newest-first query over many hits); only the page's are needed, unless
// a tie crosses the page's end, where sr runs as it is.
func (ix *Index) searchTiesByID(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	need := sr.From + sr.Size
	fast := *sr
	fast.Sort = sr.Sort[:len(sr.Sort)-1]
	fast.From, fast.Size = 0, need+1
	if sr.From > 0 {
		fast.Fields = nil // loaded below for the page's hits only
	}
	res, err := searchSafe(ctx, ix.bleve, &fast)
	if err != nil {
		return nil, err
	}
	// cmp orders by the sort keys before the id, as bleve does.
	cmp := func(a, b *blevesearch.DocumentMatch) int {
		for i, s := range fast.Sort {
			c := 0
			if _, ok := s.(*blevesearch.SortScore); ok {
				c = cmp.Compare(a.Score, b.Score)
			} else {
				c = strings.Compare(a.Sort[i], b.Sort[i])
			}
			if s.Descending() {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}
	hits := res.Hits
	if len(hits) > need {
		if cmp(hits[need-1], hits[need]) == 0 {
			return searchSafe(ctx, ix.bleve, sr) // which of the tied is on the page is up to the id
		}
		hits = hits[:need]
	}
	slices.SortStableFunc(hits, func(a, b *blevesearch.DocumentMatch) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	res.Hits = hits[min(sr.From, len(hits)):]
	if sr.From > 0 && len(sr.Fields) > 0 && len(res.Hits) > 0 {
		if err := ix.loadFields(ctx, res.Hits, sr.Fields); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// loadFields sets the stored fields of hits, found by id.
func (ix *Index) loadFields(ctx context.Context, hits []*blevesearch.DocumentMatch, fields []string) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	sr.Fields = fields
	sr.Score = bleve.ScoreNone
	res, err := searchSafe(ctx, ix.bleve, sr)
	if err != nil {
		return err
	}
	byID := make(map[string]map[string]any, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h.Fields
	}
	for _, h := range hits {
		h.Fields = byID[h.ID]
	}
	return nil
}

// hasPhrase reports whether the query n has a phrase (of two words or
// more: a quoted word is a word).
func hasPhrase(n *node) bool {
	if n == nil {
		return false
	}
	if n.kind == nodePhrase && strings.ContainsFunc(strings.TrimSpace(n.text), unicode.IsSpace) {
		return true
	}
	return slices.ContainsFunc(n.kids, hasPhrase)
}

func hitFrom(m *blevesearch.DocumentMatch) Hit {
	str := func(f string) string { s, _ := m.Fields[f].(string); return s }
	h := Hit{URL: str(fURL), Title: str(fTitle), Site: str(fSite), Lang: str(fLang), Kind: str(fKind), Dated: str(fDated), Score: m.Score}
	if a := str(fAuthors); a != "" {
		h.Authors = strings.Split(a, "; ")
	}
	if v, ok := m.Fields[fVersion].(float64); ok {
		h.Version = int(v)
	}
	if d := str(fDate); d != "" {
		if t, err := time.Parse(time.RFC3339Nano, d); err == nil {
			h.Date = t.UTC()
		}
	}
	if h.URL == "" { // id is url#vN
		if i := strings.LastIndex(m.ID, "#v"); i > 0 {
			h.URL = m.ID[:i]
		}
	}
	return h
}

// queryTypes are the document types (languages with an analyzer, or
// stdLang) a query runs against: those present in the index, or the one
// of lang.
func (ix *Index) queryTypes(lang string) []string {
	if l := baseLang(lang); l != "" {
		if _, ok := langAnalyzers[l]; ok {
			return []string{l}
		}
		return []string{stdLang}
	}
	out := make([]string, 0, len(ix.langs))
	for l := range ix.langs {
		out = append(out, l)
	}
	if len(out) == 0 {
		out = append(out, stdLang)
	}
	sort.Strings(out)
	return out
}

func (ix *Index) analyzerNamed(name string) analysis.Analyzer {
	return ix.bleve.Mapping().AnalyzerNamed(name)
}

func analyze(a analysis.Analyzer, s string) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// phraseTerms is the analysed phrase as bleve's match-phrase query makes
// it: the terms at each position from the first, nil where a stop word
// was dropped.
func phraseTerms(a analysis.Analyzer, text string) [][]string {
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range toks {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

func termQ(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func phraseQ(field, text, analyzer string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.Analyzer = analyzer
	q.SetBoost(boost)
	return q
}

// titleBoost weighs title matches over body matches.
const titleBoost = 2.5

type builder struct {
	ix        *Index
	analyzers []string
	dropped   int // words that analysed to nothing (stop words)
}

func (b *builder) build(n *node) query.Query {
	switch n.kind {
	case nodeAnd:
		var must, not []query.Query
		for _, k := range n.kids {
			if k.kind == nodeNot {
				if q := b.build(k.kids[0]); q != nil {
					not = append(not, q)
				}
				continue
			}
			if q := b.build(k); q != nil {
				must = append(must, q)
			}
		}
		if len(not) == 0 {
			if len(must) == 0 {
				return nil
			}
			if len(must) == 1 {
				return must[0]
			}
			return newAllOf(must...)
		}
		bq := bleve.NewBooleanQuery()
		if len(must) > 0 {
			bq.AddMust(must...)
		} else {
			bq.AddMust(bleve.NewMatchAllQuery())
		}
		bq.AddMustNot(not...)
		return bq
	case nodeOr:
		var qs []query.Query
		for _, k := range n.kids {
			if q := b.build(k); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil
		}
		if len(qs) == 1 {
			return qs[0]
		}
		return bleve.NewDisjunctionQuery(qs...)
	case nodeNot:
		q := b.build(n.kids[0])
		if q == nil {
			return nil
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewMatchAllQuery())
		bq.AddMustNot(q)
		return bq
	}
	return b.leaf(n)
}

func (b *builder) leaf(n *node) query.Query {
	switch n.field {
	case fSite:
		s := normSite(n.text)
		if n.kind == nodePrefix {
			q := bleve.NewPrefixQuery(s)
			q.SetField(fSites)
			return q
		}
		return termQ(fSites, s, 1)
	case fLang:
		return termQ(fLang, baseLang(n.text), 1)
	case fKind:
		return termQ(fKind, strings.ToLower(n.text), 1)
	case fAuthor, fTopic:
		if n.kind == nodePrefix {
			q := bleve.NewPrefixQuery(strings.ToLower(n.text))
			q.SetField(n.field)
			return q
		}
		return phraseQ(n.field, n.text, nameAnalyzer, 1)
	}
	fields := []string{fBody, fTitle}
	if n.field != "" {
		fields = []string{n.field}
	}
	boost := func(f string) float64 {
		if f == fTitle && len(fields) > 1 {
			return titleBoost
		}
		return 1
	}
	var qs []query.Query
	if n.kind == nodePrefix {
		p := strings.ToLower(n.text)
		for _, f := range fields {
			q := bleve.NewPrefixQuery(p)
			q.SetField(f)
			q.SetBoost(boost(f))
			qs = append(qs, q)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	seen := map[string]bool{}
	for _, an := range b.analyzers {
		toks := analyze(b.ix.analyzerNamed(an), n.text)
		if len(toks) == 0 {
			b.dropped++
			continue
		}
		if len(toks) < words(n.text) {
			// Some words are stop words here: "in the" is the word
			// "the" where "in" is one, looser than the phrase other
			// languages' documents are matched with.
			b.dropped++
		}
		var phrase [][]string
		key := strings.Join(toks, "\x00")
		if len(toks) > 1 {
			// The analysed terms at their positions (stop words leave
			// gaps): languages that analyse a phrase alike share one
			// query, and so one branch (see Search), rather than each
			// walking the same positions.
			phrase = phraseTerms(b.ix.analyzerNamed(an), n.text)
			k, _ := json.Marshal(phrase)
			key = string(k)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, f := range fields {
			if phrase == nil {
				qs = append(qs, termQ(f, toks[0], boost(f)))
				continue
			}
			qs = append(qs, newMultiPhrase(phrase, f, boost(f), b.ix.pairs))
		}
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// words counts the words of s as the analyzers' tokenizer cuts them.
func words(s string) int {
	return len(wordTokenizer.Tokenize([]byte(s)))
}

var wordTokenizer = unicodetok.NewUnicodeTokenizer()

// hlTerms are what a snippet highlights: analysed terms per analyzer and
// lower-case prefixes.
type hlTerms struct {
	terms    map[string]bool
	prefixes []string
	// analysed remembers, per analyzer, which term a word analysed to (""
	// none): a page of hits repeats its words, and the analyzer is most of
	// a snippet's cost.
	analysed map[analysis.Analyzer]map[string]string
}

func (b *builder) highlightTerms(n *node) hlTerms {
	t := hlTerms{terms: map[string]bool{}, analysed: map[analysis.Analyzer]map[string]string{}}
	var walk func(*node, bool)
	walk = func(n *node, neg bool) {
		switch n.kind {
		case nodeNot:
			walk(n.kids[0], !neg)
			return
		case nodeAnd, nodeOr:
			for _, k := range n.kids {
				walk(k, neg)
			}
			return
		}
		if neg || (n.field != "" && n.field != fBody && n.field != fTitle) {
			return
		}
		if n.kind == nodePrefix {
			t.prefixes = append(t.prefixes, strings.ToLower(n.text))
			return
		}
		for _, an := range b.analyzers {
			for _, tok := range analyze(b.ix.analyzerNamed(an), n.text) {
				t.terms[tok] = true
			}
		}
	}
	walk(n, false)
	return t
}

// findMatches finds the words of text that analyse to one of the terms or
// start with one of the prefixes. Only words sharing their first letters
// with a term go through the analyzer: analysing whole texts per hit
// would dominate query time. Where it can, a byte search finds those words
// without walking the others (candidateWords); the walk below is the
// fallback, and the reference where scanAll (tests).
func findMatches(text string, terms hlTerms, a analysis.Analyzer, scanAll bool) ([][2]int, []string) {
	if a == nil || (len(terms.terms) == 0 && len(terms.prefixes) == 0) {
		return nil, nil
	}
	var heads [][]byte // a slice: ranging over a map for every word cost more than the check
	for t := range terms.terms {
		if h := []byte(head(t)); !slices.ContainsFunc(heads, func(o []byte) bool { return bytes.Equal(o, h) }) {
			heads = append(heads, h)
		}
	}
	prefixes := make([][]byte, len(terms.prefixes))
	for i, p := range terms.prefixes {
		prefixes[i] = []byte(p)
	}
	memo := terms.analysed[a]
	if memo == nil {
		memo = map[string]string{}
		if terms.analysed != nil {
			terms.analysed[a] = memo
		}
	}
	var matches [][2]int
	var termAt []string
	start := -1
	var w []byte // the word in lower case, in one buffer for all words
	check := func(end int) {
		word := text[start:end]
		w = appendLower(w[:0], word)
		for i, p := range prefixes {
			if bytes.HasPrefix(w, p) {
				matches = append(matches, [2]int{start, end})
				termAt = append(termAt, terms.prefixes[i])
				return
			}
		}
		hit := false
		for _, h := range heads {
			if bytes.Contains(w, h) {
				hit = true
				break
			}
		}
		if !hit {
			return
		}
		term, ok := memo[word]
		if !ok {
			for _, tok := range a.Analyze([]byte(word)) {
				if terms.terms[string(tok.Term)] {
					term = string(tok.Term)
					break
				}
			}
			memo[word] = term
		}
		if term != "" {
			matches = append(matches, [2]int{start, end})
			termAt = append(termAt, term)
		}
	}
	if !scanAll {
		if words, ok := candidateWords(text, slices.Concat(prefixes, heads)); ok {
			for _, w := range words {
				start = w[0]
				check(w[1])
			}
			return matches, termAt
		}
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			check(i)
			start = -1
		}
	}
	if start >= 0 {
		check(len(text))
	}
	return matches, termAt
}

// appendLower appends strings.ToLower(s) to dst.
func appendLower(dst []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// head is the first two letters of a word: stems keep them (mostly).
func head(w string) string {
	n := 0
	for i := range w {
		if n == 2 {
			return w[:i]
		}
		n++
	}
	return w
}

// snippet cuts about width bytes of text around the densest cluster of
// matched words and reports where they are in the snippet.
func snippet(text string, terms hlTerms, a analysis.Analyzer, width int) (string, [][2]int) {
	matches, termAt := findMatches(text, terms, a, false)
	return cutSnippet(text, matches, termAt, width)
}

// cutSnippet is snippet with text's matches found.
func cutSnippet(text string, matches [][2]int, termAt []string, width int) (string, [][2]int) {
	if text == "" {
		return "", nil
	}
	// Window with the most distinct terms (then most matches).
	start := 0
	if len(matches) > 0 {
		bestD, bestN, j := -1, -1, 0
		for i := range matches {
			for j < len(matches) && matches[j][1]-matches[i][0] <= width {
				j++
			}
			d := map[string]bool{}
			for k := i; k < j; k++ {
				d[termAt[k]] = true
			}
			if len(d) > bestD || (len(d) == bestD && j-i > bestN) {
				bestD, bestN, start = len(d), j-i, matches[i][0]
			}
		}
		start = max(0, start-width/4)
	}
	end := min(len(text), start+width)
	// Snap to word boundaries.
	for start > 0 && start < len(text) && !isSpaceByte(text[start-1]) {
		start++
	}
	for end < len(text) && !isSpaceByte(text[end]) && end-start < width+40 {
		end++
	}
	if start >= end {
		start, end = 0, min(len(text), width)
		for end < len(text) && !isSpaceByte(text[end]) && end < width+40 {
			end++
		}
	}
	raw := text[start:end]
	// Collapse whitespace, keeping match offsets in step.
	var sb strings.Builder
	var hl [][2]int
	mi := 0
	for mi < len(matches) && matches[mi][0] < start {
		mi++
	}
	prefix := ""
	if start > 0 {
		prefix = "…"
	}
	sb.WriteString(prefix)
	space := false
	for i := 0; i < len(raw); i++ {
		pos := start + i
		if mi < len(matches) && matches[mi][0] == pos && matches[mi][1] <= end {
			if space {
				sb.WriteByte(' ')
				space = false
			}
			s := sb.Len()
			sb.WriteString(text[matches[mi][0]:matches[mi][1]])
			hl = append(hl, [2]int{s, sb.Len()})
			i += matches[mi][1] - matches[mi][0] - 1
			mi++
			continue
		}
		c := raw[i]
		if isSpaceByte(c) {
			space = sb.Len() > len(prefix)
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteByte(c)
	}
	if end < len(text) {
		sb.WriteString("…")
	}
	return sb.String(), hl
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
