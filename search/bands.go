package search

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// bucketBands indexes fingerprints by LSH band so Copies reads only the
// pages that share a band with the page asked about, never every
// fingerprint. Key: band (1 byte) + the band's lshRows values (2 bytes
// each) + URL; empty value. A page has one key per band of its latest
// fingerprint. The bucket exists only once it is complete (built at a
// writable Open, then kept up to date with each committed batch).
var bucketBands = []byte("bands")

const bandPrefix = 1 + 2*lshRows

// bandKeys returns the band keys of url's fingerprint raw (encodeSig).
func bandKeys(url string, raw []byte) [][]byte {
	sig, _, ok := decodeSig(raw)
	if !ok {
		return nil
	}
	keys := make([][]byte, lshBands)
	for band := range keys {
		k := make([]byte, bandPrefix, bandPrefix+len(url))
		k[0] = byte(band)
		for r := 0; r < lshRows; r++ {
			h := sig[band*lshRows+r]
			k[1+2*r], k[2+2*r] = byte(h>>8), byte(h)
		}
		keys[band] = append(k, url...)
	}
	return keys
}

// putBands replaces url's band keys with those of its new fingerprint raw
// (nil: none). It must run before the page's new state is written: it reads
// the old fingerprint from the pages bucket.
func putBands(tx *bolt.Tx, url string, raw []byte) error {
	bb := tx.Bucket(bucketBands)
	if bb == nil {
		return nil // built from the pages at the next writable Open
	}
	var old []byte
	if v := tx.Bucket(bucketPages).Get([]byte(url)); v != nil {
		var ps pageState
		old, _ = decodePage(v, &ps)
	}
	if bytes.Equal(old, raw) {
		return nil
	}
	for _, k := range bandKeys(url, old) {
		if err := bb.Delete(k); err != nil {
			return err
		}
	}
	for _, k := range bandKeys(url, raw) {
		if err := bb.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// ensureBands builds the band index of an index made before it existed,
// once, at a writable Open.
func ensureBands(st *bolt.DB) error {
	built := false
	_ = st.View(func(tx *bolt.Tx) error { built = tx.Bucket(bucketBands) != nil; return nil })
	if built {
		return nil
	}
	err := st.Update(func(tx *bolt.Tx) error {
		bb, err := tx.CreateBucket(bucketBands)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			var ps pageState
			raw, err := decodePage(v, &ps)
			if err != nil {
				return nil // verify reports it; Copies skips it
			}
			for _, bk := range bandKeys(string(k), raw) {
				if err := bb.Put(bk, nil); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("search: build fingerprint bands: %w", err)
	}
	return nil
}

// copiesByBands is Copies through the band index: it decodes only the
// fingerprints of pages sharing a band with url's. ok is false when the
// index has no band index (made by an older archivist, opened read-only).
func (ix *Index) copiesByBands(ctx context.Context, url string) (self *sigEntry, others []*sigEntry, ok bool, err error) {
	err = ix.state.View(func(tx *bolt.Tx) error {
		bb, pb := tx.Bucket(bucketBands), tx.Bucket(bucketPages)
		if bb == nil || pb == nil {
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
		for _, bk := range bandKeys(url, encodeSig(self.sig, self.n)) {
			if err := ctx.Err(); err != nil {
				return err
			}
			prefix := bk[:bandPrefix]
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				u := k[bandPrefix:]
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
		}
		return nil
	})
	return self, others, ok, err
}
