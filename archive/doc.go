// Package archive is archivist's memory: a versioned archive of articles in
// one bbolt file, so what a researcher cites months later is exactly what
// the page said then.
//
// # Basics
//
// Open a file with Open; record what the crawler fetched with Record (an
// article) or RecordFailure (a capture not worth keeping); read it back with
// Page, History, Version, At, Raw, CaptureOf, Export and Stats. Reading
// commands use OpenReader, which opens the file read-only or, when another
// process holds it, talks to that process's ReadServer on a Unix socket
// beside the file (SocketPath). KV gives the crawler an ordered key-value
// namespace (its frontier) in the same file; StartRun/FinishRun record crawl
// runs. Verify checks everything; Reextract re-runs the extractor over the
// stored raw pages.
//
// Model:
//
//   - A page is identified by NormalizeURL of its URL (scheme/host
//     lower-cased, default port, escapes as RFC 3986 6.2.2 writes them,
//     fragment, userinfo, session ids and tracking parameters dropped,
//     query sorted), or of its canonical URL when that is on the
//     same site. Every other URL it was reached by is an alias.
//   - Every fetch goes into the page's fetch log (time, status, final URL,
//     raw size, headers as a delta from the version's capture).
//   - A new version is stored only when the content hash changes: SHA-256
//     of the whitespace-normalised text, title, authors and published date.
//     Otherwise only last_seen moves. A page that comes back after a 404/410
//     always gets a new version.
//   - Each version keeps its raw page (zstd, de-duplicated by SHA-256 of
//     the bytes), its article (S2-compressed JSON, fast to read back) and
//     the extractor's version, and
//     gets the next sequence number (seq) — the key for incremental export.
//   - A rename links two pages: when a fetch of an archived page's URL
//     follows permanent redirects only (301/308) to another page of the
//     same site and gets its content, the old page records MovedTo (and
//     when), the new one MovedFrom. Versions stay with the page they were
//     fetched under; readers join the pages on the links (the CLI's
//     history, show and diff do). A temporary hop (302/303/307), another
//     site, or the old URL answering again later (the move is undone)
//     records no rename; a redirect to the page's own alias is none.
//     RecordMove records one from a redirect captured alone (a WARC's
//     301 record, as warcio's export writes one per rename).
//   - Reextract updates versions in place and gives a version whose article
//     changed a new seq, so `export --after-seq` and the search index see it.
//     A rename (or a move undone) gives the latest version of each page
//     whose links changed a new seq, for the same reason.
//
// # Guarantees
//
//   - Record, RecordFailure, KV writes and runs return only after their
//     transaction is committed and fsynced. Concurrent calls share commits
//     (group commit): each call is still atomic on its own — if one fails,
//     the others are retried without it — and none is reported before its
//     commit. So kill -9 at any moment loses nothing that was reported
//     stored, and leaves an archive that opens and verifies (tested by
//     TestCrashKill9).
//   - Seq numbers only grow. A version's raw page never changes.
//   - Rename links are kept in a bucket of their own (page id -> links),
//     written in the transaction of the fetch (or RecordMove) that finds
//     the rename, not in the page records: a binary older than renames,
//     which rewrites a page record with the fields it knows, never touches
//     them, so they survive its writes. Page records that carry them (an
//     archive written before the bucket) are read as they are; the first
//     writable open moves them, in its own transaction, and gives a page
//     the moved_from an older binary's write dropped from its record when
//     the page moved to it still says so. Verify checks the links both
//     ways. The meta bucket notes that the renames bucket was made, so a
//     bucket lost to damage (its name) is named by verify and salvage, and
//     a writable open refuses the file (ErrCorrupt) rather than start an
//     empty one.
//   - The file carries a schema version. Older files are migrated on a
//     writable Open; newer ones are refused with ErrNewerSchema; a file that
//     is not an archive gives ErrNotArchive. A read-only Open never creates
//     or changes a file.
//   - Export reads in small chunks, each in a short read transaction, and
//     never holds a transaction while calling back: memory stays flat and a
//     slow consumer does not stall the writer.
//   - Byte slices returned by the package (KV values, raw pages) belong to
//     the caller.
//   - Damage is an error, never a crash or a read that does not end. Open
//     refuses a cut file (ErrTruncated) before mapping it, and walks the
//     page trees with pread (a cycle or a reference out of the file is
//     ErrCorrupt) unless the file is exactly as a writer closed it or a
//     reader last walked it (an extended attribute of its size and time):
//     a healthy archive opens in constant time, a copied or crashed one pays
//     one walk (about a second per GB). Version and page records carry
//     CRC-32C checksums (schema 3), and so do fetch-log entries and run
//     records (after their fields, where readers from before ignore it),
//     so damage in a stored URL, date, status or article is named by
//     reads, Export's OnBadRecord and Verify. A file
//     whose trees are damaged is read past the damage by OpenRescued
//     (VerifyDamaged, Salvage). Salvage keeps every rename link it can
//     read, a page's whose record is unreadable included, and lists each
//     moved page in its target's moved_from, so what it writes verifies.
//
// # Caveats
//
//   - One process writes at a time (bbolt's file lock); others read through
//     that process's read server, so it must call ReadServer.Serve. Reads via
//     the socket cost an HTTP round trip each.
//   - A reader that opened a free file directly (OpenReader) holds a shared
//     lock until Close: a writer starting meanwhile waits for it (up to
//     Options.Timeout). Long exports should finish before a crawl starts.
//   - Sequential single-caller writes are bounded by fsync latency (one
//     commit per call); throughput comes from concurrent callers.
//   - Stored bytes are counted as compressed raw pages + compressed
//     articles + version metadata; the file itself also has bbolt's page
//     overhead and free pages.
//   - At picks the last version first seen at or before the time; fetches
//     recorded out of time order (imports) are versioned in recording order.
//   - Aliases: the first page a URL was recorded under keeps it.
//   - A URL a read-only archive cannot find costs a scan of the page
//     records, which tells a page never archived from one whose URL index
//     entry is damaged (ErrCorrupt); writers, which look up new URLs all
//     the time, skip it (CheckNotFound does it on request).
//   - Unix socket addresses are limited to ~107 bytes: for longer archive
//     paths the socket lives in the temp directory (see SocketPath).
//   - Version and page records written before schema 3, and fetch-log
//     entries and runs written before they had one, have no checksum:
//     they are read without the check; pages and runs get one when next
//     rewritten, fetch entries never are.
//   - Damage to key-value namespaces is detected only where it breaks
//     their encoding.
//   - A binary older than renames (before moved_to) reads and verifies an
//     archive with them, but does not know them: its history and show stop
//     at a renamed URL, and a move it sees undone (the old URL answering
//     again) stays recorded.
//   - Archivist of 2026-12-07/08 (renames in the page records, before the
//     renames bucket) reads an archive written since without its renames
//     (its writes keep them); renames it records are read from the page
//     records, beside the bucket's links of the page (its later move
//     winning), until the page is written again, which moves them; a move
//     it sees undone stays recorded.
package archive
