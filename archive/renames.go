package archive

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Rename links live in a bucket of their own, not in the page records: a
// binary from before renames rewrites a page record with the fields it
// knows (every fetch landing on the page does) and would drop them there,
// but it never touches a bucket it does not know.
//
// Archives written by archivist between renames' first version and this
// layout (2026-12-07/08) carry the links in the page records (moved_to,
// moved_at, moved_from). A page without an entry in bRenames is read with
// its record's links, so such an archive reads right before it is moved;
// its first writable open moves them (moveRenames). No schema mark: older
// binaries must keep opening the file.
var bRenames = []byte("renames") // pageID -> renameLinks (JSON, zero byte, CRC-32C)

// kRenamesMade (in bMeta) says the archive has its renames bucket: without
// it a lost bucket (its name damaged, which bbolt's checks do not see)
// would pass for an archive from before the bucket, and the next writable
// open would make an empty one, every rename lost unnoticed.
var kRenamesMade = []byte("rename_links")

// renamesLost reports whether the archive had a renames bucket that is
// not there any more (see kRenamesMade).
func renamesLost(tx *bolt.Tx) bool {
	return tx.Bucket(bRenames) == nil && bget(tx, bMeta, kRenamesMade) != nil
}

// markRenames notes in bMeta that the archive has its renames bucket.
func markRenames(tx *bolt.Tx) error {
	if tx.Bucket(bMeta).Get(kRenamesMade) != nil {
		return nil
	}
	return tx.Bucket(bMeta).Put(kRenamesMade, []byte{1})
}

// renameLinks are a page's rename links (see Page.MovedTo).
type renameLinks struct {
	MovedTo   string    `json:"moved_to,omitempty"`
	MovedAt   time.Time `json:"moved_at,omitzero"`
	MovedFrom []string  `json:"moved_from,omitempty"`
}

func (l *renameLinks) empty() bool {
	return l.MovedTo == "" && l.MovedAt.IsZero() && len(l.MovedFrom) == 0
}

func (l *renameLinks) equal(o *renameLinks) bool {
	return l.MovedTo == o.MovedTo && l.MovedAt.Equal(o.MovedAt) && slices.Equal(l.MovedFrom, o.MovedFrom)
}

func (l *renameLinks) clone() renameLinks {
	c := *l
	c.MovedFrom = slices.Clone(l.MovedFrom)
	return c
}

// encodeRenames is l as stored: JSON, a zero byte and the CRC-32C of the
// JSON, as a page record is.
func encodeRenames(l *renameLinks) ([]byte, error) {
	j, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	j = append(j, 0)
	return binary.BigEndian.AppendUint32(j, crc32.Checksum(j[:len(j)-1], crcTable)), nil
}

var errRenamesSum = errors.New("the rename links do not match their checksum (a URL or date in them is damaged)")

func decodeRenames(v []byte) (*renameLinks, error) {
	n := len(v)
	if n <= pageSumLen || v[n-pageSumLen] != 0 {
		return nil, errors.New("rename links without their checksum")
	}
	if crc32.Checksum(v[:n-pageSumLen], crcTable) != binary.BigEndian.Uint32(v[n-4:]) {
		return nil, errRenamesSum
	}
	var l renameLinks
	if err := json.Unmarshal(v[:n-pageSumLen], &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// withRenames gives pr its rename links from bRenames. A page without an
// entry there keeps those its record carries (see bRenames). A page with
// both has links its record got from archivist of 2026-12-07/08 writing
// since this one last wrote the page (putPage leaves them out of the
// record): that binary reads and writes only the record's, so they are
// added to the bucket's, its move winning when it is the later one.
func withRenames(tx *bolt.Tx, pr *pageRec) error {
	v := bget(tx, bRenames, u64(pr.ID))
	if v == nil {
		return nil
	}
	l, err := decodeRenames(v)
	if err != nil {
		return fmt.Errorf("its rename links: %w", err)
	}
	rec := pr.renameLinks
	pr.renameLinks = *l
	if rec.MovedTo != "" && rec.MovedAt.After(l.MovedAt) {
		pr.MovedTo, pr.MovedAt = rec.MovedTo, rec.MovedAt
	}
	for _, u := range rec.MovedFrom {
		if !slices.Contains(pr.MovedFrom, u) && len(pr.MovedFrom) < maxAliases {
			pr.MovedFrom = append(pr.MovedFrom, u)
		}
	}
	return nil
}

// putRenames stores pr's rename links in bRenames (none: no entry), with
// no write when they are stored already.
func putRenames(tx *bolt.Tx, pr *pageRec) error {
	b := tx.Bucket(bRenames)
	if b == nil {
		return errors.New("archive: no renames bucket (the archive was not opened for writing by this archivist)")
	}
	k := u64(pr.ID)
	old := b.Get(k)
	if pr.renameLinks.empty() {
		if old == nil {
			return nil
		}
		return b.Delete(k)
	}
	v, err := encodeRenames(&pr.renameLinks)
	if err != nil {
		return err
	}
	if bytes.Equal(old, v) {
		return nil
	}
	return b.Put(k, v)
}

// moveRenames creates bRenames and moves the rename links of the page
// records into it (see bRenames), in the transaction of a writable open.
// A page an older binary rewrote since it was renamed to lost its
// moved_from there; it gets it back from the moved page's moved_to. A
// damaged record is left as it is (rewriting it would bless the damage):
// its links are still read from it.
func moveRenames(tx *bolt.Tx) error {
	if _, err := tx.CreateBucket(bRenames); err != nil {
		return err
	}
	if err := markRenames(tx); err != nil {
		return err
	}
	linked := map[uint64]*pageRec{}
	var order []uint64
	err := tx.Bucket(bPages).ForEach(func(k, v []byte) error {
		if !bytes.Contains(v, []byte(`"moved_`)) {
			return nil
		}
		pr, err := decodePage(v)
		if err != nil || len(k) != 8 || pr.ID != binary.BigEndian.Uint64(k) || pr.renameLinks.empty() {
			return nil
		}
		linked[pr.ID] = pr
		order = append(order, pr.ID)
		return nil
	})
	if err != nil || len(order) == 0 {
		return err
	}
	for _, id := range order {
		pr := linked[id]
		to := lookupID(tx, pr.MovedTo)
		if to == 0 || to == id {
			continue
		}
		target := linked[to]
		if target == nil {
			if target, err = getPage(tx, to); err != nil {
				continue
			}
			linked[to] = target
			order = append(order, to)
		}
		if !slices.Contains(target.MovedFrom, pr.URL) && len(target.MovedFrom) < maxAliases {
			target.MovedFrom = append(target.MovedFrom, pr.URL)
		}
	}
	for _, id := range order {
		if err := putPage(tx, linked[id]); err != nil {
			return err
		}
	}
	slog.Info("archive: rename links moved to their own bucket", "pages", len(order))
	return nil
}

// verifyRenames checks bRenames: each entry is a page's, readable, and
// its links name archived pages; a page moved to another is listed in
// that one's moved_from (unless that list is full). A moved_from whose
// page has moved on since (or answers again) is no problem: the links
// stay.
func verifyRenames(tx *bolt.Tx, problem func(string, ...any)) {
	b := tx.Bucket(bRenames)
	if renamesLost(tx) {
		problem("bucket renames missing (its name damaged?): every rename link is lost")
	}
	if b == nil {
		return // an archive not yet opened by this archivist for writing
	}
	_ = b.ForEach(func(k, v []byte) error {
		pv := tx.Bucket(bPages).Get(k)
		if len(k) != 8 || pv == nil {
			problem("rename links %x: no such page", k)
			return nil
		}
		url, name := "", fmt.Sprintf("page %d", binary.BigEndian.Uint64(k))
		if p, _ := decodePage(pv); p != nil && p.URL != "" {
			url, name = p.URL, "page "+p.URL
		}
		l, err := decodeRenames(v)
		if err != nil {
			problem("%s: %v", name, err)
			return nil
		}
		if l.MovedTo != "" {
			to := lookupID(tx, l.MovedTo)
			target, err := getPage(tx, to)
			switch {
			case to == 0:
				problem("%s: moved to %s, which is not archived", name, l.MovedTo)
			case to == binary.BigEndian.Uint64(k):
				problem("%s: moved to itself", name)
			case err != nil:
				problem("%s: moved to %s: %v", name, l.MovedTo, err)
			case l.MovedAt.IsZero():
				problem("%s: moved to %s at no time", name, l.MovedTo)
			case len(target.MovedFrom) < maxAliases && !slices.Contains(target.MovedFrom, url):
				problem("%s: moved to %s, whose moved_from does not list it", name, l.MovedTo)
			}
		}
		for _, u := range l.MovedFrom {
			if lookupID(tx, u) == 0 {
				problem("%s: moved from %s, which is not archived", name, u)
			}
		}
		return nil
	})
}

// reseqHead gives pr's latest version the next seq, as Reextract does for
// a version whose article changed, so that an incremental export
// (--after-seq) and the search index's sync see the page again: for a
// change of its rename links, which is no new version. pr's record is the
// caller's to write.
func reseqHead(tx *bolt.Tx, pr *pageRec, c *counters) error {
	if pr.Versions == 0 {
		return nil
	}
	key := vkey(pr.ID, pr.Versions)
	vr, err := getVersion(tx, pr.ID, pr.Versions)
	if err != nil {
		return err
	}
	seqB, heads, vmeta := tx.Bucket(bSeq), tx.Bucket(bHeads), tx.Bucket(bVMeta)
	seq, err := seqB.NextSequence()
	if err != nil {
		return err
	}
	for _, b := range []*bolt.Bucket{seqB, heads} {
		if err := b.Delete(u64(vr.Seq)); err != nil {
			return err
		}
		if err := b.Put(u64(seq), key); err != nil {
			return err
		}
	}
	oldMeta := len(vmeta.Get(key))
	vr.Seq = seq
	n, err := putVersion(vmeta, key, vr)
	if err != nil {
		return err
	}
	c.StoredBytes += int64(n - oldMeta)
	pr.HeadSeq = seq
	return nil
}
