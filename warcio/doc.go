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
package warcio
