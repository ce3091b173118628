package archive

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/archivist-org/archivist/extract"
	bolt "go.etcd.io/bbolt"
)

// prepared is the work done outside the write transaction, in the caller's
// goroutine, so the shared commit only does lookups and puts.
type prepared struct {
	f         Fetch
	reqURL    string // normalised requested URL
	finalURL  string // normalised final URL ("" if same or unusable)
	identity  string // the page's URL if this fetch creates one
	art       *extract.Article
	hash      string // content hash
	artZ      []byte // compressed article JSON
	blob      string // hex sha256 of the body
	blobZ     []byte // compressed body, nil if not computed (yet)
	gone      bool
	failure   string
	isFailure bool
	// copied (salvage): the fetch is a stored version being copied, so
	// a new version whatever its content, with summary unless empty.
	copied  bool
	summary string
}

// Record stores one fetch and its extracted article (nil for 304, 404/410,
// and other fetches without content) atomically, and returns only once it
// is committed. Concurrent calls share commits (group commit), so many
// crawler workers calling Record together reach thousands of fetches per
// second with full durability.
//
// The page is identified by NormalizeURL of the article's canonical URL when
// that is on the same site, else of the final URL, else of f.URL; the other
// URLs become aliases. A new version is stored only when the content hash
// (normalised text, title, authors, published) changes, or when a gone page
// comes back; otherwise the page's last_seen moves on.
//
// A document (Kind document) names the pages remembered as linking it
// (see LinkDocuments) in LinkedFrom, and is listed in their Documents.
func (a *Archive) Record(ctx context.Context, f Fetch, art *extract.Article) (Result, error) {
	return a.recordVersion(ctx, f, art, nil)
}

// recordVersion is Record, or with copied set (salvage) the copy of a
// stored version with its summary: a version even when its content equals
// the one before it (a page that came back after being gone).
func (a *Archive) recordVersion(ctx context.Context, f Fetch, art *extract.Article, copied *versionRec) (Result, error) {
	if art == nil || art.Kind != extract.KindDocument {
		return a.record(ctx, f, art, copied)
	}
	art, keys := a.withReferrers(f, art)
	res, err := a.record(ctx, f, art, copied)
	if err == nil && res.Version > 0 {
		// The document is stored; a page that cannot be completed now
		// is completed by the next LinkDocuments naming it.
		_ = a.listOnReferrers(ctx, keys)
	}
	return res, err
}

func (a *Archive) record(ctx context.Context, f Fetch, art *extract.Article, copied *versionRec) (Result, error) {
	p, err := a.prepare(f)
	if err != nil {
		return Result{}, err
	}
	if copied != nil {
		p.copied, p.summary = true, copied.Summary
	}
	p.gone = f.Status == http.StatusNotFound || f.Status == http.StatusGone
	if art != nil && !p.gone && f.Status != http.StatusNotModified {
		p.identity = p.reqURL
		if p.finalURL != "" {
			p.identity = p.finalURL
		}
		if art.CanonicalURL != "" {
			if c, err := NormalizeURL(art.CanonicalURL); err == nil && sameSite(c, p.identity) {
				p.identity = c
			}
		}
		// The stored article carries the page's URL (its identity), so
		// export can emit it as is.
		cp := *art
		cp.URL = p.identity
		cp.FillLists() // docs/schema.md: [] and {}, never null, whoever made the article
		p.art = &cp
		p.hash = contentHash(art)
		// The expensive work (hashing and compressing the body, encoding
		// the article) is done here, in parallel callers, unless a cheap
		// read transaction says the content is unchanged. A wrong guess is
		// corrected inside the write transaction.
		if a.likelyChanged(p) {
			if err := p.encodeArticle(); err != nil {
				return Result{}, err
			}
			p.blob = blobHash(f.Body)
			if !a.blobStored(p.blob) {
				p.blobZ = compress(f.Body)
			}
		}
	}
	return a.commitFetch(ctx, p)
}

// RecordFailure records a failed capture (challenge page, paywall stub,
// soft 404, empty extraction) with its reason; it is never stored as a
// version. An unknown page is created without versions so the failure is
// visible (Page.LastFailure, stats).
func (a *Archive) RecordFailure(ctx context.Context, f Fetch, reason string) (Result, error) {
	p, err := a.prepare(f)
	if err != nil {
		return Result{}, err
	}
	p.isFailure = true
	p.failure = strings.TrimSpace(reason)
	if p.failure == "" {
		p.failure = "failed"
	}
	p.identity = p.reqURL
	if p.finalURL != "" {
		p.identity = p.finalURL
	}
	return a.commitFetch(ctx, p)
}

func (a *Archive) prepare(f Fetch) (*prepared, error) {
	if a.readOnly {
		return nil, ErrReadOnly
	}
	if f.Also != nil && f.Also.kv.a != a {
		return nil, errors.New("archive: Fetch.Also is a batch of another archive")
	}
	req, err := NormalizeURL(f.URL)
	if err != nil {
		return nil, err
	}
	p := &prepared{f: f, reqURL: req}
	if f.FinalURL != "" {
		if fu, err := NormalizeURL(f.FinalURL); err == nil && fu != req {
			p.finalURL = fu
		}
	}
	if p.f.FetchedAt.IsZero() {
		p.f.FetchedAt = time.Now()
	}
	p.f.FetchedAt = p.f.FetchedAt.UTC()
	return p, nil
}

// likelyChanged tells, without the write lock, whether the fetch will
// probably store a new version.
func (a *Archive) likelyChanged(p *prepared) bool {
	changed := true
	_ = a.db.View(func(tx *bolt.Tx) error {
		if id := lookupID(tx, withEscapeCases(p.identity, p.reqURL, p.finalURL)...); id != 0 {
			if pr, err := getPage(tx, id); err == nil && pr.Hash == p.hash && pr.Versions > 0 && pr.GoneSince.IsZero() {
				changed = false
			}
		}
		return nil
	})
	return changed
}

func (a *Archive) blobStored(hash string) bool {
	found := false
	_ = a.db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bBlobs).Get(mustHex(hash)) != nil
		return nil
	})
	return found
}

// encodeArticle fills p.artZ.
func (p *prepared) encodeArticle() error {
	if p.artZ != nil {
		return nil
	}
	aj, err := json.Marshal(p.art)
	if err != nil {
		return fmt.Errorf("archive: encode article: %w", err)
	}
	p.artZ = compressArticle(aj)
	return nil
}

func mustHex(s string) []byte {
	b, _ := hex.DecodeString(s)
	return b
}

// withEscapeCases is urls, then each with its percent-escapes in upper
// and in lower case: escapes are case-insensitive (RFC 3986), so a page
// fetched again from a link written with the other case is the page
// already archived, not a second one; exact URLs are tried first.
func withEscapeCases(urls ...string) []string {
	out := append([]string(nil), urls...)
	for _, u := range urls {
		out = append(out, escapesCased(u, strings.ToUpper), escapesCased(u, strings.ToLower))
	}
	return out
}

func lookupID(tx *bolt.Tx, urls ...string) uint64 {
	b := tx.Bucket(bURLs)
	for _, u := range urls {
		if u == "" {
			continue
		}
		if v := b.Get([]byte(u)); len(v) == 8 {
			return binary.BigEndian.Uint64(v)
		}
	}
	return 0
}

func getPage(tx *bolt.Tx, id uint64) (*pageRec, error) {
	v := tx.Bucket(bPages).Get(u64(id))
	if v == nil {
		return nil, fmt.Errorf("%w: page %d missing", ErrCorrupt, id)
	}
	p, err := decodePage(v)
	if err == nil {
		err = withRenames(tx, p)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", ErrCorrupt, id, err)
	}
	return p, nil
}

// Page records are JSON followed by a zero byte and the CRC-32C of the
// JSON (schema 3), so damage inside a URL or date that leaves the JSON
// valid is detected. JSON cannot hold a raw zero byte, so a record
// without the suffix (older) is told apart; it is read without the check.
const pageSumLen = 5

// errPageSum: a page record fails its checksum.
var errPageSum = errors.New("the page record does not match its checksum (its URL, dates or state are damaged)")

func decodePage(v []byte) (*pageRec, error) {
	var sumErr error
	if n := len(v); n > pageSumLen && v[n-pageSumLen] == 0 {
		if crc32.Checksum(v[:n-pageSumLen], crcTable) != binary.BigEndian.Uint32(v[n-4:]) {
			sumErr = errPageSum
		}
		v = v[:n-pageSumLen]
	}
	var p pageRec
	if err := json.Unmarshal(v, &p); err != nil {
		return nil, err
	}
	return &p, sumErr
}

// putPage stores a page record with its checksum, and its rename links
// in bRenames.
func putPage(tx *bolt.Tx, pr *pageRec) error {
	rec := *pr
	rec.renameLinks = renameLinks{}
	j, err := json.Marshal(&rec)
	if err != nil {
		return err
	}
	j = append(j, 0)
	j = binary.BigEndian.AppendUint32(j, crc32.Checksum(j[:len(j)-1], crcTable))
	if err := tx.Bucket(bPages).Put(u64(pr.ID), j); err != nil {
		return err
	}
	return putRenames(tx, pr)
}

func putJSON(b *bolt.Bucket, k []byte, v any) (int, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	return len(j), b.Put(k, j)
}

func getVersion(tx *bolt.Tx, id uint64, ver int) (*versionRec, error) {
	v := tx.Bucket(bVMeta).Get(vkey(id, ver))
	if v == nil {
		return nil, fmt.Errorf("%w: version %d of page %d missing", ErrCorrupt, ver, id)
	}
	r, err := decodeVersion(v)
	if err != nil {
		return nil, fmt.Errorf("%w: version %d of page %d: %v", ErrCorrupt, ver, id, err)
	}
	return r, nil
}

func getCounters(tx *bolt.Tx) counters {
	var c counters
	if v := tx.Bucket(bMeta).Get(kCounters); v != nil {
		_ = json.Unmarshal(v, &c)
	}
	return c
}

func putCounters(tx *bolt.Tx, c counters) error {
	_, err := putJSON(tx.Bucket(bMeta), kCounters, c)
	return err
}

// commitFetch applies a prepared fetch in one (shared) transaction.
func (a *Archive) commitFetch(ctx context.Context, p *prepared) (Result, error) {
	var res Result
	var newRec *versionRec
	err := a.update(ctx, func(tx *bolt.Tx) error {
		newRec = nil
		var err error
		if res, newRec, err = applyFetch(tx, p); err != nil {
			return err
		}
		if p.f.Also != nil {
			return p.f.Also.apply(tx)
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	if newRec != nil && a.opts.OnVersion != nil {
		rec := &Record{Article: *p.art}
		fillRecord(rec, newRec, res.Version)
		rec.LastSeen = newRec.FirstSeen
		a.opts.OnVersion(*rec)
	}
	return res, nil
}

func applyFetch(tx *bolt.Tx, p *prepared) (Result, *versionRec, error) {
	f := p.f
	at := f.FetchedAt
	c := getCounters(tx)
	if at.After(c.LastFetch) {
		c.LastFetch = at
	}
	var id uint64
	if p.art != nil {
		id = lookupID(tx, withEscapeCases(p.identity, p.reqURL, p.finalURL)...)
	} else {
		id = lookupID(tx, withEscapeCases(p.reqURL, p.finalURL)...)
	}
	var pr *pageRec
	if id != 0 {
		var err error
		if pr, err = getPage(tx, id); err != nil {
			return Result{}, nil, err
		}
	}
	if pr == nil {
		if p.art == nil && !p.isFailure {
			// Nothing to keep about a page we never archived.
			out := OutcomeFailed
			if p.gone {
				out = OutcomeGone
			}
			return Result{URL: p.reqURL, Outcome: out}, nil, putCounters(tx, c)
		}
		var err error
		if pr, err = newPage(tx, p.identity, at, &c); err != nil {
			return Result{}, nil, err
		}
		id = pr.ID
	}
	wasGone, wasFailed := !pr.GoneSince.IsZero(), pr.LastFailure != ""
	pr.LastFetched = maxTime(pr.LastFetched, at)
	pr.Fetches++
	fe := fetchEntry{At: at, Status: f.Status, RawSize: len(f.Body)}
	if p.finalURL != "" {
		fe.FinalURL = p.finalURL
	}
	res := Result{URL: pr.URL, Version: pr.Versions}
	var newRec *versionRec

	switch {
	case p.isFailure:
		pr.LastFailure = p.failure
		fe.Reason = p.failure
		res.Outcome = OutcomeFailed
	case p.gone && pr.Versions > 0 && at.Before(pr.LastSeen):
		// Older than the page's last sighting (a WARC imported again, or
		// out of order): it was there since, so it is not gone; logged.
		res.Outcome = OutcomeGone
	case p.gone:
		if pr.GoneSince.IsZero() {
			pr.GoneSince = at
		}
		pr.GoneStatus = f.Status
		pr.LastFailure = ""
		res.Outcome = OutcomeGone
	case p.art == nil || (pr.Hash == p.hash && pr.Versions > 0 && pr.GoneSince.IsZero() && !p.copied):
		// Unchanged: a 304, or the same content again.
		if pr.Versions > 0 {
			cur, err := getVersion(tx, id, pr.Versions)
			if err != nil {
				return Result{}, nil, err
			}
			fe.Header = headerDelta(f.Header, cur.header())
			if p.art != nil || f.Status == http.StatusNotModified {
				pr.LastSeen = maxTime(pr.LastSeen, at)
			}
		} else if p.art == nil {
			fe.Header = headerDelta(f.Header, nil)
		}
		pr.LastFailure = ""
		res.Outcome = OutcomeUnchanged
	default:
		var err error
		newRec, err = addVersion(tx, pr, p, &c)
		if err != nil {
			return Result{}, nil, err
		}
		if pr.Versions == 1 {
			res.Outcome = OutcomeNew
		} else {
			res.Outcome = OutcomeChanged
		}
		res.Version, res.Seq = pr.Versions, newRec.Seq
		pr.GoneSince, pr.GoneStatus, pr.LastFailure = time.Time{}, 0, ""
	}
	fe.Outcome = res.Outcome
	if p.art != nil && !p.gone {
		before := pr.renameLinks.clone()
		var err error
		if res.Renamed, err = noteRenames(tx, pr, p, at, &c); err != nil {
			return Result{}, nil, err
		}
		if newRec == nil && !pr.renameLinks.equal(&before) {
			if err := reseqHead(tx, pr, &c); err != nil {
				return Result{}, nil, err
			}
		}
	}
	if res.Outcome != OutcomeGone && res.Outcome != OutcomeFailed && f.Header != nil {
		if et := f.Header.Get("ETag"); et != "" {
			pr.ETag = et
		}
		if lm := f.Header.Get("Last-Modified"); lm != "" {
			pr.LastModified = lm
		}
	}
	if wasGone != !pr.GoneSince.IsZero() {
		c.Gone += boolDelta(!wasGone)
	}
	if wasFailed != (pr.LastFailure != "") {
		c.Failed += boolDelta(!wasFailed)
	}
	// Aliases: every URL this fetch reached the page by.
	for _, u := range []string{p.reqURL, p.finalURL} {
		if err := addAlias(tx, pr, u); err != nil {
			return Result{}, nil, err
		}
	}
	if err := tx.Bucket(bFetches).Put(vkey(id, int(pr.Fetches)), fe.encode()); err != nil {
		return Result{}, nil, err
	}
	if err := putPage(tx, pr); err != nil {
		return Result{}, nil, err
	}
	return res, newRec, putCounters(tx, c)
}

// RecordMove records that the page at from moved to the page at to at
// time at, as a fetch that followed a permanent redirect from one to the
// other does (see Fetch.Redirects), for a redirect captured alone (a
// WARC's 301 record). Both must be archived pages of the same site, from
// not seen since at. It reports whether the rename is news.
func (a *Archive) RecordMove(ctx context.Context, from, to string, at time.Time) (bool, error) {
	if a.readOnly {
		return false, ErrReadOnly
	}
	// Most redirects in a WARC are not renames of archived pages: a read
	// tells, without a commit.
	candidate := false
	_ = a.view(func(tx *bolt.Tx) error {
		u, err := NormalizeURL(from)
		if err != nil {
			return nil
		}
		pr, err := resolve(tx, to)
		if err != nil {
			return nil
		}
		id := lookupID(tx, withEscapeCases(u)...)
		candidate = id != 0 && id != pr.ID
		return nil
	})
	if !candidate {
		return false, nil
	}
	news := false
	err := a.update(ctx, func(tx *bolt.Tx) error {
		news = false
		pr, err := resolve(tx, to)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		c := getCounters(tx)
		before := pr.renameLinks.clone()
		moved, err := movedHere(tx, pr, []string{from}, at.UTC(), &c)
		if err != nil || len(moved) == 0 {
			return err
		}
		news = true
		if !pr.renameLinks.equal(&before) {
			if err := reseqHead(tx, pr, &c); err != nil {
				return err
			}
		}
		if err := putPage(tx, pr); err != nil {
			return err
		}
		return putCounters(tx, c)
	})
	return news, err
}

// noteRenames records what a fetch with content says about renames: each
// archived page of the same site whose URL answered a permanent redirect
// on the way to pr (every hop 301 or 308: one 302/307 and the old URL is
// still the one to ask) moved to pr; and pr, answering at its own URL, is
// not moved (any more). A fetch older than what the archive knows of the
// page (an import) changes nothing. It returns the pages newly moved.
func noteRenames(tx *bolt.Tx, pr *pageRec, p *prepared, at time.Time, c *counters) (moved []string, err error) {
	landed := p.finalURL
	if landed == "" {
		landed = p.reqURL
	}
	if pr.MovedTo != "" && landed == pr.URL && at.After(pr.MovedAt) {
		pr.MovedTo, pr.MovedAt = "", time.Time{}
	}
	if len(p.f.Redirects) == 0 {
		return nil, nil
	}
	froms := make([]string, 0, len(p.f.Redirects))
	for _, h := range p.f.Redirects {
		if !permanentRedirect(h.Status) {
			return nil, nil
		}
		froms = append(froms, h.From)
	}
	return movedHere(tx, pr, froms, at, c)
}

// movedHere records that the archived pages at froms moved to pr at at
// (see noteRenames), and returns those newly moved; pr's record is the
// caller's to write. A page newly moved gets a new seq (reseqHead).
func movedHere(tx *bolt.Tx, pr *pageRec, froms []string, at time.Time, c *counters) (moved []string, err error) {
	for _, from := range froms {
		u, err := NormalizeURL(from)
		if err != nil {
			continue
		}
		id := lookupID(tx, withEscapeCases(u)...)
		if id == 0 || id == pr.ID {
			continue // never archived, or an alias of pr (a redirect to its canonical URL)
		}
		old, err := getPage(tx, id)
		if err != nil {
			return nil, err
		}
		if old.Versions == 0 || !sameSite(old.URL, pr.URL) || at.Before(old.LastSeen) || at.Before(old.MovedAt) {
			continue
		}
		if old.MovedTo != pr.URL {
			old.MovedTo, old.MovedAt = pr.URL, at
			if err := reseqHead(tx, old, c); err != nil {
				return nil, err
			}
			if err := putPage(tx, old); err != nil {
				return nil, err
			}
			moved = append(moved, old.URL)
		}
		if pr.MovedTo == old.URL && at.After(pr.MovedAt) {
			// The move undone (A→B, then B→A): pr answers again, or
			// the two would redirect to each other.
			pr.MovedTo, pr.MovedAt = "", time.Time{}
		}
		if !slices.Contains(pr.MovedFrom, old.URL) && len(pr.MovedFrom) < maxAliases {
			pr.MovedFrom = append(pr.MovedFrom, old.URL)
		}
	}
	return moved, nil
}

func boolDelta(became bool) int {
	if became {
		return 1
	}
	return -1
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func newPage(tx *bolt.Tx, url string, at time.Time, c *counters) (*pageRec, error) {
	pages := tx.Bucket(bPages)
	id, err := pages.NextSequence()
	if err != nil {
		return nil, err
	}
	pr := &pageRec{ID: id, URL: url, Site: siteOf(url), FirstSeen: at}
	if err := tx.Bucket(bURLs).Put([]byte(url), u64(id)); err != nil {
		return nil, err
	}
	sites := tx.Bucket(bSites)
	n := uint64(0)
	if v := sites.Get([]byte(pr.Site)); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	if err := sites.Put([]byte(pr.Site), u64(n+1)); err != nil {
		return nil, err
	}
	c.Pages++
	return pr, nil
}

// addAlias maps u to the page unless it already identifies a page; the
// first mapping wins so identities never move.
func addAlias(tx *bolt.Tx, pr *pageRec, u string) error {
	if u == "" || u == pr.URL {
		return nil
	}
	b := tx.Bucket(bURLs)
	if b.Get([]byte(u)) != nil {
		return nil
	}
	if err := b.Put([]byte(u), u64(pr.ID)); err != nil {
		return err
	}
	if len(pr.Aliases) < maxAliases {
		pr.Aliases = append(pr.Aliases, u)
	}
	return nil
}

// addVersion stores a new version of pr from p.
func addVersion(tx *bolt.Tx, pr *pageRec, p *prepared, c *counters) (*versionRec, error) {
	f, art := p.f, p.art
	id := pr.ID
	if art.URL != pr.URL { // the page turned out to be another one
		cp := *art
		cp.URL = pr.URL
		p.art, art, p.artZ = &cp, &cp, nil
	}
	if err := p.encodeArticle(); err != nil {
		return nil, err
	}
	if p.blob == "" {
		p.blob = blobHash(f.Body)
	}
	blobs := tx.Bucket(bBlobs)
	stored := len(p.artZ)
	bk := mustHex(p.blob)
	if blobs.Get(bk) == nil {
		z := p.blobZ
		if z == nil {
			z = compress(f.Body)
		}
		if err := blobs.Put(bk, z); err != nil {
			return nil, err
		}
		stored += len(z)
	}
	seqB := tx.Bucket(bSeq)
	seq, err := seqB.NextSequence()
	if err != nil {
		return nil, err
	}
	vr := &versionRec{
		Seq: seq, URL: pr.URL, Site: pr.Site, FirstSeen: f.FetchedAt, FetchedAt: f.FetchedAt,
		Status: f.Status, FinalURL: p.finalURL, Header: encodeHeader(f.Header), RawSize: len(f.Body),
		Blob: p.blob, Hash: p.hash, Words: art.WordCount, Title: art.Title, Authors: art.Authors,
		Published: art.Published, Extractor: art.Extractor, Stored: stored, ArtSum: articleSum(p.artZ),
	}
	if p.reqURL != pr.URL {
		vr.ReqURL = p.reqURL
	}
	if vr.Status == 0 {
		vr.Status = http.StatusOK
	}
	vmeta := tx.Bucket(bVMeta)
	metaBytes := 0 // net growth of version metadata
	if pr.Versions > 0 {
		prev, err := getVersion(tx, id, pr.Versions)
		if err != nil {
			return nil, err
		}
		metaBytes -= len(vmeta.Get(vkey(id, pr.Versions)))
		vr.Summary = summarize(prev, vr, !pr.GoneSince.IsZero())
		prev.LastSeen = pr.LastSeen
		if prev.LastSeen.IsZero() {
			prev.LastSeen = prev.FirstSeen
		}
		n, err := putVersion(vmeta, vkey(id, pr.Versions), prev)
		if err != nil {
			return nil, err
		}
		metaBytes += n
		if err := tx.Bucket(bHeads).Delete(u64(prev.Seq)); err != nil {
			return nil, err
		}
	} else {
		vr.Summary = fmt.Sprintf("first version (%d words)", vr.Words)
	}
	if p.summary != "" {
		vr.Summary = p.summary
	}
	pr.Versions++
	k := vkey(id, pr.Versions)
	n, err := putVersion(vmeta, k, vr)
	if err != nil {
		return nil, err
	}
	metaBytes += n
	if err := tx.Bucket(bVArticle).Put(k, p.artZ); err != nil {
		return nil, err
	}
	if err := seqB.Put(u64(seq), k); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bHeads).Put(u64(seq), k); err != nil {
		return nil, err
	}
	pr.Hash, pr.HeadSeq = p.hash, seq
	pr.LastSeen = maxTime(pr.LastSeen, f.FetchedAt)
	c.Versions++
	c.RawBytes += int64(len(f.Body))
	c.StoredBytes += int64(vr.Stored + metaBytes)
	return vr, nil
}

// SummaryCameBack starts the summary of a version stored because its page
// came back after being gone (404/410), whatever its content.
const SummaryCameBack = "came back after being gone"

// summarize says in one line what changed from prev to cur.
func summarize(prev, cur *versionRec, cameBack bool) string {
	return changeSummary(
		summaryOf{prev.Title, prev.Authors, prev.Published, prev.Hash, prev.Words},
		summaryOf{cur.Title, cur.Authors, cur.Published, cur.Hash, cur.Words}, cameBack)
}

// Summarize says in one line what changed from prev to cur, as history's
// summaries do: for versions of different pages (a renamed article's last
// version under its old URL and first under the new one).
func Summarize(prev, cur *Record) string {
	return changeSummary(
		summaryOf{prev.Title, prev.Authors, prev.Published, prev.ContentHash, prev.WordCount},
		summaryOf{cur.Title, cur.Authors, cur.Published, cur.ContentHash, cur.WordCount}, false)
}

// summaryOf is what a summary compares.
type summaryOf struct {
	title     string
	authors   []string
	published string
	hash      string
	words     int
}

func changeSummary(prev, cur summaryOf, cameBack bool) string {
	var parts []string
	if cameBack {
		parts = append(parts, SummaryCameBack)
	}
	if prev.title != cur.title {
		parts = append(parts, "title changed")
	}
	if strings.Join(prev.authors, ", ") != strings.Join(cur.authors, ", ") {
		parts = append(parts, "authors changed")
	}
	if prev.published != cur.published {
		parts = append(parts, "published date changed")
	}
	if prev.hash != cur.hash {
		d := cur.words - prev.words
		switch {
		case d != 0:
			parts = append(parts, fmt.Sprintf("text %d→%d words (%+d)", prev.words, cur.words, d))
		case len(parts) == 0 || (cameBack && len(parts) == 1):
			parts = append(parts, "text edited")
		}
	}
	if len(parts) == 0 {
		return "same content"
	}
	return strings.Join(parts, "; ")
}

// fillRecord sets a Record's archive fields from its version record.
func fillRecord(r *Record, vr *versionRec, ver int) {
	r.Article.FillLists() // versions stored with null lists (PDFs, before the archive filled them)
	r.Article.URL = vr.URL
	r.Version = ver
	r.Seq = vr.Seq
	r.FirstSeen = vr.FirstSeen
	r.LastSeen = vr.LastSeen
	r.FetchedAt = vr.FetchedAt
	r.ContentHash = vr.Hash
	r.Status = vr.Status
}
