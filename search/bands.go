package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// bucketBands indexes fingerprints by LSH band so Copies reads only the
// pages that share a band with the page asked about, never every
// fingerprint. Key: band (1 byte) + the band's lshRows values (2 bytes
// each) + the page's number (4 bytes, see bucketPageNums); empty value. A
// page has one key per band of its latest fingerprint. It is built at a
// writable Open, then kept up to date with each committed batch; keyBands
// holds its format once it is complete.
var bucketBands = []byte("bands")

// keyBands in the meta bucket holds bandsFormat once the band index is
// complete; any other value (an older format, or none) is rebuilt at the
// next writable Open.
var keyBands = []byte("bands")

// bandsFormat is the band index's layout. 1: keys ended with the page's
// URL (~5 KB per page, 9 GB at a million pages); 2: with its number.
const bandsFormat = 2

// Page numbers: 4 bytes in place of a URL in each of a page's band keys.
// bucketPageNums maps URL -> number, bucketPageURLs number -> URL. A
// number is never reused; both go with the pages on a reset.
var (
	bucketPageNums = []byte("page_nums")
	bucketPageURLs = []byte("page_urls")
)

const (
	pageNumLen = 4
	bandPrefix = 1 + 2*lshRows
)

// Besides bands, the bucket links copies and originals named by source_url
// (a copy may share no band with its original: an excerpt, a translation),
// under two prefixes that no band uses: keyOwnURL + normURL(url) + 0 +
// number for every page, keySourceURL + normURL(source_url) + 0 + number
// for a page that names its original.
const (
	keyOwnURL    = 0xFE
	keySourceURL = 0xFF
)

// bandsComplete reports whether tx holds a complete band index in the
// current format.
func bandsComplete(tx *bolt.Tx) bool {
	m := tx.Bucket(bucketMeta)
	return tx.Bucket(bucketBands) != nil && tx.Bucket(bucketPageNums) != nil && tx.Bucket(bucketPageURLs) != nil &&
		m != nil && bytes.Equal(m.Get(keyBands), []byte{bandsFormat})
}

// pageNum returns url's number, giving it the next one if it has none.
func pageNum(tx *bolt.Tx, url string) ([]byte, error) {
	nums := tx.Bucket(bucketPageNums)
	if n := nums.Get([]byte(url)); len(n) == pageNumLen {
		return slices.Clone(n), nil
	}
	urls := tx.Bucket(bucketPageURLs)
	seq, err := urls.NextSequence()
	if err != nil {
		return nil, err
	}
	if seq > math.MaxUint32 {
		return nil, errors.New("search: more than 2^32 pages")
	}
	n := binary.BigEndian.AppendUint32(nil, uint32(seq))
	if err := nums.Put([]byte(url), n); err != nil {
		return nil, err
	}
	return n, urls.Put(n, []byte(url))
}

// linkKeys returns the own-URL key of url (number num) and, when it names
// one, its source-URL key.
func linkKeys(url string, num []byte, ps *pageState) [][]byte {
	keys := [][]byte{linkKey(keyOwnURL, url, num)}
	if ps != nil && ps.SourceURL != "" {
		keys = append(keys, linkKey(keySourceURL, ps.SourceURL, num))
	}
	return keys
}

func linkKey(kind byte, target string, num []byte) []byte {
	n := normURL(target)
	k := make([]byte, 0, 2+len(n)+len(num))
	k = append(append(append(k, kind), n...), 0)
	return append(k, num...)
}

// bandKeys returns the band keys of page num's fingerprint raw (encodeSig).
func bandKeys(num []byte, raw []byte) [][]byte {
	sig, _, ok := decodeSig(raw)
	if !ok {
		return nil
	}
	keys := make([][]byte, lshBands)
	for band := range keys {
		keys[band] = bandKey(num, &sig, band)
	}
	return keys
}

// bandKey is the key of one band of page num's fingerprint sig; num nil
// gives the band's prefix, for a look-up.
func bandKey(num []byte, sig *[NumHashes]uint16, band int) []byte {
	k := make([]byte, bandPrefix, bandPrefix+len(num))
	k[0] = byte(band)
	for r := 0; r < lshRows; r++ {
		h := sig[band*lshRows+r]
		k[1+2*r], k[2+2*r] = byte(h>>8), byte(h)
	}
	return append(k, num...)
}

// putBands replaces the band keys of each page in sigs with those of its
// new fingerprint (nil: none). It must run before the pages' new states
// are written: it reads their old fingerprints from the pages bucket. Keys
// are deleted and inserted in order: bbolt splits nodes only at commit, so
// random inserts into one transaction cost quadratic copying.
func putBands(tx *bolt.Tx, pages map[string]*pageState, sigs map[string][]byte) error {
	if !bandsComplete(tx) {
		return nil // built from the pages at the next writable Open
	}
	bb, pb := tx.Bucket(bucketBands), tx.Bucket(bucketPages)
	urls := slices.Sorted(maps.Keys(sigs)) // new numbers in URL order
	var del, put [][]byte
	for _, url := range urls {
		raw := sigs[url]
		num, err := pageNum(tx, url)
		if err != nil {
			return err
		}
		ov := pb.Get([]byte(url))
		var oldPS pageState
		if ov != nil {
			if _, err := decodePage(ov, &oldPS); err == nil {
				del = append(del, linkKeys(url, num, &oldPS)...)
			}
		}
		put = append(put, linkKeys(url, num, pages[url])...)
		old := pageSig(ov)
		if bytes.Equal(old, raw) {
			continue
		}
		del = append(del, bandKeys(num, old)...)
		put = append(put, bandKeys(num, raw)...)
	}
	slices.SortFunc(del, bytes.Compare)
	slices.SortFunc(put, bytes.Compare)
	for _, k := range del {
		if err := bb.Delete(k); err != nil {
			return err
		}
	}
	for _, k := range put {
		if err := bb.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// pageSig returns the fingerprint in a pages value (nil if none or
// unreadable) without decoding the rest.
func pageSig(v []byte) []byte {
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n || n == 0 {
		return nil
	}
	return v[k : k+int(n)]
}

// ensureBands builds the band index of an index made before it existed or
// in an older format, once, at a writable Open: page numbers first, then
// one band per transaction (putBandPasses), keys in order, so memory stays
// bounded.
func ensureBands(st *bolt.DB) error {
	built := false
	_ = st.View(func(tx *bolt.Tx) error {
		built = bandsComplete(tx)
		return nil
	})
	if built {
		return nil
	}
	err := st.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketBands); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err // a build cut short, or an older format
		}
		for _, b := range [][]byte{bucketPageNums, bucketPageURLs} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		_, err := tx.CreateBucket(bucketBands)
		return err
	})
	if err == nil {
		err = numberPages(st)
	}
	if err == nil {
		err = putBandPasses(st)
	}
	if err == nil {
		err = putLinkKeys(st)
	}
	// The passes read every page: give back what they left resident (not
	// after each pass: the next would fault them all in again, +0.3 s of
	// CPU at 10k versions).
	dropResident(st)
	if err == nil {
		err = st.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyBands, []byte{bandsFormat}) })
	}
	if err != nil {
		return fmt.Errorf("search: build fingerprint bands: %w", err)
	}
	return nil
}

// bandPassBytes bounds the band keys one scan of the pages collects (9
// bytes a page per band): as many bands per scan as fit (at 100k versions,
// 83k pages: 21 bands, 4 scans; at a million pages, 2 bands a scan).
var bandPassBytes = 16 << 20

// bandKeyLen is the length of a band key: bandKey with a page number.
const bandKeyLen = bandPrefix + pageNumLen

// putBandPasses puts every page's band keys, one band per transaction,
// keys in order, so the bucket is only appended to and a transaction's
// nodes are one band's keys (~90 bytes each in bbolt: 21 bands in one
// transaction raised a 100k rebuild's peak RSS by ~100 MB). The pages'
// fingerprints are read once for several bands: one read per band, 64 in
// all, cost more than the inserts at 100k versions. The keys, all of one
// length, are held in one array, not one allocation each.
func putBandPasses(st *bolt.DB) error {
	var pages int
	_ = st.View(func(tx *bolt.Tx) error {
		pages = tx.Bucket(bucketPages).Stats().KeyN
		return nil
	})
	per := lshBands
	if pages > 0 {
		per = max(1, min(lshBands, bandPassBytes/(pages*bandKeyLen)))
	}
	var keys [][bandKeyLen]byte
	for first := 0; first < lshBands; first += per {
		last := min(first+per, lshBands)
		for band := first; band < last; band++ {
			err := st.Update(func(tx *bolt.Tx) error {
				if band == first {
					var err error
					if keys, err = collectBandKeys(tx, keys[:0], first, last); err != nil {
						return err
					}
				}
				// Sorted, the keys of a band follow one another.
				lo, _ := slices.BinarySearchFunc(keys, byte(band), func(k [bandKeyLen]byte, b byte) int { return int(k[0]) - int(b) })
				hi, _ := slices.BinarySearchFunc(keys, byte(band+1), func(k [bandKeyLen]byte, b byte) int { return int(k[0]) - int(b) })
				bb := tx.Bucket(bucketBands)
				// Each pass appends after the last (bands in order, keys
				// sorted): fill the pages, rather than leave them half
				// empty as bbolt does by default (the band index halves).
				bb.FillPercent = 1
				for i := lo; i < hi; i++ {
					if err := bb.Put(keys[i][:], nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// collectBandKeys appends to keys the band keys of bands [first, last) of
// every page, sorted.
func collectBandKeys(tx *bolt.Tx, keys [][bandKeyLen]byte, first, last int) ([][bandKeyLen]byte, error) {
	err := forEachNumberedPage(tx, func(k, num, v []byte) error {
		sig, _, ok := decodeSig(pageSig(v))
		if !ok {
			return nil
		}
		for band := first; band < last; band++ {
			var key [bandKeyLen]byte
			key[0] = byte(band)
			for r := 0; r < lshRows; r++ {
				h := sig[band*lshRows+r]
				key[1+2*r], key[2+2*r] = byte(h>>8), byte(h)
			}
			copy(key[bandPrefix:], num)
			keys = append(keys, key)
		}
		return nil
	})
	slices.SortFunc(keys, func(a, b [bandKeyLen]byte) int { return bytes.Compare(a[:], b[:]) })
	return keys, err
}

// putLinkKeys puts every page's source_url link keys (linkKeys), after the
// bands.
func putLinkKeys(st *bolt.DB) error {
	return st.Update(func(tx *bolt.Tx) error {
		var keys [][]byte
		err := forEachNumberedPage(tx, func(k, num, v []byte) error {
			var ps pageState
			if _, err := decodePage(v, &ps); err == nil {
				keys = append(keys, linkKeys(string(k), num, &ps)...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(keys, bytes.Compare)
		bb := tx.Bucket(bucketBands)
		bb.FillPercent = 1
		for _, k := range keys {
			if err := bb.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// forEachNumberedPage calls fn with every page's URL, number and state.
// Every page has a number, under the same key: both buckets are walked
// side by side rather than each number looked up.
func forEachNumberedPage(tx *bolt.Tx, fn func(k, num, v []byte) error) error {
	nc := tx.Bucket(bucketPageNums).Cursor()
	nk, num := nc.First()
	return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
		for nk != nil && bytes.Compare(nk, k) < 0 {
			nk, num = nc.Next()
		}
		if !bytes.Equal(nk, k) || len(num) != pageNumLen {
			return fmt.Errorf("page %q has no number", k)
		}
		return fn(k, num, v)
	})
}

// numberPages gives every page without a number the next one, in URL
// order (sequential inserts), a bounded number of pages per transaction.
func numberPages(st *bolt.DB) error {
	const perTx = 50_000
	var from []byte
	for {
		var next []byte
		err := st.Update(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketPages).Cursor()
			nums := tx.Bucket(bucketPageNums)
			// Numbered in URL order, the first time: both buckets are
			// appended to, so fill their pages.
			nums.FillPercent, tx.Bucket(bucketPageURLs).FillPercent = 1, 1
			k, _ := c.First()
			if from != nil {
				k, _ = c.Seek(from)
			}
			for i := 0; k != nil; k, _ = c.Next() {
				if i == perTx {
					next = slices.Clone(k)
					return nil
				}
				if nums.Get(k) != nil {
					continue
				}
				if _, err := pageNum(tx, string(k)); err != nil {
					return err
				}
				i++
			}
			return nil
		})
		if err != nil || next == nil {
			return err
		}
		from = next
	}
}

// dropBands empties the band index and marks it incomplete: putBands
// then skips it, and ensureBands builds it again. Page numbers stay.
func dropBands(st *bolt.DB) error {
	err := st.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Delete(keyBands); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketBands); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err
		}
		_, err := tx.CreateBucket(bucketBands)
		return err
	})
	if err != nil {
		return fmt.Errorf("search: drop fingerprint bands: %w", err)
	}
	return nil
}

// bandCandidates are a page's fingerprint and the pages that may be in
// its group: those sharing a band with it that are copies, and those
// linked to it by source_url, each once.
type bandCandidates struct {
	self   *sigEntry
	others []*sigEntry
}

// candidatesByBands reads, through the band index, the candidates of each
// of urls that has a fingerprint, in one read transaction: every band and
// link prefix of all of them sorted and walked with one cursor (neighbours
// share B-tree pages), then every candidate page loaded once, in key
// order, however many of urls share it. ok is false when the index has no
// band index in the current format (made by an older archivist, opened
// read-only). With deferCopies, a url whose page is a copy of an earlier
// one's (or linked to it by source_url) is not read but listed in
// deferred: the earlier one's group most likely holds it.
func (ix *Index) candidatesByBands(ctx context.Context, urls []string, deferCopies bool) (found map[string]*bandCandidates, deferred []string, ok bool, err error) {
	err = ix.state.View(func(tx *bolt.Tx) error {
		if !bandsComplete(tx) || tx.Bucket(bucketPages) == nil {
			return nil
		}
		ok = true
		found = make(map[string]*bandCandidates, len(urls))
		bb, pb, nums := tx.Bucket(bucketBands), tx.Bucket(bucketPages), tx.Bucket(bucketPageNums)
		type prefixOf struct {
			prefix []byte
			owner  int
		}
		var prefixes []prefixOf
		var owners []*bandCandidates
		var seen []map[string]bool // per owner: numbers collected
		for _, url := range urls {
			if found[url] != nil {
				continue
			}
			self, err := loadSigEntry(pb, []byte(url))
			if err != nil {
				return err
			}
			if self == nil {
				continue
			}
			if deferCopies && slices.ContainsFunc(owners, func(b *bandCandidates) bool {
				return isCopy(similarity(b.self, self)) || sourceLinked(b.self, self)
			}) {
				deferred = append(deferred, url)
				continue
			}
			o := len(owners)
			found[url] = &bandCandidates{self: self}
			owners = append(owners, found[url])
			seen = append(seen, map[string]bool{})
			if num := nums.Get([]byte(url)); num != nil {
				seen[o][string(num)] = true
			}
			for band := 0; band < lshBands; band++ {
				prefixes = append(prefixes, prefixOf{bandKey(nil, &self.sig, band), o})
			}
			// Pages linked by source_url, whatever their texts: the
			// copies naming url, and the original url names.
			prefixes = append(prefixes, prefixOf{linkKey(keySourceURL, url, nil), o})
			if s := self.page.SourceURL; s != "" {
				prefixes = append(prefixes, prefixOf{linkKey(keyOwnURL, s, nil), o})
			}
		}
		slices.SortFunc(prefixes, func(a, b prefixOf) int { return bytes.Compare(a.prefix, b.prefix) })
		candidates := make([][]string, len(owners)) // per owner: numbers
		linked := make([]map[string]bool, len(owners))
		c := bb.Cursor()
		for i, p := range prefixes {
			if i%256 == 255 && ctx.Err() != nil {
				return ctx.Err()
			}
			band := p.prefix[0] < lshBands
			for k, _ := c.Seek(p.prefix); k != nil && bytes.HasPrefix(k, p.prefix); k, _ = c.Next() {
				num := k[len(p.prefix):]
				if len(num) != pageNumLen {
					continue
				}
				if !band {
					if linked[p.owner] == nil {
						linked[p.owner] = map[string]bool{}
					}
					linked[p.owner][string(num)] = true
				}
				if !seen[p.owner][string(num)] {
					seen[p.owner][string(num)] = true
					candidates[p.owner] = append(candidates[p.owner], string(num))
				}
			}
		}
		entries := loadNumbered(tx, slices.Concat(candidates...))
		// Only copies, and pages linked by source_url, are members of a
		// group: the others' states are not decoded (most candidates
		// share a band by chance).
		for o, nums := range candidates {
			self := owners[o].self
			for _, num := range nums {
				p := entries[num]
				if p == nil || !linked[o][num] && !isCopy(similarity(self, p.entry)) {
					continue
				}
				e, err := p.decoded()
				if err != nil {
					return err
				}
				owners[o].others = append(owners[o].others, e)
			}
		}
		return nil
	})
	return found, deferred, ok, err
}

// numberedPage is a page's fingerprint, its state decoded on demand.
type numberedPage struct {
	entry *sigEntry
	value []byte // in the pages bucket, valid in its transaction
	done  bool
}

func (p *numberedPage) decoded() (*sigEntry, error) {
	if !p.done {
		if _, err := decodePage(p.value, &p.entry.page); err != nil {
			return nil, err
		}
		p.done = true
	}
	return p.entry, nil
}

// loadNumbered reads the fingerprints of the pages numbered nums, each
// once: numbers then URLs in key order, for B-tree pages read in turn.
func loadNumbered(tx *bolt.Tx, nums []string) map[string]*numberedPage {
	slices.Sort(nums)
	nums = slices.Compact(nums)
	type numbered struct{ url, num []byte }
	pages := make([]numbered, 0, len(nums))
	urls := tx.Bucket(bucketPageURLs)
	for _, num := range nums {
		if u := urls.Get([]byte(num)); u != nil {
			pages = append(pages, numbered{u, []byte(num)})
		}
	}
	slices.SortFunc(pages, func(a, b numbered) int { return bytes.Compare(a.url, b.url) })
	entries := make(map[string]*numberedPage, len(pages))
	pb := tx.Bucket(bucketPages)
	for _, p := range pages {
		v := pb.Get(p.url)
		if sig, n, ok := decodeSig(pageSig(v)); ok {
			entries[string(p.num)] = &numberedPage{entry: &sigEntry{url: string(p.url), sig: sig, n: n}, value: v}
		}
	}
	return entries
}

// loadSigEntry reads the page at url with its fingerprint; nil when it
// has none.
func loadSigEntry(pb *bolt.Bucket, url []byte) (*sigEntry, error) {
	v := pb.Get(url)
	if v == nil {
		return nil, nil
	}
	e := &sigEntry{url: string(url)}
	raw, err := decodePage(v, &e.page)
	if err != nil {
		return nil, err
	}
	sig, n, good := decodeSig(raw)
	if !good {
		return nil, nil
	}
	e.sig, e.n = sig, n
	return e, nil
}
