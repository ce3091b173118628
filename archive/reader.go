package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/lazyre"
)

// *Archive serves the read path directly.
var _ Reader = (*Archive)(nil)

// resolve finds the page for any of its URLs.
func resolve(tx *bolt.Tx, rawURL string) (*pageRec, error) {
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return nil, err
	}
	// Escapes are case-insensitive (RFC 3986) but pages are keyed by the
	// URL as fetched: one from a link with lower-case escapes (WordPress
	// writes non-Latin slugs so) is found from the URL a browser shows.
	urls := withEscapeCases(u)
	if l, err := legacyNormalizeURL(rawURL); err == nil && l != u {
		// A page keyed before schema 4 (/%7euser, /p;jsessionid=2) is
		// found by the URL it was keyed by, as export and history name
		// it, even when today's form of it is another page's alias; in an
		// archive opened read-only before its migration, only so.
		urls = append([]string{l}, append(urls, withEscapeCases(l)[1:]...)...)
	}
	id := lookupID(tx, urls...)
	if id == 0 {
		return nil, fmt.Errorf("%w: no page %s in the archive", ErrNotFound, u)
	}
	return getPage(tx, id)
}

var escapeRe = lazyre.New(`%[0-9a-fA-F]{2}`)

// escapesCased is u with its percent-escapes in one case ("" when that
// changes nothing, so the lookup is not repeated).
func escapesCased(u string, cased func(string) string) string {
	if !strings.Contains(u, "%") {
		return ""
	}
	if v := escapeRe().ReplaceAllStringFunc(u, cased); v != u {
		return v
	}
	return ""
}

// resolve is resolve on a's transaction. On a read-only archive (a read
// command's), a URL it cannot find is checked against the page records
// (see checkMiss), so a damaged URL index entry is named as damage, not
// answered "not found". Writers look up new URLs all the time and skip
// the check.
func (a *Archive) resolve(tx *bolt.Tx, rawURL string) (*pageRec, error) {
	pr, err := resolve(tx, rawURL)
	if a.readOnly && errors.Is(err, ErrNotFound) {
		err = checkMiss(tx, rawURL, err)
	}
	return pr, err
}

// CheckNotFound is the check of resolve, for callers of a writable
// archive answering a reader: given err, the ErrNotFound of a lookup of
// url, it returns an ErrCorrupt error when a page record lists url (its
// URL index entry is damaged or lost), else err.
func (a *Archive) CheckNotFound(url string, err error) error {
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	_ = a.view(func(tx *bolt.Tx) error {
		if _, rerr := resolve(tx, url); errors.Is(rerr, ErrNotFound) {
			err = checkMiss(tx, url, err)
		}
		return nil
	})
	return err
}

// errFound stops a scan.
var errFound = errors.New("found")

// checkMiss returns err unless a page record lists rawURL (as its URL or
// an alias) while the URL index has no usable entry for it: then an
// ErrCorrupt error naming the entry. It reads every page record whose
// bytes hold the URL (a scan of the page records: for read commands'
// answers, not for hot paths).
func checkMiss(tx *bolt.Tx, rawURL string, err error) error {
	u, nerr := NormalizeURL(rawURL)
	if nerr != nil {
		return err
	}
	if v := tx.Bucket(bURLs).Get([]byte(u)); v != nil && len(v) != 8 {
		return fmt.Errorf("%w: the URL index entry of %s is damaged (a %d-byte page id); 'archivist verify' lists the damage, 'archivist salvage' copies what can be read", ErrCorrupt, u, len(v))
	}
	raw := []byte(u)
	esc, _ := json.Marshal(u)
	esc = esc[1 : len(esc)-1]
	var found error
	ferr := tx.Bucket(bPages).ForEach(func(_, v []byte) error {
		if !bytes.Contains(v, raw) && !bytes.Contains(v, esc) {
			return nil
		}
		p, derr := decodePage(v)
		if derr != nil || (p.URL != u && !slices.Contains(p.Aliases, u)) {
			return nil
		}
		found = fmt.Errorf("%w: %s is page %d, but its URL index entry is damaged or lost; 'archivist verify' lists the damage, 'archivist salvage' copies what can be read", ErrCorrupt, u, p.ID)
		return errFound
	})
	if found != nil {
		return found
	}
	if ferr != nil {
		return ferr
	}
	return err
}

// Page returns the page state for any of its URLs (normalised first).
func (a *Archive) Page(ctx context.Context, url string) (*Page, error) {
	var p *Page
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		p = pr.page()
		return nil
	})
	return p, err
}

// History lists the page's versions, oldest first.
func (a *Archive) History(ctx context.Context, url string) ([]VersionInfo, error) {
	var out []VersionInfo
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		out = make([]VersionInfo, 0, pr.Versions)
		for n := 1; n <= pr.Versions; n++ {
			vr, err := getVersion(tx, pr.ID, n)
			if err != nil {
				return err
			}
			last := vr.LastSeen
			if n == pr.Versions || last.IsZero() {
				last = maxTime(pr.LastSeen, vr.FirstSeen)
			}
			out = append(out, VersionInfo{
				Version: n, Seq: vr.Seq, FirstSeen: vr.FirstSeen, LastSeen: last, FetchedAt: vr.FetchedAt,
				WordCount: vr.Words, ContentHash: vr.Hash, Summary: vr.Summary,
			})
		}
		return nil
	})
	return out, err
}

// pickVersion checks n (0 = latest) against the page's versions.
func pickVersion(pr *pageRec, n int) (int, error) {
	if pr.Versions == 0 {
		msg := "has no stored version"
		if pr.LastFailure != "" {
			msg += " (last capture failed: " + pr.LastFailure + ")"
		}
		return 0, fmt.Errorf("%w: %s %s", ErrNotFound, pr.URL, msg)
	}
	if n == 0 {
		return pr.Versions, nil
	}
	if n < 0 || n > pr.Versions {
		return 0, fmt.Errorf("%w: version %d of %s: it has versions 1..%d", ErrNotFound, n, pr.URL, pr.Versions)
	}
	return n, nil
}

// loadRecord reads version n of pr with its article.
func loadRecord(tx *bolt.Tx, pr *pageRec, n int) (*Record, *versionRec, error) {
	vr, err := getVersion(tx, pr.ID, n)
	if err != nil {
		return nil, nil, err
	}
	rec, err := decodeRecord(tx, pr.ID, n, vr)
	if err != nil {
		return nil, nil, err
	}
	if byOldExtractor(vr) {
		addSourceFields(tx, vr, &rec.Article)
	}
	if n == pr.Versions {
		rec.LastSeen = maxTime(pr.LastSeen, vr.FirstSeen)
		if !pr.GoneSince.IsZero() {
			rec.Status = pr.GoneStatus
		}
	}
	return rec, vr, nil
}

// decodeRecord reads version n's article; a checksum that fails is an
// error, as is any other damage.
func decodeRecord(tx *bolt.Tx, id uint64, n int, vr *versionRec) (*Record, error) {
	rec, sumErr, err := decodeStored(tx, id, n, vr)
	if sumErr != nil {
		return nil, sumErr
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// storedArticle is version n's article JSON, decompressed (into dst's
// memory when it is big enough), with its checksum's failure apart
// (sumErr).
func storedArticle(tx *bolt.Tx, id uint64, n int, vr *versionRec, dst []byte) (aj []byte, sumErr, err error) {
	z := bget(tx, bVArticle, vkey(id, n))
	if z == nil {
		return nil, nil, fmt.Errorf("%w: article of version %d of page %d missing", ErrCorrupt, n, id)
	}
	sumErr = vr.checkArticle(z)
	aj, err = decompressInto(dst, z)
	return aj, sumErr, err
}

// decodeStored reads version n's article. A checksum that fails is
// returned apart (sumErr), beside the record or the other error: salvage
// copies such a version as stored and names it.
func decodeStored(tx *bolt.Tx, id uint64, n int, vr *versionRec) (rec *Record, sumErr, err error) {
	aj, sumErr, err := storedArticle(tx, id, n, vr, nil)
	if err != nil {
		return nil, sumErr, err
	}
	rec = &Record{}
	if err := json.Unmarshal(aj, &rec.Article); err != nil {
		return nil, sumErr, fmt.Errorf("%w: article of version %d of page %d: %v", ErrCorrupt, n, id, err)
	}
	fillRecord(rec, vr, n)
	return rec, sumErr, nil
}

// Version returns version n (0 = latest) of the page.
func (a *Archive) Version(ctx context.Context, url string, n int) (*Record, error) {
	var rec *Record
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		if n, err = pickVersion(pr, n); err != nil {
			return err
		}
		rec, _, err = loadRecord(tx, pr, n)
		return err
	})
	return rec, err
}

// At returns the version current at time t: the last one first seen at or
// before t.
func (a *Archive) At(ctx context.Context, url string, t time.Time) (*Record, error) {
	var rec *Record
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		if _, err := pickVersion(pr, 0); err != nil {
			return err
		}
		c := tx.Bucket(bVMeta).Cursor()
		prefix := u64(pr.ID)
		best, bestAt := 0, time.Time{}
		for k, v := c.Seek(prefix); k != nil && len(k) == 12 && string(k[:8]) == string(prefix); k, v = c.Next() {
			vr, err := decodeVersion(v)
			if err != nil {
				return fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			if !vr.FirstSeen.After(t) {
				best, bestAt = int(binary.BigEndian.Uint32(k[8:])), vr.FirstSeen
			}
		}
		_ = bestAt
		if best == 0 {
			return fmt.Errorf("%w: %s has no version at %s (first seen %s)", ErrNotFound, pr.URL,
				t.UTC().Format(time.RFC3339), pr.FirstSeen.UTC().Format(time.RFC3339))
		}
		rec, _, err = loadRecord(tx, pr, best)
		return err
	})
	return rec, err
}

// Raw returns the stored raw HTML of version n (0 = latest).
func (a *Archive) Raw(ctx context.Context, url string, n int) ([]byte, error) {
	c, err := a.CaptureOf(ctx, url, n)
	if err != nil {
		return nil, err
	}
	return c.Body, nil
}

// CaptureOf returns the capture (raw page, headers, fetch time) that
// produced version n (0 = latest) of the page.
func (a *Archive) CaptureOf(ctx context.Context, url string, n int) (*Capture, error) {
	var c *Capture
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, url)
		if err != nil {
			return err
		}
		if n, err = pickVersion(pr, n); err != nil {
			return err
		}
		vr, err := getVersion(tx, pr.ID, n)
		if err != nil {
			return err
		}
		body, err := readBlob(tx, vr.Blob)
		if err != nil {
			return err
		}
		final := vr.FinalURL
		if final == "" {
			final = vr.ReqURL
		}
		if final == "" {
			final = vr.URL
		}
		c = &Capture{URL: pr.URL, FinalURL: final, Status: vr.Status, Header: vr.header(), Body: body,
			FetchedAt: vr.FetchedAt, Version: n, Seq: vr.Seq}
		return nil
	})
	return c, err
}

func readBlob(tx *bolt.Tx, hash string) ([]byte, error) {
	z := bget(tx, bBlobs, mustHex(hash)) // the bucket may be lost in a rescued copy (OpenRescued)
	if z == nil {
		return nil, fmt.Errorf("%w: blob %s missing", ErrCorrupt, hash)
	}
	return decompress(z)
}

// exportChunk is how many records one read transaction reads. Export never
// holds a transaction while the callback runs, so a slow consumer does not
// keep the writer from reusing freed pages.
const exportChunk = 256

// exportItem is one selected version, copied out of its transaction.
type exportItem struct {
	vr       *versionRec
	n        int
	artJSON  []byte // the stored article JSON (its url is the page's)
	lastSeen time.Time
	status   int
	newer    bool // a newer version of the page exists
	// the page's rename links, on its latest version
	movedTo   string
	movedFrom []string
}

// exportScan calls fn with chunks of selected versions in seq order.
func (a *Archive) exportScan(ctx context.Context, f ExportFilter, fn func([]exportItem) error) error {
	index := bHeads
	if f.AllVersions {
		index = bSeq
	}
	after := f.AfterSeq
	// The chunk's decompressed articles: fn is done with them when it
	// returns, so the next chunk decompresses into the same memory.
	var bufs [][]byte
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var batch []exportItem
		done := false
		err := a.view(func(tx *bolt.Tx) error {
			c := tx.Bucket(index).Cursor()
			pages := map[uint64]*pageRec{}
			k, v := c.Seek(u64(after + 1))
			for ; k != nil && len(batch) < exportChunk; k, v = c.Next() {
				after = binary.BigEndian.Uint64(k)
				id, n := splitVKey(v)
				bad := func(url string, err error) error {
					if url == "" {
						url = fmt.Sprintf("page %d version %d", id, n)
					}
					return f.skipBad(after, url, err)
				}
				vr, err := getVersion(tx, id, n)
				if err != nil {
					if err := bad("", err); err != nil {
						return err
					}
					continue
				}
				if !f.Since.IsZero() && vr.FetchedAt.Before(f.Since) {
					continue
				}
				if f.Site != "" && !siteMatches(vr.Site, f.Site) {
					continue
				}
				z := tx.Bucket(bVArticle).Get(v)
				if z == nil {
					if err := bad(vr.URL, fmt.Errorf("%w: article of version %d of page %d missing", ErrCorrupt, n, id)); err != nil {
						return err
					}
					continue
				}
				var buf []byte
				if len(batch) < len(bufs) {
					buf = bufs[len(batch)]
				}
				aj, err := decompressInto(buf, z)
				if err == nil {
					err = vr.checkArticle(z)
				}
				if err != nil {
					if err := bad(vr.URL, err); err != nil {
						return err
					}
					continue
				}
				if !f.NoDerivedFields {
					aj = withSourceFields(tx, vr, aj)
				}
				// A version's LastSeen is set when the next one is archived.
				it := exportItem{vr: vr, n: n, artJSON: aj, lastSeen: vr.LastSeen, status: vr.Status, newer: !vr.LastSeen.IsZero()}
				if vr.LastSeen.IsZero() { // the page's latest version
					pr := pages[id]
					if pr == nil {
						if pr, err = getPage(tx, id); err != nil {
							if err := bad(vr.URL, err); err != nil {
								return err
							}
							continue
						}
						pages[id] = pr
					}
					it.newer = n < pr.Versions
					if n == pr.Versions {
						it.movedTo, it.movedFrom = pr.MovedTo, pr.MovedFrom
						it.lastSeen = maxTime(pr.LastSeen, vr.FirstSeen)
						if !pr.GoneSince.IsZero() {
							it.status = pr.GoneStatus
						}
					}
				}
				batch = append(batch, it)
			}
			done = k == nil
			return nil
		})
		if err != nil {
			return err
		}
		if len(batch) > 0 {
			if err := fn(batch); err != nil {
				return err
			}
		}
		for i, it := range batch {
			if i < len(bufs) {
				bufs[i] = it.artJSON
			} else {
				bufs = append(bufs, it.artJSON)
			}
		}
		if done {
			return nil
		}
	}
}

// skipBad hands a version that cannot be read to OnBadRecord and returns
// nil, so the export goes on; without OnBadRecord it returns err, which
// stops the export.
func (f *ExportFilter) skipBad(seq uint64, url string, err error) error {
	if f.OnBadRecord == nil {
		return err
	}
	f.OnBadRecord(seq, url, err)
	return nil
}

// Export calls fn for each selected version in seq order: each page's latest
// version (or every version with f.AllVersions). Memory stays flat: records
// are read in small chunks, each in its own short read transaction. fn's
// error stops the export and is returned.
func (a *Archive) Export(ctx context.Context, f ExportFilter, fn func(*Record) error) error {
	var scratch []byte
	return a.exportScan(ctx, f, func(items []exportItem) error {
		for _, it := range items {
			rec := &Record{}
			var into any = &rec.Article
			aj := it.artJSON
			if f.NoMarkdown {
				into = &articleNoMarkdown{Article: &rec.Article}
				if cut := cutMarkdown(scratch[:0], aj); cut != nil {
					scratch, aj = cut, cut
				}
			}
			if err := json.Unmarshal(aj, into); err != nil {
				err = fmt.Errorf("%w: article of %s version %d: %v", ErrCorrupt, it.vr.URL, it.n, err)
				if err := f.skipBad(it.vr.Seq, it.vr.URL, err); err != nil {
					return err
				}
				continue
			}
			fillRecord(rec, it.vr, it.n)
			rec.LastSeen, rec.Status, rec.Superseded = it.lastSeen, it.status, it.newer
			rec.MovedTo, rec.MovedFrom = it.movedTo, it.movedFrom
			if f.CopyLinks != nil {
				rec.CopyOf, rec.Copies = f.CopyLinks(it.vr.URL)
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// articleNoMarkdown decodes an article but its markdown, which
// encoding/json hands to skipJSON as raw bytes instead of unquoting it into
// a string (the shallower field wins over the embedded Article's).
type articleNoMarkdown struct {
	*extract.Article
	Markdown skipJSON `json:"markdown"`
}

// cutMarkdown appends to dst the article JSON aj without its "markdown"
// member, or returns nil if it does not find it. encoding/json validates and
// scans a member it skips (articleNoMarkdown) like any other: the markdown
// is as long as the text, and reading it was 40% of a rebuild's decoding.
// The member is the last `,"markdown":"` of aj: encoding/json writes it after
// the text, and what follows (numbers, lists of URLs) cannot hold those bytes
// unescaped. Where an older article lacks it, the last may be a member of
// an object within (a translation's language); cut, the JSON is as valid.
func cutMarkdown(dst, aj []byte) []byte {
	key := []byte(`,"markdown":"`)
	i := bytes.LastIndex(aj, key)
	if i < 0 {
		return nil
	}
	end := i + len(key)
	for {
		k := bytes.IndexByte(aj[end:], '"')
		if k < 0 {
			return nil
		}
		end += k
		escapes := 0
		for p := end - 1; aj[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			break
		}
		end++
	}
	return append(append(dst, aj[:i]...), aj[end+1:]...)
}

// skipJSON is a JSON value not decoded.
type skipJSON struct{}

func (skipJSON) UnmarshalJSON([]byte) error { return nil }

// JSONLExporter is implemented by readers that can write export lines
// directly (*Archive, *RemoteReader).
type JSONLExporter interface {
	ExportJSONL(ctx context.Context, f ExportFilter, w io.Writer) (n int, lastSeq uint64, err error)
}

// ExportJSONL writes what Export selects as JSON Lines, one Record per
// line, and returns how many and the last seq written. It splices the
// stored article JSON with the archive's fields instead of decoding and
// re-encoding each article (the same JSON as encoding the Record), which
// makes it several times faster.
func (a *Archive) ExportJSONL(ctx context.Context, f ExportFilter, w io.Writer) (n int, last uint64, err error) {
	var line []byte
	err = a.exportScan(ctx, f, func(items []exportItem) error {
		for _, it := range items {
			rt := RecordInfo{Version: it.n, Seq: it.vr.Seq, FirstSeen: it.vr.FirstSeen,
				LastSeen: it.lastSeen, FetchedAt: it.vr.FetchedAt, ContentHash: it.vr.Hash, Status: it.status,
				MovedTo: it.movedTo, MovedFrom: it.movedFrom}
			if f.CopyLinks != nil {
				rt.CopyOf, rt.Copies = f.CopyLinks(it.vr.URL)
			}
			tail, err := json.Marshal(rt)
			if err != nil {
				return err
			}
			aj := bytes.TrimSpace(it.artJSON)
			if len(aj) < 2 || aj[0] != '{' || aj[len(aj)-1] != '}' || !json.Valid(aj) {
				err := fmt.Errorf("%w: article of %s version %d is not a JSON object", ErrCorrupt, it.vr.URL, it.n)
				if err := f.skipBad(it.vr.Seq, it.vr.URL, err); err != nil {
					return err
				}
				continue
			}
			if bytes.Contains(aj, []byte("null")) {
				aj = schemaListsJSON(aj)
			}
			line = append(line[:0], aj[:len(aj)-1]...)
			if len(aj) > 2 {
				line = append(line, ',')
			}
			line = append(line, tail[1:]...)
			line = append(line, '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
			n++
			last = it.vr.Seq
		}
		return nil
	})
	return n, last, err
}

// schemaListsJSON is extract.Article.FillLists on a stored article's
// JSON, re-encoded only when a list was null (versions stored before the
// archive filled them).
func schemaListsJSON(aj []byte) []byte {
	var art extract.Article
	if json.Unmarshal(aj, &art) != nil || (art.Authors != nil && art.Topics != nil && art.Translations != nil) {
		return aj
	}
	art.FillLists()
	if b, err := json.Marshal(&art); err == nil {
		return b
	}
	return aj
}

// Stats summarises the archive.
func (a *Archive) Stats(ctx context.Context) (*Stats, error) {
	var s Stats
	err := a.view(func(tx *bolt.Tx) error {
		c := getCounters(tx)
		s = Stats{Pages: c.Pages, Versions: c.Versions, Gone: c.Gone, Failed: c.Failed,
			RawBytes: c.RawBytes, StoredBytes: c.StoredBytes, LastCrawl: c.LastFetch,
			LastSeq: tx.Bucket(bSeq).Sequence(), ID: a.id}
		s.Sites = tx.Bucket(bSites).Stats().KeyN
		if k, v := tx.Bucket(bRuns).Cursor().Last(); k != nil {
			if r, err := decodeRun(v); err == nil && r.Started.After(s.LastCrawl) {
				s.LastCrawl = r.Started
			}
		}
		return nil
	})
	return &s, err
}

// IsNotFound reports whether err means a missing page or version.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
