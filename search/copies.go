package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	bolt "go.etcd.io/bbolt"
)

// Fingerprint parameters.
const (
	// NumHashes is the MinHash signature length.
	NumHashes = 128
	// ShingleWords is the shingle size, in words.
	ShingleWords = 5
	// MinShingles is the fewest distinct shingles a text needs to get a
	// fingerprint; shorter texts (stubs, captions) would match by chance.
	MinShingles = 12
	// CopyThreshold is the estimated fraction of the shorter text that two
	// pages must share to count as copies.
	CopyThreshold = 0.5
	// MinSimilarity is the least estimated Jaccard similarity of two
	// copies: it keeps a short text from matching just the chrome that
	// an aggregator adds around everything it republishes.
	MinSimilarity = 0.3
	// lshBands x lshRows = NumHashes: banding used by CopyLinks to find
	// candidate pairs (a pair with Jaccard 0.3 shares a band with p≈0.998).
	lshBands = 64
	lshRows  = 2
)

// MinHash permutations h_i(x) = a_i*x + b_i (mod 2^64); 16 middle bits
// of each minimum are kept.
var hashA, hashB = func() (a, b [NumHashes]uint64) {
	s := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // splitmix64: fixed, so signatures are stable
		s += 0x9E3779B97F4A7C15
		z := s
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range a {
		a[i] = next() | 1
		b[i] = next()
	}
	return
}()

// fingerprint returns the MinHash signature of text's word shingles and the
// number of distinct shingles. Shingles never cross a line break, so
// reordered or dropped paragraphs only lose their own shingles. Words are
// compared case-insensitively, letters and digits only.
//
// A tenth of a rebuild's CPU was here (30k versions of corpus pages, 10 of
// 105 s): ASCII is read a byte at a time, and a hash set of the shingles
// seen replaces sorting them (a shingle seen again changes no minimum).
func fingerprint(text string) ([NumHashes]uint16, int) {
	fs := fingerprintBufs.Get().(*fingerprintState)
	defer fingerprintBufs.Put(fs)
	fs.reset(len(text))
	var mins [NumHashes]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	n := 0
	add := func(x uint64) {
		if !fs.insert(x) {
			return
		}
		n++
		for i := range mins {
			mins[i] = min(mins[i], hashA[i]*x+hashB[i])
		}
	}
	words, buf := fs.words[:0], fs.buf[:0]
	flushPara := func() {
		switch {
		case len(words) == 0:
		case len(words) < ShingleWords:
			if len(words) >= 2 {
				add(shingleHash(words))
			}
		default:
			for i := 0; i+ShingleWords <= len(words); i++ {
				add(shingleHash(words[i : i+ShingleWords]))
			}
		}
		words = words[:0]
	}
	inWord := false
	for i := 0; i < len(text); {
		c := text[i]
		r, size := rune(c), 1
		if c < utf8.RuneSelf {
			if asciiWordByte[c] {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				inWord = true
				i++
				continue
			}
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
				inWord = true
				i += size
				continue
			}
		}
		i += size
		if inWord {
			words = append(words, xxhash.Sum64(buf))
			buf, inWord = buf[:0], false
		}
		if r == '\n' {
			flushPara()
		}
	}
	if inWord {
		words = append(words, xxhash.Sum64(buf))
	}
	flushPara()
	fs.words, fs.buf = words, buf
	// b-bit MinHash: 16 middle bits of each minimum. Its top bits are
	// mostly zeros (the least of n values is below 2^64/n or so), so two
	// unrelated pages would share top bits, hence bands, far more often
	// than 2^-16, more so the more pages there are; the middle bits of
	// different minima are as good as random.
	var sig [NumHashes]uint16
	for i, m := range mins {
		sig[i] = uint16(m >> 24)
	}
	return sig, n
}

// asciiWordByte: the ASCII letters and digits (unicode.IsLetter or
// IsNumber of an ASCII byte).
var asciiWordByte = func() (w [utf8.RuneSelf]bool) {
	for c := range w {
		w[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return w
}()

// fingerprintState is fingerprint's buffers, kept for the next call: the
// current paragraph's word hashes, the current word, and an open-addressing
// set of the shingles seen (0 is an empty slot; shingle 0 is kept apart).
type fingerprintState struct {
	words []uint64
	buf   []byte
	set   []uint64
	used  int
	zero  bool
}

var fingerprintBufs = sync.Pool{New: func() any { return new(fingerprintState) }}

// reset empties the set, sized for a text of n bytes (a shingle starts at
// most every other byte, one every ~6 in prose).
func (fs *fingerprintState) reset(n int) {
	size := 64
	for size < n/3 {
		size *= 2
	}
	if cap(fs.set) >= size && cap(fs.set) <= 4*size {
		fs.set = fs.set[:cap(fs.set)]
		clear(fs.set)
	} else {
		fs.set = make([]uint64, size)
	}
	fs.used, fs.zero = 0, false
}

// insert adds x to the set and reports whether it was new.
func (fs *fingerprintState) insert(x uint64) bool {
	if x == 0 {
		was := fs.zero
		fs.zero = true
		return !was
	}
	if 2*(fs.used+1) > len(fs.set) {
		old := fs.set
		fs.set, fs.used = make([]uint64, 2*len(old)), 0
		for _, y := range old {
			if y != 0 {
				fs.insert(y)
			}
		}
	}
	mask := uint64(len(fs.set) - 1)
	for i := (x ^ x>>29) & mask; ; i = (i + 1) & mask {
		switch fs.set[i] {
		case x:
			return false
		case 0:
			fs.set[i] = x
			fs.used++
			return true
		}
	}
}

// shingleHash hashes a shingle from its words' hashes, order-sensitive.
func shingleHash(ws []uint64) uint64 {
	h := uint64(0xcbf29ce484222325)
	for _, w := range ws {
		h = (h ^ w) * 0x100000001b3
		h ^= h >> 29
	}
	return h
}

func encodeSig(sig [NumHashes]uint16, n int) []byte {
	b := make([]byte, 4+2*NumHashes)
	binary.BigEndian.PutUint32(b, uint32(n))
	for i, h := range sig {
		binary.BigEndian.PutUint16(b[4+2*i:], h)
	}
	return b
}

func decodeSig(b []byte) (sig [NumHashes]uint16, n int, ok bool) {
	if len(b) != 4+2*NumHashes {
		return sig, 0, false
	}
	n = int(binary.BigEndian.Uint32(b))
	for i := range sig {
		sig[i] = binary.BigEndian.Uint16(b[4+2*i:])
	}
	return sig, n, true
}

// similarity estimates the Jaccard similarity of two shingle sets and the
// fraction of the smaller set they share.
func similarity(a, b *sigEntry) (jaccard, shared float64) {
	eq := 0
	for i := range a.sig {
		if a.sig[i] == b.sig[i] {
			eq++
		}
	}
	// 16-bit values collide by chance with p = 2^-16; correct for it.
	const p = 1.0 / 65536
	jaccard = max(0, (float64(eq)/NumHashes-p)/(1-p))
	// |A∩B| = J(|A|+|B|)/(1+J)
	inter := jaccard * float64(a.n+b.n) / (1 + jaccard)
	small := min(a.n, b.n)
	shared = min(inter/float64(small), 1)
	return jaccard, shared
}

func isCopy(jaccard, shared float64) bool {
	return shared >= CopyThreshold && jaccard >= MinSimilarity
}

type sigEntry struct {
	url  string
	sig  [NumHashes]uint16
	n    int
	page pageState
}

// sigCache holds every fingerprint in memory once Copies has been used.
type sigCache struct {
	byURL map[string]*sigEntry
	// list holds the same entries (and dropped ones, n == 0) for scans:
	// a slice walks memory in order, a map does not.
	list []*sigEntry
}

func (c *sigCache) put(e *sigEntry) {
	if old := c.byURL[e.url]; old != nil {
		*old = *e
		return
	}
	c.byURL[e.url] = e
	c.list = append(c.list, e)
}

func (c *sigCache) drop(url string) {
	if old := c.byURL[url]; old != nil {
		old.n = 0
		delete(c.byURL, url)
	}
}

func (ix *Index) loadSigs() (*sigCache, error) {
	ix.sigMu.Lock()
	defer ix.sigMu.Unlock()
	if ix.sigs != nil {
		return ix.sigs, nil
	}
	c := &sigCache{byURL: map[string]*sigEntry{}}
	err := ix.state.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			var ps pageState
			raw, err := decodePage(v, &ps)
			if err != nil {
				return err
			}
			sig, n, ok := decodeSig(raw)
			if !ok {
				return nil
			}
			c.put(&sigEntry{url: string(k), sig: sig, n: n, page: ps})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("search: load fingerprints: %w", err)
	}
	ix.sigs = c
	return c, nil
}

// updateSigCache applies a committed batch to the loaded cache, if any.
func (ix *Index) updateSigCache(pages map[string]*pageState, sigs map[string][]byte) {
	ix.sigMu.Lock()
	defer ix.sigMu.Unlock()
	if ix.sigs == nil {
		return
	}
	for u, raw := range sigs {
		sig, n, ok := decodeSig(raw)
		if !ok {
			ix.sigs.drop(u)
			continue
		}
		e := &sigEntry{url: u, sig: sig, n: n}
		if ps := pages[u]; ps != nil {
			e.page = *ps
		}
		ix.sigs.put(e)
	}
}

// Copy is one page of a group of near-copies.
type Copy struct {
	URL   string    `json:"url"`
	Site  string    `json:"site"`
	Title string    `json:"title,omitempty"`
	Date  time.Time `json:"date,omitzero"`
	// Dated says what Date is: "published" or "first_seen".
	Dated string `json:"dated,omitempty"`
	// Role is "original" or "copy".
	Role string `json:"role"`
	// Shared is the estimated fraction of the shorter text shared with the
	// page asked about (1 for the page itself).
	Shared float64 `json:"shared"`
	// Similarity is the estimated Jaccard similarity of the shingle sets.
	Similarity float64 `json:"similarity"`
	// Self marks the page asked about.
	Self bool `json:"self,omitempty"`
}

// Copies lists the page at url and every indexed page whose latest text is
// a near-copy of its latest text, original first, then by date. The
// original is the page the others' source_url points to, else the earliest
// dated. It returns ErrNotIndexed when url has no fingerprint.
func (ix *Index) Copies(ctx context.Context, url string) ([]Copy, error) {
	groups, _, err := ix.copyGroups(ctx, []string{url}, false)
	if err != nil {
		return nil, err
	}
	if g := groups[url]; g != nil {
		return g, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrNotIndexed, url)
}

// copyGroups returns the group (as Copies lists it) of each of urls that
// has a fingerprint, all read at once, but for those deferred (see
// candidatesByBands).
func (ix *Index) copyGroups(ctx context.Context, urls []string, deferCopies bool) (groups map[string][]Copy, deferred []string, err error) {
	found, deferred, ok, err := ix.candidatesByBands(ctx, urls, deferCopies)
	if err != nil {
		return nil, nil, fmt.Errorf("search: copies: %w", err)
	}
	if !ok { // an index without bands: compare with every fingerprint
		if found, err = ix.candidatesBySigs(urls); err != nil {
			return nil, nil, err
		}
	}
	groups = make(map[string][]Copy, len(found))
	for url, f := range found {
		if groups[url], err = copyGroup(ctx, f.self, f.others); err != nil {
			return nil, nil, err
		}
	}
	return groups, deferred, nil
}

// candidatesBySigs is candidatesByBands without the band index: every
// fingerprint is a candidate.
func (ix *Index) candidatesBySigs(urls []string) (map[string]*bandCandidates, error) {
	c, err := ix.loadSigs()
	if err != nil {
		return nil, err
	}
	ix.sigMu.Lock()
	defer ix.sigMu.Unlock()
	found := map[string]*bandCandidates{}
	for _, url := range urls {
		self := c.byURL[url]
		if self == nil || found[url] != nil {
			continue
		}
		f := &bandCandidates{self: self}
		for _, e := range c.list {
			if e != self && e.n > 0 {
				f.others = append(f.others, e)
			}
		}
		found[url] = f
	}
	return found, nil
}

// copyGroup is the group of self among its candidates, original first.
func copyGroup(ctx context.Context, self *sigEntry, candidates []*sigEntry) ([]Copy, error) {
	group := []Copy{entryCopy(self, 1, 1, true)}
	members := []*sigEntry{self}
	for i, e := range candidates {
		if i%4096 == 4095 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		j, shared := similarity(self, e)
		// A copy names its original in source_url even when the two texts
		// differ too much (an excerpt, a translation, a reworded lead).
		if !isCopy(j, shared) && !sourceLinked(self, e) {
			continue
		}
		group = append(group, entryCopy(e, j, shared, false))
		members = append(members, e)
	}
	if len(group) == 1 {
		return group, nil
	}
	orig := pickOriginal(members)
	for k := range group {
		if group[k].URL == orig {
			group[k].Role = "original"
		}
	}
	sort.SliceStable(group, func(a, b int) bool {
		ga, gb := group[a], group[b]
		if (ga.Role == "original") != (gb.Role == "original") {
			return ga.Role == "original"
		}
		if !ga.Date.Equal(gb.Date) {
			return ga.Date.Before(gb.Date)
		}
		return ga.URL < gb.URL
	})
	return group, nil
}

func entryCopy(e *sigEntry, j, shared float64, self bool) Copy {
	return Copy{URL: e.url, Site: e.page.Site, Title: e.page.Title, Date: e.page.Date, Dated: e.page.Dated,
		Role: "copy", Shared: round2(shared), Similarity: round2(j), Self: self}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// pickOriginal chooses the original of a group: the member most others'
// source_url points to; else the earliest dated (published, else first
// seen), then earliest first seen, then URL.
func pickOriginal(members []*sigEntry) string {
	norm := map[string]string{} // normURL -> member URL
	for _, m := range members {
		norm[normURL(m.url)] = m.url
	}
	votes := map[string]int{}
	for _, m := range members {
		if m.page.SourceURL == "" {
			continue
		}
		ns := normURL(m.page.SourceURL)
		if u, ok := norm[ns]; ok && ns != normURL(m.url) {
			votes[u]++
		}
	}
	best, nv := "", 0
	for u, v := range votes {
		if v > nv || (v == nv && u < best) {
			best, nv = u, v
		}
	}
	if best != "" {
		return best
	}
	sorted := append([]*sigEntry(nil), members...)
	sort.SliceStable(sorted, func(a, b int) bool {
		pa, pb := sorted[a].page, sorted[b].page
		// A published date beats a first-seen date only when both exist.
		da, db := pa.Date, pb.Date
		if da.IsZero() != db.IsZero() {
			return !da.IsZero()
		}
		if !da.Equal(db) {
			return da.Before(db)
		}
		if !pa.FirstSeen.Equal(pb.FirstSeen) {
			return pa.FirstSeen.Before(pb.FirstSeen)
		}
		return sorted[a].url < sorted[b].url
	})
	return sorted[0].url
}

// CopiesOf returns the copy links of the page at url, for show and export:
// copyOf is the original when the page is a copy; copies are the other
// members when it is the original. Both are empty when it has no copies
// or is not indexed.
func (ix *Index) CopiesOf(ctx context.Context, url string) (copyOf string, copies []string, err error) {
	group, err := ix.Copies(ctx, url)
	if err != nil {
		if errors.Is(err, ErrNotIndexed) {
			return "", nil, nil
		}
		return "", nil, err
	}
	return linksFromGroup(url, group)
}

func linksFromGroup(url string, group []Copy) (string, []string, error) {
	if len(group) < 2 {
		return "", nil, nil
	}
	orig := group[0].URL
	if orig != url {
		return orig, nil, nil
	}
	var copies []string
	for _, c := range group[1:] {
		copies = append(copies, c.URL)
	}
	return "", copies, nil
}

// sourceLinked reports whether one page's source_url names the other.
func sourceLinked(a, b *sigEntry) bool {
	return a.page.SourceURL != "" && normURL(a.page.SourceURL) == normURL(b.url) ||
		b.page.SourceURL != "" && normURL(b.page.SourceURL) == normURL(a.url)
}

// normURL folds what does not tell two article URLs apart: the scheme,
// "www.", the host's case, a trailing slash and the fragment.
func normURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return raw
	}
	return strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery
}

// Link is a page's copy links.
type Link struct {
	CopyOf string   `json:"copy_of,omitempty"`
	Copies []string `json:"copies,omitempty"`
}

// CopyLinks finds every group of near-copies in the index at once (LSH
// banding over the signatures, then the same test as Copies) and returns
// the links of every page that has some; for bulk export. Groups are the
// connected components of the copy relation.
func (ix *Index) CopyLinks(ctx context.Context) (map[string]Link, error) {
	c, err := ix.loadSigs()
	if err != nil {
		return nil, err
	}
	ix.sigMu.Lock()
	entries := make([]*sigEntry, 0, len(c.byURL))
	for _, e := range c.byURL {
		entries = append(entries, e)
	}
	ix.sigMu.Unlock()
	sort.Slice(entries, func(a, b int) bool { return entries[a].url < entries[b].url })

	parent := make([]int, len(entries))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	type bucketItem struct {
		h  uint64
		id int
	}
	items := make([]bucketItem, len(entries))
	checked := map[[2]int]bool{}
	for band := 0; band < lshBands; band++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i, e := range entries {
			h := uint64(band)
			for r := 0; r < lshRows; r++ {
				h = h*0x100000001B3 ^ uint64(e.sig[band*lshRows+r])
			}
			items[i] = bucketItem{h, i}
		}
		sort.Slice(items, func(a, b int) bool { return items[a].h < items[b].h })
		for lo := 0; lo < len(items); {
			hi := lo + 1
			for hi < len(items) && items[hi].h == items[lo].h {
				hi++
			}
			for x := lo; x < hi && hi-lo < 1000; x++ { // huge buckets: boilerplate
				for y := x + 1; y < hi; y++ {
					a, b := items[x].id, items[y].id
					if a > b {
						a, b = b, a
					}
					if checked[[2]int{a, b}] {
						continue
					}
					checked[[2]int{a, b}] = true
					if isCopy(similarity(entries[a], entries[b])) {
						parent[find(a)] = find(b)
					}
				}
			}
			lo = hi
		}
	}
	// Copies linked by source_url, whatever their texts.
	byNorm := map[string]int{}
	for i, e := range entries {
		byNorm[normURL(e.url)] = i
	}
	for i, e := range entries {
		if s := e.page.SourceURL; s != "" && e.n > 0 {
			if j, ok := byNorm[normURL(s)]; ok && j != i && entries[j].n > 0 {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]*sigEntry{}
	for i, e := range entries {
		r := find(i)
		groups[r] = append(groups[r], e)
	}
	links := map[string]Link{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		orig := pickOriginal(g)
		var copies []string
		for _, e := range g {
			if e.url != orig {
				copies = append(copies, e.url)
				links[e.url] = Link{CopyOf: orig}
			}
		}
		sort.Strings(copies)
		links[orig] = Link{Copies: copies}
	}
	return links, nil
}
