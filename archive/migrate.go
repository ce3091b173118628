package archive

import (
	"encoding/binary"
	"fmt"

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
