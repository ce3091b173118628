// Package warcio reads and writes WARC (ISO 28500) files for archivist, on
// top of github.com/nlnwa/gowarc/v3: the importer reads HTTP response and
// revisit records from other tools' WARCs (wget, Heritrix, Browsertrix,
// Common Crawl), the exporter and `crawl --warc` write them.
//
// # Basics
//
// Reading: NewReader(r) over a .warc or .warc.gz stream (gzip per record or
// not, detected per record); Next returns one *Entry per WARC record. An
// HTTP response entry carries the status, headers and the payload with
// transfer and content encoding removed (chunked, gzip, deflate), ready for
// extraction. A record that cannot be parsed yields a *RecordError; the
// reader then resynchronises on the next record, so one broken record never
// hides the rest of the file.
//
// Writing: NewWriter(w, opts) writes a warcinfo record and then response
// (WriteResponse) or request+response pairs (WriteFetch), each record in its
// own gzip member by default, with WARC-Block-Digest and WARC-Payload-Digest
// (sha1, base32) so replay tools (pywb, ReplayWeb.page) and validators
// accept them. A Writer is safe for concurrent use.
//
// Importing: Import(ctx, archive, inputs, opts) reads WARCs and records
// their HTML pages through extraction (PDFs through extract/pdf, as
// documents), with WARC-Date as fetch time. A
// reader goroutine parses records in order, Workers goroutines extract, and
// a writer restores input order and records batches of captures of
// distinct pages concurrently (the archive shares their commits) while the
// next batch fills. Revisits become unchanged re-fetches (same URL) or are
// recorded with the payload the archive holds (other URL); redirects link
// the target to its source URL; a capture already stored (same page, same
// fetch time) is counted unchanged without a write, which makes import ->
// export -> import a no-op.
//
// Exporting: Export(ctx, reader, filter, w, opts) writes a warcinfo record
// and a response record per selected version (the stored payload, original
// headers, fetch time), used by `archivist export --format warc`.
//
// Crawling: `crawl --warc FILE.warc.gz` opens Create(path, nil) once and
// calls WriteArchiveFetch(fetch, requestHeader) for each fetch (request and
// response records), or WriteFetch(req, resp, body) from net/http values;
// Close at the end.
//
// # Caveats
//
//   - Payloads are held in memory, one record at a time (Options.MaxPayload
//     bounds what is read; larger records are reported and skipped).
//   - Written response records carry the payload as archivist stores it:
//     already decoded. Content-Encoding and Transfer-Encoding are therefore
//     dropped from the written HTTP headers and Content-Length is set to the
//     payload's length, so the record is self-consistent for replay; the
//     wire encoding is not preserved.
//   - Brotli (Content-Encoding: br) and other unknown encodings are not
//     decoded: such entries are returned with ErrUnsupportedEncoding.
//   - Segmented records (WARC-Segment-Number) are not reassembled.
//   - A whole-file gzip (one member holding many records) is read, but a
//     broken record inside it loses the rest of that member, and its
//     records all report the member's offset.
//   - Import records captures in file order; a WARC older than what the
//     archive holds for a page adds versions after the newer ones.
//   - The archive keeps a page's URLs normalised and does not keep the URL
//     a capture was served from when the page is known by its canonical
//     URL; Export then writes the canonical URL as WARC-Target-URI (and
//     WARC-X-Archivist-Page-URL when it differs from the served URL).
package warcio
