package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// bucketBands indexes fingerprints by LSH band so Copies reads only the
// pages that share a band with the page asked about, never every
// fingerprint. Key: band (1 byte) + the band's lshRows values (2 bytes
// each) + URL; empty value. A page has one key per band of its latest
// fingerprint. It is built at a
// writable Open, then kept up to date with each committed batch); keyBands
// marks it complete.
var bucketBands = []byte("bands")

// keyBands in the meta bucket says the band index is complete.
var keyBands = []byte("bands")

const bandPrefix = 1 + 2*lshRows

// Besides bands, the bucket links copies and originals named by source_url
// (a copy may share no band with its original: an excerpt, a translation),
// under two prefixes that no band uses: keyOwnURL + normURL(url) + 0 + url
// for every page, keySourceURL + normURL(source_url) + 0 + url for a page
// that names its original.
const (
	keyOwnURL    = 0xFE
	keySourceURL = 0xFF
)

// linkKeys returns url's own-URL key and, when it names one, its
// source-URL key.
func linkKeys(url string, ps *pageState) [][]byte {
	keys := [][]byte{linkKey(keyOwnURL, url, url)}
	if ps != nil && ps.SourceURL != "" {
		keys = append(keys, linkKey(keySourceURL, ps.SourceURL, url))
	}
	return keys
}

func linkKey(kind byte, target, url string) []byte {
	n := normURL(target)
	k := make([]byte, 0, 2+len(n)+len(url))
	k = append(append(append(k, kind), n...), 0)
	return append(k, url...)
}

// bandKeys returns the band keys of url's fingerprint raw (encodeSig).
func bandKeys(url string, raw []byte) [][]byte {
	sig, _, ok := decodeSig(raw)
	if !ok {
		return nil
	}
	keys := make([][]byte, lshBands)
	for band := range keys {
		keys[band] = bandKey(url, &sig, band)
	}
	return keys
}

// bandKey is the key of one band of url's fingerprint sig.
func bandKey(url string, sig *[NumHashes]uint16, band int) []byte {
	k := make([]byte, bandPrefix, bandPrefix+len(url))
	k[0] = byte(band)
	for r := 0; r < lshRows; r++ {
		h := sig[band*lshRows+r]
		k[1+2*r], k[2+2*r] = byte(h>>8), byte(h)
	}
	return append(k, url...)
}

// putBands replaces the band keys of each page in sigs with those of its
// new fingerprint (nil: none). It must run before the pages' new states
// are written: it reads their old fingerprints from the pages bucket. Keys
// are deleted and inserted in order: bbolt splits nodes only at commit, so
// random inserts into one transaction cost quadratic copying.
func putBands(tx *bolt.Tx, pages map[string]*pageState, sigs map[string][]byte) error {
	bb := tx.Bucket(bucketBands)
	if bb == nil || tx.Bucket(bucketMeta).Get(keyBands) == nil {
		return nil // built from the pages at the next writable Open
	}
	pb := tx.Bucket(bucketPages)
	var del, put [][]byte
	for url, raw := range sigs {
		ov := pb.Get([]byte(url))
		var oldPS pageState
		if ov != nil {
			if _, err := decodePage(ov, &oldPS); err == nil {
				del = append(del, linkKeys(url, &oldPS)...)
			}
		}
		put = append(put, linkKeys(url, pages[url])...)
		old := pageSig(ov)
		if bytes.Equal(old, raw) {
			continue
		}
		del = append(del, bandKeys(url, old)...)
		put = append(put, bandKeys(url, raw)...)
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

// bandsBuilt reports whether the band index is complete (see ensureBands).
func bandsBuilt(tx *bolt.Tx) bool {
	return tx.Bucket(bucketBands) != nil && tx.Bucket(bucketMeta).Get(keyBands) != nil
}

// ensureBands builds the band index of an index made before it existed,
// once, at a writable Open: one band per transaction, keys in order, so
// memory stays one band's keys.
func ensureBands(st *bolt.DB) error {
	built := false
	_ = st.View(func(tx *bolt.Tx) error {
		built = bandsBuilt(tx)
		return nil
	})
	if built {
		return nil
	}
	err := st.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketBands); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err // a build cut short
		}
		_, err := tx.CreateBucket(bucketBands)
		return err
	})
	// One pass per band, then one for the source_url links (band == lshBands).
	for band := 0; band <= lshBands && err == nil; band++ {
		err = st.Update(func(tx *bolt.Tx) error {
			var keys [][]byte
			err := tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
				if band == lshBands {
					var ps pageState
					if _, err := decodePage(v, &ps); err == nil {
						keys = append(keys, linkKeys(string(k), &ps)...)
					}
				} else if sig, _, ok := decodeSig(pageSig(v)); ok {
					keys = append(keys, bandKey(string(k), &sig, band))
				}
				return nil
			})
			if err != nil {
				return err
			}
			slices.SortFunc(keys, bytes.Compare)
			bb := tx.Bucket(bucketBands)
			for _, k := range keys {
				if err := bb.Put(k, nil); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil {
		err = st.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyBands, []byte{1}) })
	}
	if err != nil {
		return fmt.Errorf("search: build fingerprint bands: %w", err)
	}
	return nil
}

// dropBands empties the band index and marks it incomplete: putBands
// then skips it, and ensureBands builds it again.
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

// copiesByBands is Copies through the band index: it decodes only the
// fingerprints of pages sharing a band with url's. ok is false when the
// index has no band index (made by an older archivist, opened read-only).
func (ix *Index) copiesByBands(ctx context.Context, url string) (self *sigEntry, others []*sigEntry, ok bool, err error) {
	err = ix.state.View(func(tx *bolt.Tx) error {
		bb, pb := tx.Bucket(bucketBands), tx.Bucket(bucketPages)
		if bb == nil || pb == nil || tx.Bucket(bucketMeta).Get(keyBands) == nil {
			return nil
		}
		ok = true
		load := func(u []byte) (*sigEntry, error) {
			v := pb.Get(u)
			if v == nil {
				return nil, nil
			}
			e := &sigEntry{url: string(u)}
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
		var err error
		if self, err = load([]byte(url)); err != nil || self == nil {
			return err
		}
		seen := map[string]bool{url: true}
		c := bb.Cursor()
		// collect loads the pages under prefix, each once.
		collect := func(prefix []byte) error {
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				u := k[len(prefix):]
				if seen[string(u)] {
					continue
				}
				seen[string(u)] = true
				e, err := load(u)
				if err != nil {
					return err
				}
				if e != nil {
					others = append(others, e)
				}
			}
			return nil
		}
		for _, bk := range bandKeys(url, encodeSig(self.sig, self.n)) {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := collect(bk[:bandPrefix]); err != nil {
				return err
			}
		}
		// Pages linked by source_url, whatever their texts: the copies
		// naming url, and the original url names.
		if err := collect(linkKey(keySourceURL, url, "")); err != nil {
			return err
		}
		if s := self.page.SourceURL; s != "" {
			return collect(linkKey(keyOwnURL, s, ""))
		}
		return nil
	})
	return self, others, ok, err
}
