package archive

import (
	"encoding/binary"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// migrations[v] upgrades a schema-v file to v+1 inside the open
// transaction; buckets of the current layout already exist when it runs.
var migrations = map[uint32]func(*bolt.Tx) error{
	1: migrate1to2,
	// Schema 3 adds checksums to version records. Older records are
	// read as they are, without the check (they cannot be checked:
	// computing sums now would bless any damage they already have); each
	// gets its record checksum when next rewritten (superseded, or
	// re-extracted, which adds the article's too). The mark only keeps
	// older archivists, which cannot read the new records, out.
	2: func(*bolt.Tx) error { return nil },
	3: migrate3to4,
}

// migrate3to4: schema 4's NormalizeURL writes percent-escapes in upper
// case, decodes unreserved characters (RFC 3986 6.2.2) and drops session
// ids, so a page keyed /%7euser/a%2fb;jsessionid=1 is now reached as
// /~user/a%2Fb. Pages keep the URL they are keyed by (their history, their
// export and their index entries do not move); each URL of the index
// whose normal form changed also maps that form to its page, an alias, so
// the next fetch under it adds to the same history. When several URLs now
// share one form (/%7Euser and /%7euser, two session ids of a page), the page created first
// gets it. The mark keeps older archivists, which would key new fetches
// the old way beside these, out.
func migrate3to4(tx *bolt.Tx) error {
	b := tx.Bucket(bURLs)
	add := map[string]uint64{}
	err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			return nil // damage: verify names it
		}
		n, err := NormalizeURL(string(k))
		if err != nil || n == string(k) || b.Get([]byte(n)) != nil {
			return nil
		}
		if id, seen := add[n]; !seen || binary.BigEndian.Uint64(v) < id {
			add[n] = binary.BigEndian.Uint64(v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	byPage := map[uint64][]string{}
	for n, id := range add {
		byPage[id] = append(byPage[id], n)
	}
	for id, urls := range byPage {
		sort.Strings(urls)
		pr, err := getPage(tx, id)
		if err != nil {
			// A damaged record is not rewritten (that would bless the
			// damage): the index alone gets the aliases.
			for _, n := range urls {
				if err := b.Put([]byte(n), u64(id)); err != nil {
					return err
				}
			}
			continue
		}
		for _, n := range urls {
			if err := addAlias(tx, pr, n); err != nil {
				return err
			}
		}
		if err := putPage(tx, pr); err != nil {
			return err
		}
	}
	return nil
}

// migrate1to2: schema 2 keeps running counters (for O(1) stats) and the
// pages-per-site index; schema 1 computed them by scanning. Rebuild both.
func migrate1to2(tx *bolt.Tx) error {
	var c counters
	sites := map[string]uint64{}
	err := tx.Bucket(bPages).ForEach(func(k, v []byte) error {
		p, err := decodePage(v)
		if err != nil {
			return fmt.Errorf("%w: page: %v", ErrCorrupt, err)
		}
		c.Pages++
		sites[p.Site]++
		if !p.GoneSince.IsZero() {
			c.Gone++
		}
		if p.LastFailure != "" {
			c.Failed++
		}
		c.LastFetch = maxTime(c.LastFetch, p.LastFetched)
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bVMeta).ForEach(func(k, v []byte) error {
		vr, err := decodeVersion(v)
		if err != nil {
			return fmt.Errorf("%w: version: %v", ErrCorrupt, err)
		}
		c.Versions++
		c.RawBytes += int64(vr.RawSize)
		c.StoredBytes += int64(len(v))
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bVArticle, bBlobs} {
		_ = tx.Bucket(name).ForEach(func(k, v []byte) error { c.StoredBytes += int64(len(v)); return nil })
	}
	if err != nil {
		return err
	}
	sb := tx.Bucket(bSites)
	for s, n := range sites {
		if err := sb.Put([]byte(s), binary.BigEndian.AppendUint64(nil, n)); err != nil {
			return err
		}
	}
	return putCounters(tx, c)
}
