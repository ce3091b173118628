package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"net/http"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/archivist-org/archivist/extract"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// ErrCorrupt: stored data failed a consistency check.
var ErrCorrupt = errors.New("archive: corrupt data")

// Raw pages are stored as zstd frames at SpeedFastest: on HTML that is
// within a point of SpeedDefault (about 21% vs 20% of raw on the corpora)
// at three times the speed. Tried for them, in BenchmarkIngest beside it:
// S2 EncodeBetter (about 5% more versions/s, 25% of raw), S2 (about 25%
// more, but 28% of raw puts a version over 30% with its article), and
// libzstd level 1 through cgo (13% more, same size; not worth needing a C
// toolchain).
//
// Articles, read far more often than raw pages (export, show, search sync),
// are S2: about 1.5x zstd's size on article JSON but several times faster
// to decompress. S2's default level, not EncodeBetter: 6% less ingest CPU
// for 0.3 points more storage.
//
// Readers tell the two apart by zstd's frame magic, which S2's output cannot
// start with (its first element is a literal, whose tag byte has its low two
// bits clear; 0xb5 does not), so either may be stored in either place.
func compress(b []byte) []byte {
	return zstdEncoder().EncodeAll(b, make([]byte, 0, len(b)/4+64))
}

func compressArticle(b []byte) []byte { return s2.Encode(nil, b) }

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// decompress reads a stored raw page or article, S2 or zstd.
func decompress(b []byte) ([]byte, error) {
	return decompressInto(nil, b)
}

// decompressInto is decompress into dst's memory when it is big enough.
func decompressInto(dst, b []byte) ([]byte, error) {
	var out []byte
	var err error
	if bytes.HasPrefix(b, zstdMagic) {
		out, err = zstdDecoder().DecodeAll(b, dst[:0])
	} else {
		out, err = s2.Decode(dst[:cap(dst)], b)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return out, nil
}

// One shared encoder and decoder: EncodeAll and DecodeAll are safe for
// concurrent use and keep per-goroutine state in pools.
var zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
	// A 1 MB window, not the default 8 MB: each of the GOMAXPROCS encoders
	// keeps a window-sized history for good (24 MB on 2 cores, 512 MB on
	// 64), and pages rarely reach 1 MB (ratio within 0.1 point on the
	// corpora).
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderCRC(true), zstd.WithWindowSize(1<<20))
	if err != nil {
		panic(err) // only on invalid options
	}
	return e
})

var zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
	d, err := zstd.NewReader(nil, zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		panic(err) // only on invalid options
	}
	return d
})

// pageRec is a page's stored state.
type pageRec struct {
	ID           uint64    `json:"id"`
	URL          string    `json:"url"`
	Site         string    `json:"site"`
	Aliases      []string  `json:"aliases,omitempty"`
	Versions     int       `json:"versions"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen,omitzero"`
	LastFetched  time.Time `json:"last_fetched"`
	GoneSince    time.Time `json:"gone_since,omitzero"`
	GoneStatus   int       `json:"gone_status,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastFailure  string    `json:"last_failure,omitempty"`
	Fetches      uint32    `json:"fetches"`
	Hash         string    `json:"hash,omitempty"` // content hash of the latest version
	HeadSeq      uint64    `json:"head_seq,omitempty"`
	// renameLinks are stored in bRenames, not in the record (putPage
	// leaves them out); a record written before that carries them.
	renameLinks
}

// maxAliases bounds the aliases kept in a page record (the urls index keeps all).
const maxAliases = 64

func (p *pageRec) page() *Page {
	return &Page{
		URL: p.URL, Aliases: append([]string(nil), p.Aliases...), Site: p.Site, Versions: p.Versions,
		FirstSeen: p.FirstSeen, LastSeen: p.LastSeen, LastFetched: p.LastFetched, GoneSince: p.GoneSince,
		ETag: p.ETag, LastModified: p.LastModified, LastFailure: p.LastFailure,
		MovedTo: p.MovedTo, MovedAt: p.MovedAt, MovedFrom: append([]string(nil), p.MovedFrom...),
	}
}

// versionRec is one version's metadata; its article lives in bVArticle and
// its raw page in bBlobs under Blob.
type versionRec struct {
	Seq       uint64    `json:"seq"`
	URL       string    `json:"url"`
	Site      string    `json:"site"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen,omitzero"` // set once superseded; else the page's
	FetchedAt time.Time `json:"fetched_at"`
	Status    int       `json:"status"`
	FinalURL  string    `json:"final_url,omitempty"`
	// Header is the capture's http.Header as JSON, decoded only when
	// needed (header()): export and history never pay for it.
	Header    json.RawMessage `json:"header,omitempty"`
	RawSize   int             `json:"raw_size"`
	Blob      string          `json:"blob"` // hex sha256 of the raw page
	Hash      string          `json:"hash"` // content fingerprint
	Words     int             `json:"words"`
	Title     string          `json:"title,omitempty"`
	Authors   []string        `json:"authors,omitempty"`
	Published string          `json:"published,omitempty"`
	Summary   string          `json:"summary"`
	Extractor string          `json:"extractor"`
	Stored    int             `json:"stored"` // bytes this version added: blob (if new) + article

	// ReqURL is the requested URL when it is not the page's URL (a page
	// known by its canonical URL): where the body was served from, for
	// CaptureOf and WARC export.
	ReqURL string `json:"req_url,omitempty"`
	// ArtSum is the CRC-32C of the stored (compressed) article; 0 in
	// records written before it was kept.
	ArtSum uint32 `json:"art_sum,omitempty"`
}

// fetchedURL is the URL the stored page was served from.
func (vr *versionRec) fetchedURL() string {
	if vr.FinalURL != "" {
		return vr.FinalURL
	}
	return vr.URL
}

// header decodes the capture's headers (nil if none or unreadable).
func (vr *versionRec) header() http.Header {
	if len(vr.Header) == 0 {
		return nil
	}
	var h http.Header
	if json.Unmarshal(vr.Header, &h) != nil {
		return nil
	}
	return h
}

func encodeHeader(h http.Header) json.RawMessage {
	if len(h) == 0 {
		return nil
	}
	b, err := json.Marshal(h)
	if err != nil {
		return nil
	}
	return b
}

// contentHash fingerprints what a reader would notice: normalised text,
// title, authors and publication date. Markup and boilerplate do not count.
func contentHash(a *extract.Article) string {
	h := sha256.New()
	buf := make([]byte, 0, 4096)
	field := func(tag byte, s string) {
		buf = append(buf, tag)
		buf = appendFields(buf, s, h)
		buf = append(buf, 0)
	}
	field('t', a.Title)
	for _, au := range a.Authors {
		field('a', au)
	}
	field('p', a.Published)
	field('x', a.Text)
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// appendFields appends s with runs of white space collapsed to one space
// and trimmed (strings.Join(strings.Fields(s), " ") without allocating),
// flushing buf into h as it fills. It is on the path of every re-fetch, so
// runs of words with single spaces between them are copied whole and only the
// few lead bytes of Unicode spaces are decoded.
func appendFields(buf []byte, s string, h hash.Hash) []byte {
	space, started := false, false
	for i := 0; i < len(s); {
		j := i + 1
		if maySpace[s[i]] {
			n := 1
			isSpace := s[i] < utf8.RuneSelf
			if !isSpace {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				isSpace = unicode.IsSpace(r)
			}
			if isSpace {
				space = started
				i += n
				continue
			}
			j = i + n
		}
		for j < len(s) { // through words and the single spaces between them
			if !maySpace[s[j]] {
				j++
			} else if s[j] == ' ' && j+1 < len(s) && !maySpace[s[j+1]] {
				j += 2
			} else {
				break
			}
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		started = true
		buf = append(buf, s[i:j]...)
		i = j
		if len(buf) >= 4000 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	return buf
}

// maySpace marks the bytes that can start a white-space character: ASCII
// spaces, and the UTF-8 lead bytes of U+0085, U+00A0 (0xC2), U+1680 (0xE1),
// U+2000–U+205F (0xE2) and U+3000 (0xE3).
var maySpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true, 0xc2: true, 0xe1: true, 0xe2: true, 0xe3: true}

func blobHash(raw []byte) string {
	s := sha256.Sum256(raw)
	return hex.EncodeToString(s[:])
}

// Fetch log entries: a compact binary record, so an unchanged re-fetch adds
// only a few dozen bytes. Headers are stored as the difference from the
// current version's captured headers (Date is the fetch time, so omitted).
type fetchEntry struct {
	At       time.Time
	Status   int
	RawSize  int
	Outcome  Outcome
	FinalURL string
	Header   http.Header // delta; nil if none
	Reason   string
}

var outcomeCodes = []Outcome{"", OutcomeNew, OutcomeChanged, OutcomeUnchanged, OutcomeGone, OutcomeFailed}

func outcomeCode(o Outcome) uint64 {
	for i, c := range outcomeCodes {
		if c == o {
			return uint64(i)
		}
	}
	return 0
}

func (e *fetchEntry) encode() []byte {
	b := make([]byte, 0, 32)
	b = binary.AppendUvarint(b, uint64(e.At.UnixNano()))
	b = binary.AppendUvarint(b, uint64(e.Status))
	b = binary.AppendUvarint(b, uint64(e.RawSize))
	b = binary.AppendUvarint(b, outcomeCode(e.Outcome))
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	str(e.FinalURL)
	str(e.Reason)
	if len(e.Header) > 0 {
		hj, _ := json.Marshal(e.Header)
		str(string(hj))
	} else {
		str("")
	}
	b = append(b, fetchSumMark)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b[:len(b)-1], crcTable))
}

// A fetch entry ends with fetchSumMark and the CRC-32C of the fields
// before it, so damage inside a time, status or URL is detected. An entry
// that ends right after its fields (written before) is read without the
// check; readers from before ignore what follows the fields.
const fetchSumMark = 0xc5

func decodeFetch(b []byte) (*fetchEntry, error) {
	var e fetchEntry
	whole := b
	bad := fmt.Errorf("%w: fetch entry", ErrCorrupt)
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	str := func() (string, bool) {
		n, ok := next()
		if !ok || n > uint64(len(b)) {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	var ok bool
	var v uint64
	if v, ok = next(); !ok {
		return nil, bad
	}
	e.At = time.Unix(0, int64(v)).UTC()
	if v, ok = next(); !ok {
		return nil, bad
	}
	e.Status = int(v)
	if v, ok = next(); !ok {
		return nil, bad
	}
	e.RawSize = int(v)
	if v, ok = next(); !ok || v >= uint64(len(outcomeCodes)) {
		return nil, bad
	}
	e.Outcome = outcomeCodes[v]
	if e.FinalURL, ok = str(); !ok {
		return nil, bad
	}
	if e.Reason, ok = str(); !ok {
		return nil, bad
	}
	hj, ok := str()
	if !ok {
		return nil, bad
	}
	if hj != "" {
		if err := json.Unmarshal([]byte(hj), &e.Header); err != nil {
			return nil, bad
		}
	}
	switch {
	case len(b) == 0: // no checksum: written before there was one
	case len(b) == 5 && b[0] == fetchSumMark:
		if crc32.Checksum(whole[:len(whole)-5], crcTable) != binary.BigEndian.Uint32(b[1:]) {
			return nil, fmt.Errorf("%w: fetch entry does not match its checksum (its time, status or URL are damaged)", ErrCorrupt)
		}
	default:
		return nil, bad
	}
	return &e, nil
}

// headerDelta returns the headers of h that differ from base, ignoring Date.
func headerDelta(h, base http.Header) http.Header {
	var d http.Header
	for k, vs := range h {
		if k == "Date" {
			continue
		}
		if bv, ok := base[k]; ok && equalStrings(bv, vs) {
			continue
		}
		if d == nil {
			d = http.Header{}
		}
		d[k] = vs
	}
	return d
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// counters are kept up to date in every write so Stats is O(1).
type counters struct {
	Pages       int       `json:"pages"`
	Versions    int       `json:"versions"`
	Gone        int       `json:"gone"`
	Failed      int       `json:"failed"`
	RawBytes    int64     `json:"raw_bytes"`
	StoredBytes int64     `json:"stored_bytes"` // compressed pages + articles + version metadata
	LastFetch   time.Time `json:"last_fetch,omitzero"`
}
