package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// SalvageStats is what Salvage copied and what it had to leave.
type SalvageStats struct {
	Versions int // versions copied
	NoRaw    int // of those, versions whose raw page could not be read
	Damaged  int // of those, versions whose text no longer matches its content hash, or whose checksum fails
	Skipped  int // versions that could not be read at all
	Other    int // other records (page states, fetch log entries) that could not be read
	Missing  int // pages with fewer versions copied than their record counts
}

// kSalvagedFrom names, in a salvaged archive, the id of the archive it was
// salvaged from. The salvaged archive has an id of its own: its versions
// are renumbered, so what was derived from the original (its search index)
// does not fit it.
var kSalvagedFrom = []byte("salvaged_from")

// salvageChunk is how many versions or pages one read or write transaction
// of Salvage handles.
const salvageChunk = 256

// Salvage copies every readable version of src into dst, in seq order and as
// stored: the article as it was extracted then (no re-extraction), its raw
// page, headers and fetch time, and how long it was seen. Then what the
// archive knows besides versions: each page's aliases, gone and failure
// state, validators, rename links and fetch log, pages known only by a failed capture,
// the crawl runs and the key-value namespaces (the crawler's frontier).
//
// It is how a damaged archive is recovered: src is opened read-only (or
// with OpenRescued), dst is a new archive. Versions are found from their
// records, not from the seq index, so a version is copied whenever its own
// record and article can be read. A version that cannot be read is reported
// to onBad and skipped; a version whose raw page is lost is still copied
// (its text is what users read) and reported; so is one whose text no
// longer matches its content hash, or whose checksum fails (damage in a
// stored URL or date: copied as stored, named). The returned error is
// dst's, or src's when the scan itself cannot go on.
func Salvage(ctx context.Context, src, dst *Archive, onBad func(seq uint64, url string, err error)) (SalvageStats, error) {
	var st SalvageStats
	bad := func(seq uint64, url string, err error) {
		if onBad != nil {
			onBad(seq, url, err)
		}
	}
	type item struct {
		seq uint64
		key []byte
	}
	var items []item
	err := src.view(func(tx *bolt.Tx) error {
		seen := map[string]bool{}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				st.Other++
				bad(0, "bucket "+string(name), fmt.Errorf("%w: the archive's %s bucket is lost (its name is damaged)", ErrCorrupt, name))
			}
		}
		if renamesLost(tx) {
			st.Other++
			bad(0, "bucket "+string(bRenames), fmt.Errorf("%w: the archive's %s bucket is lost (its name is damaged): every rename link with it", ErrCorrupt, bRenames))
		}
		err := beach(tx, bVMeta, func(k, v []byte) error {
			seen[string(k)] = true
			id, n := splitVKey(k)
			vr, err := decodeVersion(v)
			if err != nil && vr == nil || len(k) != 12 {
				st.Skipped++
				bad(0, pageName(tx, id, n), fmt.Errorf("%w: version %d's record: %v", ErrCorrupt, n, err))
				return nil
			}
			items = append(items, item{vr.Seq, clone(k)})
			return nil
		})
		if err != nil {
			return err
		}
		// Versions the seq index names whose record is lost.
		return beach(tx, bSeq, func(k, v []byte) error {
			if len(k) == 8 && !seen[string(v)] {
				id, n := splitVKey(v)
				st.Skipped++
				bad(bytesSeq(k), pageName(tx, id, n), fmt.Errorf("%w: version %d's record is lost", ErrCorrupt, n))
			}
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("salvage: reading %s: %w", src.Path(), err)
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].seq != items[j].seq {
			return items[i].seq < items[j].seq
		}
		return bytes.Compare(items[i].key, items[j].key) < 0
	})
	type copied struct {
		f   Fetch
		rec *Record
		vr  *versionRec
	}
	for len(items) > 0 {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		chunk := items[:min(salvageChunk, len(items))]
		items = items[len(chunk):]
		var batch []copied
		err := src.view(func(tx *bolt.Tx) error {
			pages := map[uint64]*pageRec{}
			for _, it := range chunk {
				id, n := splitVKey(it.key)
				vr, verr := decodeVersion(bget(tx, bVMeta, it.key))
				if vr == nil {
					continue // listed above
				}
				rec, aerr, err := decodeStored(tx, id, n, vr)
				if err != nil {
					st.Skipped++
					bad(vr.Seq, vr.URL, err)
					continue
				}
				if verr != nil {
					// The damage may be in its URL: file it under its
					// page's, when that record is sound.
					if pr, err := decodePage(bget(tx, bPages, u64(id))); err == nil && pr.URL != "" {
						vr.URL, rec.URL = pr.URL, pr.URL
					}
				}
				if verr != nil || aerr != nil {
					st.Damaged++
					bad(vr.Seq, vr.URL, fmt.Errorf("version %d: %w (copied as stored)", n, errors.Join(verr, aerr)))
				} else if rec.ContentHash != "" && contentHash(&rec.Article) != rec.ContentHash {
					// Bytes flipped inside a stored article can leave it
					// readable: its content hash, stored apart, tells.
					st.Damaged++
					bad(vr.Seq, vr.URL, fmt.Errorf("%w: version %d's text does not match its content hash (copied as stored)", ErrCorrupt, n))
				}
				if vr.LastSeen.IsZero() { // the page's latest version
					rec.LastSeen = vr.FirstSeen
					pr, ok := pages[id]
					if !ok {
						pr, _ = decodePage(bget(tx, bPages, u64(id)))
						pages[id] = pr
					}
					if pr != nil && n == pr.Versions {
						rec.LastSeen = maxTime(pr.LastSeen, vr.FirstSeen)
					} else {
						// How long it was seen, and whether the page went
						// gone since, lived in the page record.
						st.Damaged++
						bad(vr.Seq, vr.URL, fmt.Errorf("%w: version %d: its page record is lost or damaged, so when it was last seen is not known (copied as seen once)", ErrCorrupt, n))
					}
				}
				f := Fetch{URL: vr.URL, Status: http.StatusOK, FetchedAt: vr.FetchedAt, Header: vr.header()}
				if body, err := readBlob(tx, vr.Blob); err == nil {
					f.Body = body
				} else {
					st.NoRaw++
					bad(vr.Seq, vr.URL, fmt.Errorf("raw page of version %d lost (the version is kept): %w", n, err))
				}
				batch = append(batch, copied{f, rec, vr})
			}
			return nil
		})
		if err != nil {
			return st, fmt.Errorf("salvage: reading %s: %w", src.Path(), err)
		}
		for _, c := range batch {
			if _, err := dst.recordVersion(ctx, c.f, &c.rec.Article, c.vr); errors.Is(err, ErrBadURL) {
				// A damaged URL (named above, its checksum failed)
				// that no longer parses: nothing to file it under.
				st.Skipped++
				bad(c.rec.Seq, c.f.URL, err)
				continue
			} else if err != nil {
				return st, fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
			}
			st.Versions++
			// The version was seen until LastSeen: an unchanged fetch then.
			if c.rec.LastSeen.After(c.rec.FetchedAt) {
				c.f.FetchedAt = c.rec.LastSeen
				if _, err := dst.Record(ctx, c.f, &c.rec.Article); err != nil {
					return st, fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
				}
			}
		}
	}
	if err := salvagePages(ctx, src, dst, &st, bad); err != nil {
		return st, err
	}
	err = salvageRest(ctx, src, dst, &st, bad)
	return st, err
}

func bytesSeq(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

// salvagePages carries each readable page's state into dst, onto the page
// its versions made there (or a new one, for a page known only by a failed
// capture): aliases, first and last seen, gone and failure state,
// validators, rename links, and its fetch log in place of the one the
// copy wrote.
func salvagePages(ctx context.Context, src, dst *Archive, st *SalvageStats, bad func(uint64, string, error)) error {
	type srcPage struct {
		pr      *pageRec
		aliases []string
		fetches [][]byte
	}
	var pages []*srcPage
	var unread []*pageRec // the rename links of pages whose record is unreadable
	err := src.view(func(tx *bolt.Tx) error {
		byID := map[uint64]*srcPage{}
		err := beach(tx, bPages, func(k, v []byte) error {
			pr, err := decodePage(v)
			if pr == nil {
				st.Other++
				bad(0, fmt.Sprintf("page %d", bytesSeq(k)), fmt.Errorf("%w: page record unreadable (its versions are copied)", ErrCorrupt))
				if p := unreadableLinks(tx, bytesSeq(k)); p != nil {
					unread = append(unread, p)
				}
				return nil
			}
			if err == nil && pr.ID != bytesSeq(k) {
				err = fmt.Errorf("the page record is stored under key %x, not its id %d", k, pr.ID)
			}
			if err != nil {
				// Its URL may be what is damaged: its latest version
				// has it too, under a checksum of its own.
				if vr, verr := decodeVersion(bget(tx, bVMeta, vkey(pr.ID, pr.Versions))); verr == nil && vr.URL != "" {
					pr.URL = vr.URL
				}
				st.Other++
				bad(0, pr.URL, fmt.Errorf("%w: %v (its state is copied as stored)", ErrCorrupt, err))
			}
			if byID[pr.ID] != nil {
				return nil // a damaged key duplicating another page's id: named above
			}
			if err := withRenames(tx, pr); err != nil {
				pr.renameLinks = renameLinks{}
				st.Other++
				bad(0, pr.URL, fmt.Errorf("%w: %v (left out)", ErrCorrupt, err))
			}
			id := pr.ID
			sp := &srcPage{pr: pr}
			byID[id] = sp
			pages = append(pages, sp)
			fb := tx.Bucket(bFetches)
			if fb == nil {
				return nil
			}
			c := fb.Cursor()
			prefix := u64(id)
			for fk, fv := c.Seek(prefix); fk != nil && bytes.HasPrefix(fk, prefix); fk, fv = c.Next() {
				if _, err := decodeFetch(fv); err != nil || len(fk) != 12 {
					st.Other++
					bad(0, pr.URL, fmt.Errorf("fetch log entry %x unreadable, left out", fk))
					continue
				}
				sp.fetches = append(sp.fetches, clone(fv))
			}
			return nil
		})
		if err != nil {
			return err
		}
		return beach(tx, bURLs, func(k, v []byte) error {
			sp := byID[bytesSeq(v)]
			if sp == nil || len(v) != 8 || string(k) == sp.pr.URL || slices.Contains(sp.pr.Aliases, string(k)) {
				return nil // the page record's aliases are carried from it
			}
			if len(sp.pr.Aliases) < maxAliases {
				// The record lists every alias until it is full: an
				// index entry it does not list is a damaged key.
				st.Other++
				bad(0, sp.pr.URL, fmt.Errorf("%w: the URL index has an entry %q for it that its record does not list (a damaged key): left out", ErrCorrupt, k))
				return nil
			}
			sp.aliases = append(sp.aliases, string(k))
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("salvage: reading %s: %w", src.Path(), err)
	}
	for _, sp := range pages {
		p := sp.pr
		if p.LastFailure == "" || dst.pageID(p.URL) != 0 {
			continue
		}
		// Known only by failed captures (or its versions were lost).
		if _, err := dst.RecordFailure(ctx, Fetch{URL: p.URL, FetchedAt: p.LastFetched}, p.LastFailure); err != nil {
			return fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
		}
	}
	for len(pages) > 0 {
		chunk := pages[:min(salvageChunk, len(pages))]
		pages = pages[len(chunk):]
		err := dst.update(ctx, func(tx *bolt.Tx) error {
			c := getCounters(tx)
			for _, sp := range chunk {
				p := sp.pr
				id := lookupID(tx, p.URL)
				if id == 0 {
					continue // none of its versions could be read: named above
				}
				pr, err := getPage(tx, id)
				if err != nil {
					return err
				}
				if pr.Versions < p.Versions {
					// Versions lost with no record left to name them by
					// (their keys and index entries damaged too).
					st.Missing++
					bad(0, p.URL, fmt.Errorf("%w: %d of its %d versions could not be copied", ErrCorrupt, p.Versions-pr.Versions, p.Versions))
				}
				for _, u := range append(append([]string(nil), p.Aliases...), sp.aliases...) {
					if err := addAlias(tx, pr, u); err != nil {
						return err
					}
				}
				if !p.FirstSeen.IsZero() && p.FirstSeen.Before(pr.FirstSeen) {
					pr.FirstSeen = p.FirstSeen
				}
				pr.LastSeen = maxTime(pr.LastSeen, p.LastSeen)
				pr.LastFetched = maxTime(pr.LastFetched, p.LastFetched)
				c.LastFetch = maxTime(c.LastFetch, pr.LastFetched)
				pr.ETag, pr.LastModified = p.ETag, p.LastModified
				if wasGone, gone := !pr.GoneSince.IsZero(), !p.GoneSince.IsZero(); wasGone != gone {
					c.Gone += boolDelta(gone)
				}
				pr.GoneSince, pr.GoneStatus = p.GoneSince, p.GoneStatus
				if wasFailed, failed := pr.LastFailure != "", p.LastFailure != ""; wasFailed != failed {
					c.Failed += boolDelta(failed)
				}
				pr.LastFailure = p.LastFailure
				carryRenames(tx, pr, p)
				if len(sp.fetches) > 0 {
					fb := tx.Bucket(bFetches)
					for n := 1; n <= int(pr.Fetches); n++ {
						if err := fb.Delete(vkey(id, n)); err != nil {
							return err
						}
					}
					for i, fv := range sp.fetches {
						if err := fb.Put(vkey(id, i+1), fv); err != nil {
							return err
						}
					}
					pr.Fetches = uint32(len(sp.fetches))
				}
				if err := putPage(tx, pr); err != nil {
					return err
				}
			}
			return putCounters(tx, c)
		})
		if err != nil {
			return fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
		}
	}
	err = dst.update(ctx, func(tx *bolt.Tx) error {
		for _, p := range unread {
			id := lookupID(tx, p.URL)
			if id == 0 {
				continue
			}
			pr, err := getPage(tx, id)
			if err != nil {
				return err
			}
			carryRenames(tx, pr, p)
			if err := putPage(tx, pr); err != nil {
				return err
			}
		}
		return linkBack(tx)
	})
	if err != nil {
		return fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
	}
	return nil
}

// unreadableLinks is the page id's rename links, for a page whose record
// cannot be read, with the URL its latest readable version has (nil: no
// links, or none readable).
func unreadableLinks(tx *bolt.Tx, id uint64) *pageRec {
	v := bget(tx, bRenames, u64(id))
	if v == nil {
		return nil
	}
	l, err := decodeRenames(v)
	if err != nil {
		return nil
	}
	p := &pageRec{ID: id, renameLinks: *l}
	if b := tx.Bucket(bVMeta); b != nil {
		c := b.Cursor()
		for k, v := c.Seek(u64(id)); k != nil && bytes.HasPrefix(k, u64(id)); k, v = c.Next() {
			if vr, err := decodeVersion(v); err == nil && vr.URL != "" {
				p.URL = vr.URL
			}
		}
	}
	if p.URL == "" {
		return nil
	}
	return p
}

// linkBack lists each page moved to another in that one's moved_from, as
// the move of the links at a writable open does: in a salvage's dst, the
// moved_from of the page at the other end may have been lost to damage.
func linkBack(tx *bolt.Tx) error {
	type move struct {
		from string
		to   uint64
	}
	var moves []move
	err := tx.Bucket(bRenames).ForEach(func(k, v []byte) error {
		l, err := decodeRenames(v)
		if err != nil || l.MovedTo == "" {
			return err
		}
		p, err := getPage(tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return err
		}
		moves = append(moves, move{p.URL, lookupID(tx, l.MovedTo)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range moves {
		pr, err := getPage(tx, m.to)
		if err != nil {
			return err
		}
		if slices.Contains(pr.MovedFrom, m.from) || len(pr.MovedFrom) >= maxAliases {
			continue
		}
		pr.MovedFrom = append(pr.MovedFrom, m.from)
		if err := putPage(tx, pr); err != nil {
			return err
		}
	}
	return nil
}

// carryRenames gives pr, in a salvage's dst, the rename links of p, its
// page in src, those to pages dst has (every version of the page at the
// other end may have been lost; a URL damaged in p names none). A move
// to the page itself or at no time, which verify reports, is not carried:
// the salvaged archive must verify.
func carryRenames(tx *bolt.Tx, pr, p *pageRec) {
	if to := lookupID(tx, p.MovedTo); p.MovedTo != "" && to != 0 && to != pr.ID && !p.MovedAt.IsZero() {
		pr.MovedTo, pr.MovedAt = p.MovedTo, p.MovedAt
	}
	for _, u := range p.MovedFrom {
		if lookupID(tx, u) != 0 && !slices.Contains(pr.MovedFrom, u) && len(pr.MovedFrom) < maxAliases {
			pr.MovedFrom = append(pr.MovedFrom, u)
		}
	}
}

// salvageRest copies the crawl runs (but those that fail their checksum:
// counted in st.Other and named through bad) and the key-value namespaces
// as they are, and notes which archive dst was salvaged from.
func salvageRest(ctx context.Context, src, dst *Archive, st *SalvageStats, bad func(uint64, string, error)) error {
	type kvBucket struct {
		name  []byte
		seq   uint64
		pairs []KVPair
	}
	var runs, kv []kvBucket
	err := src.view(func(tx *bolt.Tx) error {
		read := func(b *bolt.Bucket, name []byte) kvBucket {
			out := kvBucket{name: clone(name), seq: b.Sequence()}
			_ = b.ForEach(func(k, v []byte) error {
				if v != nil { // not a nested bucket
					out.pairs = append(out.pairs, KVPair{clone(k), clone(v)})
				}
				return nil
			})
			return out
		}
		if b := tx.Bucket(bRuns); b != nil {
			rb := read(b, bRuns)
			good := rb.pairs[:0]
			for _, p := range rb.pairs {
				if _, err := decodeRun(p.Value); err != nil {
					st.Other++
					bad(0, "", fmt.Errorf("run %x left out: %w", p.Key, err))
					continue
				}
				good = append(good, p)
			}
			rb.pairs = good
			runs = append(runs, rb)
		}
		return beach(tx, bKV, func(k, v []byte) error {
			if b := tx.Bucket(bKV).Bucket(k); v == nil && b != nil {
				ns := read(b, k)
				ns.seq = uint64(len(ns.pairs)) // a namespace's sequence counts its keys
				kv = append(kv, ns)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("salvage: reading %s: %w", src.Path(), err)
	}
	err = dst.update(ctx, func(tx *bolt.Tx) error {
		put := func(b *bolt.Bucket, kb kvBucket) error {
			for _, p := range kb.pairs {
				if err := b.Put(p.Key, p.Value); err != nil {
					return err
				}
			}
			return b.SetSequence(kb.seq)
		}
		for _, r := range runs {
			if err := put(tx.Bucket(bRuns), r); err != nil {
				return err
			}
		}
		for _, ns := range kv {
			b, err := tx.Bucket(bKV).CreateBucketIfNotExists(ns.name)
			if err != nil {
				return err
			}
			if err := put(b, ns); err != nil {
				return err
			}
		}
		if src.id != "" {
			return tx.Bucket(bMeta).Put(kSalvagedFrom, []byte(src.id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("salvage: writing %s: %w", dst.Path(), err)
	}
	return err
}

// pageID returns the id of the page url (as stored) names, or 0.
func (a *Archive) pageID(url string) uint64 {
	var id uint64
	_ = a.view(func(tx *bolt.Tx) error { id = lookupID(tx, url); return nil })
	return id
}

// pageName names version n of page id for a report: the page's URL when
// its record can be read.
func pageName(tx *bolt.Tx, id uint64, n int) string {
	if pr, _ := decodePage(bget(tx, bPages, u64(id))); pr != nil && pr.URL != "" {
		return pr.URL
	}
	return fmt.Sprintf("page %d version %d", id, n)
}

// bget is Bucket(name).Get, nil when the bucket is lost (a damaged name in
// a file whose trees are otherwise sound).
func bget(tx *bolt.Tx, name, k []byte) []byte {
	if b := tx.Bucket(name); b != nil {
		return b.Get(k)
	}
	return nil
}

// beach is Bucket(name).ForEach, nothing when the bucket is lost.
func beach(tx *bolt.Tx, name []byte, fn func(k, v []byte) error) error {
	if b := tx.Bucket(name); b != nil {
		return b.ForEach(fn)
	}
	return nil
}
