package archive

// This file is the contract other packages (crawler, search, warc, cmd) code
// against. Bodies marked "not implemented" are filled in by the archive work.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/archivist-org/archivist/extract"
)

var (
	// ErrNotFound: no such page or version.
	ErrNotFound = errors.New("archive: not found")
	// ErrLocked: another process holds the archive file for writing.
	ErrLocked = errors.New("archive: locked by another process")
	// ErrNewerSchema: the file was written by a newer archivist.
	ErrNewerSchema = errors.New("archive: written by a newer archivist")
	// ErrNotArchive: the file exists but is not an archivist archive.
	ErrNotArchive = errors.New("archive: not an archivist archive")
)

// Options for Open. nil means defaults.
type Options struct {
	// ReadOnly opens the file shared, for reading only.
	ReadOnly bool
	// Timeout waits this long for the file lock; 0 fails at once with ErrLocked.
	Timeout time.Duration
	// OnVersion, if set, is called after each new version is committed
	// (used to keep derived indexes up to date). It must not block for long.
	OnVersion func(Record)

	// noFreelistSync opens as archivist did before 2026-12: the free list
	// not written at commit, rebuilt from the whole file at a writable
	// open. Only for benchmarks that measure the trade-off.
	noFreelistSync bool
	// noSync skips fsync at commit: only for tests that write many
	// throwaway archives (the fuzz target's salvage copies).
	noSync bool
}

// Fetch is one HTTP fetch as the crawler (or an importer) saw it.
type Fetch struct {
	URL       string      // URL requested
	FinalURL  string      // after redirects; "" = URL
	Status    int         // HTTP status; 304 for a not-modified re-fetch
	Header    http.Header // response headers
	Body      []byte      // raw body, content-encoding already removed
	FetchedAt time.Time   // zero = now

	// Redirects are the hops that led from URL to FinalURL, in order
	// (none when the URL answered itself). A chain of permanent hops only
	// (301, 308) to a page of the same site records a rename: see
	// Page.MovedTo.
	Redirects []Redirect

	// Also, if set, is written in the same transaction as the fetch, so a
	// caller's own bookkeeping (the crawler's frontier) commits atomically
	// with the page it describes, and without a commit of its own.
	Also *KVBatch
}

// Redirect is one hop of a fetch's redirect chain: From answered Status
// (301, 302, 303, 307 or 308) pointing to the next hop or the final URL.
type Redirect struct {
	From   string
	Status int
}

// permanentRedirect: the hop says the resource has a new URL for good;
// 302, 303 and 307 are temporary (the old URL is still the one to ask).
func permanentRedirect(status int) bool {
	return status == http.StatusMovedPermanently || status == http.StatusPermanentRedirect
}

// Outcome of recording a fetch.
type Outcome string

const (
	OutcomeNew       Outcome = "new"       // first version of a new page
	OutcomeChanged   Outcome = "changed"   // new version of a known page
	OutcomeUnchanged Outcome = "unchanged" // same content; last_seen moved
	OutcomeGone      Outcome = "gone"      // 404/410 recorded
	OutcomeFailed    Outcome = "failed"    // failed capture recorded
)

// Result of recording a fetch.
type Result struct {
	URL     string // the page's normalised URL (its identity)
	Outcome Outcome
	Version int    // version number now current (0 if none)
	Seq     uint64 // sequence number of the new version (0 if none)
	// Renamed are the pages this fetch found moved to URL (see
	// Page.MovedTo), when it is the first to say so.
	Renamed []string
}

// Page is a page's current state.
type Page struct {
	URL       string    `json:"url"`
	Aliases   []string  `json:"aliases,omitempty"`
	Site      string    `json:"site"`
	Versions  int       `json:"versions"`
	FirstSeen time.Time `json:"first_seen"`
	// LastSeen is absent from the JSON of a page never captured whole
	// (its only fetches failed), not Go's "0001-01-01T00:00:00Z".
	LastSeen     time.Time `json:"last_seen,omitzero"`
	LastFetched  time.Time `json:"last_fetched"`
	GoneSince    time.Time `json:"gone_since,omitzero"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	// LastFailure is the reason of the most recent failed capture, if the
	// latest fetch failed.
	LastFailure string `json:"last_failure,omitempty"`
	// MovedTo is the page this one was renamed to: at MovedAt its URL
	// answered a permanent redirect (301/308, every hop) to MovedTo's URL
	// on the same site, where the article lives on. MovedFrom lists the
	// pages renamed to this one. Either is cleared only by the page
	// answering at its own URL again (MovedTo) — the links stay.
	MovedTo   string    `json:"moved_to,omitempty"`
	MovedAt   time.Time `json:"moved_at,omitzero"`
	MovedFrom []string  `json:"moved_from,omitempty"`
}

// VersionInfo summarises one version for history listings.
type VersionInfo struct {
	Version     int       `json:"version"`
	Seq         uint64    `json:"seq"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	FetchedAt   time.Time `json:"fetched_at"`
	WordCount   int       `json:"word_count"`
	ContentHash string    `json:"content_hash"`
	Summary     string    `json:"summary"` // one line: what changed from the previous version
}

// Record is one version with its article, as exported: the extractor's
// schema plus the archive's fields.
type Record struct {
	extract.Article
	RecordInfo
}

// RecordInfo is the archive's part of a Record: where the version stands in
// the page's history. Its fields are flattened into the Record's JSON.
type RecordInfo struct {
	Version     int       `json:"version"`
	Seq         uint64    `json:"seq"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	FetchedAt   time.Time `json:"fetched_at"`
	ContentHash string    `json:"content_hash"`
	Status      int       `json:"status"`
	// CopyOf / Copies link near-duplicates (filled by search's copy detection
	// when known).
	CopyOf string   `json:"copy_of,omitempty"`
	Copies []string `json:"copies,omitempty"`
	// MovedTo / MovedFrom are the page's rename links (see Page), on the
	// page's latest version only (a local archive's Export).
	MovedTo   string   `json:"moved_to,omitempty"`
	MovedFrom []string `json:"moved_from,omitempty"`
	// Superseded: a newer version of the page was in the archive when this
	// one was read. Set by a local archive's Export only (false otherwise,
	// which says nothing); not part of the JSON.
	Superseded bool `json:"-"`
}

// ExportFilter selects records for Export.
type ExportFilter struct {
	Since       time.Time // versions fetched at or after
	AfterSeq    uint64    // versions with seq > AfterSeq
	Site        string    // host, "" = all
	AllVersions bool      // every version, not only each page's latest
	// CopyLinks, if set, gives the copy_of / copies links of a page (from
	// the search index's near-duplicate groups) for exported records.
	// Honoured by a local archive only; a remote reader leaves them empty.
	CopyLinks func(pageURL string) (copyOf string, copies []string)
	// OnBadRecord, if set, is called for a version that cannot be read
	// (damaged data), which is then skipped: the export goes on. Unset,
	// such a version stops the export with its error. Honoured by a local
	// archive only.
	OnBadRecord func(seq uint64, url string, err error)
	// NoMarkdown leaves Record.Markdown empty: the stored JSON's markdown
	// (about as long as the text) is skipped, not decoded, for readers
	// that do not use it (search's indexing). Honoured by a local archive
	// only.
	NoMarkdown bool
	// NoDerivedFields leaves the source_url_from and republished of
	// articles stored by extractors before 0.2.0 as stored (empty): a
	// copy's are derived by extracting its stored page again, which costs
	// more than the rest of the read (search's indexing of corpus pages:
	// over half its CPU) for readers that do not use them. Honoured by a
	// local archive only.
	NoDerivedFields bool
}

// Run is one crawl run as recorded in the archive.
type Run struct {
	ID       uint64            `json:"id"`
	Source   string            `json:"source"`
	Started  time.Time         `json:"started"`
	Finished time.Time         `json:"finished,omitzero"`
	Counts   map[string]int    `json:"counts"`             // fetched, new, changed, unchanged, failed, errors...
	Failures map[string]string `json:"failures,omitempty"` // url -> reason (bounded)
	Status   string            `json:"status"`             // running, done, interrupted, failed
}

// Stats summarises the archive.
type Stats struct {
	Pages       int       `json:"pages"`
	Versions    int       `json:"versions"`
	Sites       int       `json:"sites"`
	Gone        int       `json:"gone"`
	Failed      int       `json:"failed"`
	RawBytes    int64     `json:"raw_bytes"`
	StoredBytes int64     `json:"stored_bytes"`
	LastCrawl   time.Time `json:"last_crawl,omitzero"`
	LastSeq     uint64    `json:"last_seq"`
	// ID is the archive's id (see Archive.ID): what derived data such as
	// the search index checks it was made from.
	ID string `json:"id,omitempty"`
}

// Reader is the read path shared by a local open archive and the Unix-socket
// client used when another process holds the file (see Dial / OpenReader).
type Reader interface {
	Page(ctx context.Context, url string) (*Page, error)
	History(ctx context.Context, url string) ([]VersionInfo, error)
	// Version returns version n (0 = latest) of the page.
	Version(ctx context.Context, url string, n int) (*Record, error)
	// At returns the version current at time t.
	At(ctx context.Context, url string, t time.Time) (*Record, error)
	// Raw returns the stored raw HTML of version n (0 = latest).
	Raw(ctx context.Context, url string, n int) ([]byte, error)
	Export(ctx context.Context, f ExportFilter, fn func(*Record) error) error
	Stats(ctx context.Context) (*Stats, error)
	Runs(ctx context.Context, limit int) ([]Run, error)
	Close() error
}

// Capture is a stored fetch with its raw payload, for replay and WARC export.
type Capture struct {
	URL       string      `json:"url"`       // page URL (normalised)
	FinalURL  string      `json:"final_url"` // URL the body was served from
	Status    int         `json:"status"`
	Header    http.Header `json:"header"`
	Body      []byte      `json:"-"`
	FetchedAt time.Time   `json:"fetched_at"`
	Version   int         `json:"version"`
	Seq       uint64      `json:"seq"`
}

// SocketPath is where the read server for the archive at dbPath listens:
// dbPath + ".sock", or, when that is too long for a Unix socket address, a
// name in the temp directory derived from the absolute path. A dbPath
// that is a symbolic link is followed, so a process given the link and one
// given the file agree on the socket.
func SocketPath(dbPath string) string {
	if real, err := filepath.EvalSymlinks(dbPath); err == nil {
		dbPath = real
	}
	p := dbPath + ".sock"
	if len(p) <= maxSocketPath {
		return p
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(privateSocketDir(), hex.EncodeToString(h[:8])+".sock")
}

// privateSocketDir is where sockets too long for their archive's folder
// go: a folder of the user's own under the temp dir, so no other user can
// put a listener at the path first.
func privateSocketDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("archivist-%d", os.Getuid()))
}

// maxSocketPath keeps under the 108-byte sun_path limit.
const maxSocketPath = 100
