package warcio

import (
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	gowarc "github.com/nlnwa/gowarc/v3"
)

var (
	// ErrUnsupportedEncoding: the HTTP payload uses a Content-Encoding this
	// package cannot decode (e.g. br); the entry is returned without Body.
	ErrUnsupportedEncoding = errors.New("warcio: unsupported content encoding")
	// ErrBadHTTP: the record's block is not a parsable HTTP message.
	ErrBadHTTP = errors.New("warcio: bad HTTP message in record")
)

// RecordError reports one record that could not be read. The reader has
// skipped it; calling Next again continues with the following record.
type RecordError struct {
	Offset int64 // byte offset in the (possibly compressed) input
	// InMember > 0: the record starts this many decompressed bytes into
	// the gzip member at Offset, which holds many records (a whole-file
	// gzip, where every record's Offset is the same).
	InMember int64
	URL      string
	Err      error

	keepGoing bool
	// overrun: the record's Content-Length ran past the end of its input.
	overrun bool
}

func (e *RecordError) Error() string {
	at := fmt.Sprintf("warc record at offset %d", e.Offset)
	if e.InMember > 0 {
		at += fmt.Sprintf(", %d bytes into its gzip member once decompressed", e.InMember)
	}
	if e.URL != "" {
		return fmt.Sprintf("%s (%s): %v", at, e.URL, e.Err)
	}
	return fmt.Sprintf("%s: %v", at, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Record types as in WARC-Type.
const (
	TypeWarcinfo = "warcinfo"
	TypeResponse = "response"
	TypeRequest  = "request"
	TypeRevisit  = "revisit"
	TypeResource = "resource"
	TypeMetadata = "metadata"
)

// Revisit profiles (WARC 1.0 and 1.1 spellings are both recognised).
const (
	ProfileIdenticalPayload  = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	ProfileServerNotModified = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// Entry is one WARC record as the importer needs it.
type Entry struct {
	Type     string    // WARC-Type
	RecordID string    // WARC-Record-ID
	URL      string    // WARC-Target-URI ("" for warcinfo)
	Date     time.Time // WARC-Date (capture time)
	Offset   int64     // byte offset of the record in the input

	// Header holds the WARC header fields (e.g. WARC-Payload-Digest).
	Header http.Header

	// HTTP holds the parsed HTTP message for response and revisit records
	// whose block is HTTP (Content-Type application/http); false otherwise.
	HTTP       bool
	Status     int
	HTTPHeader http.Header
	// Body is the HTTP payload with transfer and content encoding removed.
	// For a revisit record it is usually empty.
	Body []byte

	// For revisit records: the profile and the record revisited.
	Profile      string
	RefersToURL  string
	RefersToDate time.Time
	RefersToID   string

	// TooLarge: the payload exceeds ReaderOptions.MaxPayload; Body is nil
	// (headers are still parsed).
	TooLarge bool

	// Warnings are non-fatal findings (bad digest, missing CRLF...).
	Warnings []error
}

// IsRevisitNotModified reports whether e is a revisit that says the server
// answered "not modified" (the page did not change).
func (e *Entry) IsRevisitNotModified() bool {
	return e.Type == TypeRevisit && strings.HasSuffix(e.Profile, "/revisit/server-not-modified")
}

// ReaderOptions tune a Reader. nil means defaults.
type ReaderOptions struct {
	// MaxPayload: records whose block is larger come without Body and with
	// Entry.TooLarge set. 0 means 64 MiB.
	MaxPayload int64
}

// Reader reads WARC records one at a time.
type Reader struct {
	u       gowarc.Unmarshaler
	cr      *countingReader
	br      *bufio.Reader
	gz      *gzip.Reader
	gzn     *byteCounter // counts what gz decompressed, for gzbuf
	gzbuf   *bufio.Reader
	maxSize int64
	done    bool
	seeker  io.Seeker // set when the input can rewind (files)
	// inMember: the current gzip member holds more records (whole-file
	// gzip); memberStart is its offset, reported for its records.
	inMember    bool
	memberStart int64
	// recStart is where the current record starts in the decompressed
	// bytes of its gzip member.
	recStart int64
	base     int64 // seeker position at offset 0
	// resync is set after a broken record: bytes are skipped silently until
	// the next record starts, so one damaged record gives one error.
	resync bool
	recbuf *bufio.Reader // one record, as handed to the parser
}

// NewReader reads WARC records from r (.warc or .warc.gz, any mix of
// compressed and uncompressed records).
func NewReader(r io.Reader, opts *ReaderOptions) *Reader {
	max := int64(64 << 20)
	if opts != nil && opts.MaxPayload > 0 {
		max = opts.MaxPayload
	}
	cr := &countingReader{r: r}
	gowarcOptions.Lock() // see gowarcOptions
	defer gowarcOptions.Unlock()
	rd := &Reader{
		u: gowarc.NewUnmarshaler(
			// Lenient: other producers' small deviations are warnings, the
			// importer still wants their pages. (Warn, not Ignore: only then
			// does gowarc keep the block for us to read.)
			gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
			gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
			gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
			gowarc.WithSkipParseBlock(),
			// Most pages fit; bigger blocks spill to a temp file.
			gowarc.WithBufferMaxMemBytes(8<<20),
		),
		cr:      cr,
		br:      bufio.NewReaderSize(cr, 1<<20),
		gzn:     &byteCounter{},
		gzbuf:   bufio.NewReaderSize(nil, 64<<10),
		maxSize: max,
	}
	if sk, ok := r.(io.Seeker); ok {
		if pos, err := sk.Seek(0, io.SeekCurrent); err == nil {
			rd.seeker, rd.base = sk, pos
		}
	}
	return rd
}

var (
	warcMagic = []byte("WARC/")
	gzipMagic = []byte{0x1f, 0x8b, 0x08}
)

// Next returns the next record. At the end it returns io.EOF. A record that
// cannot be read gives a *RecordError and the reader moves on to the next
// record; any other error is fatal (the input itself failed).
func (r *Reader) Next() (*Entry, error) {
	for !r.done {
		if r.inMember {
			if e, ok, err := r.nextInMember(); ok {
				return r.settle(r.memberStart, e, err)
			}
		}
		start := r.pos()
		head, err := r.br.Peek(5)
		if len(head) > 0 && isBlank(head[0]) {
			// Extra line ends between records (or at the end) are common.
			r.br.Discard(1)
			continue
		}
		if len(head) == 0 || (err != nil && len(head) < 3) {
			r.done = true
			var rerr readError
			if errors.As(err, &rerr) {
				return nil, rerr.err
			}
			if r.resync || len(head) == 0 {
				return nil, io.EOF
			}
			return nil, &RecordError{Offset: start, Err: errors.New("trailing bytes after last record")}
		}
		switch {
		case bytes.HasPrefix(head, gzipMagic):
			e, err := r.nextGzip(start)
			if err != nil && r.resync {
				// A false gzip magic inside skipped data: keep scanning.
				r.rewind(start + 1)
				continue
			}
			return r.settle(start, e, err)
		case bytes.HasPrefix(head, warcMagic):
			e, err := r.nextPlain(r.br, start)
			if err != nil && r.resync {
				r.rewind(start + 1)
				continue
			}
			return r.settle(start, e, err)
		default:
			if !r.resync {
				r.resync = true
				err := &RecordError{Offset: start, Err: errors.New("no WARC record here; skipping to the next one")}
				r.br.Discard(1)
				return nil, err
			}
			r.skipToCandidate()
		}
	}
	return nil, io.EOF
}

// skipToCandidate skips at least one byte, then every buffered byte that
// cannot start a record ('W' of "WARC/", or gzip's first byte): resyncing
// past a long stretch of garbage costs a scan, not a loop per byte.
func (r *Reader) skipToCandidate() {
	r.br.Discard(1)
	buf, _ := r.br.Peek(r.br.Buffered())
	i := bytes.IndexAny(buf, "W\x1f\r\n\t ")
	if i < 0 {
		i = len(buf)
	}
	r.br.Discard(i)
}

// rewind moves back to offset when the input can seek, else it makes sure
// the reader is past it (so scanning always moves forward).
func (r *Reader) rewind(offset int64) {
	if p := r.pos(); p <= offset {
		// Not past it yet: no seek, which would refill the 1 MiB buffer.
		r.br.Discard(int(offset - p))
		return
	}
	if r.seeker != nil {
		if _, err := r.seeker.Seek(r.base+offset, io.SeekStart); err == nil {
			r.cr.n = offset
			r.br.Reset(r.cr)
			return
		}
	}
	if p := r.pos(); p < offset {
		r.br.Discard(int(offset - p))
	}
}

func isBlank(b byte) bool { return b == '\r' || b == '\n' || b == ' ' || b == '\t' }

// settle maps a record's outcome: broken records switch to resync mode.
func (r *Reader) settle(start int64, e *Entry, err error) (*Entry, error) {
	var rerr readError
	if errors.As(err, &rerr) {
		r.done = true
		return nil, rerr.err
	}
	var re *RecordError
	if errors.As(err, &re) {
		if !re.keepGoing {
			// Framing broke: the parser may have read into the following
			// records. Rewind just past this record's start when we can.
			r.resync = true
			r.rewind(start + 1)
		}
		return e, err
	}
	r.resync = false
	return e, err
}

// nextGzip reads one gzip member holding one record.
func (r *Reader) nextGzip(start int64) (*Entry, error) {
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.br)
	} else {
		err = r.gz.Reset(r.br)
	}
	if err != nil {
		if r.pos() == start {
			r.br.Discard(1)
		}
		return nil, &RecordError{Offset: start, Err: fmt.Errorf("gzip: %w", err)}
	}
	r.gz.Multistream(false)
	r.gzn.r, r.gzn.n = r.gz, 0
	r.gzbuf.Reset(r.gzn)
	r.recStart = 0
	e, err := r.nextPlain(r.gzbuf, start)
	var re *RecordError
	if err == nil || (errors.As(err, &re) && re.keepGoing) {
		// Normally the member ends here (its CRC is checked on the way);
		// a whole-file gzip holds more records: read them on.
		more, merr := memberHasMore(r.gzbuf)
		switch {
		case merr != nil:
			url := ""
			if e != nil {
				url = e.URL
			}
			return nil, &RecordError{Offset: start, URL: url, Err: fmt.Errorf("gzip: %w", merr)}
		case more:
			r.inMember, r.memberStart = true, start
		}
		return e, err
	}
	// The record broke inside the member: framing is lost. A whole-file
	// gzip may hold more records after it: skip to the next line that
	// starts one and read on from there.
	if errors.As(err, &re) {
		if r.resyncMember(re, start) {
			re.keepGoing = true
			r.inMember, r.memberStart = true, start
			return nil, err
		}
		re.keepGoing = false
	}
	io.Copy(io.Discard, r.gzbuf)
	if r.pos() == start {
		r.br.Discard(1)
	}
	return nil, err
}

// memberHasMore skips the blank lines after a record and reports whether
// the gzip member holds another record.
func memberHasMore(br *bufio.Reader) (bool, error) {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return true, nil
		}
		br.Discard(1)
	}
}

// nextInMember reads the next record of a multi-record gzip member.
func (r *Reader) nextInMember() (e *Entry, ok bool, err error) {
	more, err := memberHasMore(r.gzbuf)
	if err != nil {
		r.inMember = false
		return nil, true, &RecordError{Offset: r.memberStart, Err: fmt.Errorf("gzip: %w", err)}
	}
	if !more {
		r.inMember = false
		return nil, false, nil
	}
	r.recStart = r.gzn.n - int64(r.gzbuf.Buffered())
	e, err = r.nextPlain(r.gzbuf, r.memberStart)
	var re *RecordError
	if errors.As(err, &re) {
		re.InMember = r.recStart
	}
	if err != nil && errors.As(err, &re) && !re.keepGoing && r.resyncMember(re, r.memberStart) {
		re.keepGoing = true // as in nextGzip: read on after it
	}
	if err != nil && !(errors.As(err, &re) && re.keepGoing) {
		r.inMember = false
	}
	return e, true, err
}

// resyncMember moves the gzip member starting at offset member past the
// record that broke with re, to the next line that starts a record, and
// reports whether it found one. A record whose Content-Length ran past the
// member's end swallowed every record after it: the member is decompressed
// again from its start (when the input can seek) up to just past the
// broken record's first byte, and the search starts from there.
func (r *Reader) resyncMember(re *RecordError, member int64) bool {
	if re.overrun {
		skip := r.recStart + 1
		if r.seeker == nil {
			return false
		}
		r.rewind(member)
		if r.pos() != member || r.gz.Reset(r.br) != nil {
			return false
		}
		r.gz.Multistream(false)
		r.gzn.r, r.gzn.n = r.gz, 0
		r.gzbuf.Reset(r.gzn)
		if _, err := io.CopyN(io.Discard, r.gzbuf, skip); err != nil {
			return false
		}
	}
	found, err := resyncMember(r.gzbuf)
	return err == nil && found
}

// resyncMember skips decompressed bytes of a gzip member up to the next
// line that starts a WARC record ("WARC/" after a line end), with memory
// bounded by br's buffer, and reports whether it found one.
func resyncMember(br *bufio.Reader) (bool, error) {
	pat := []byte("\nWARC/")
	for {
		buf, err := br.Peek(br.Size())
		if i := bytes.Index(buf, pat); i >= 0 {
			br.Discard(i + 1)
			return true, nil
		}
		if err != nil {
			if err == io.EOF || err == bufio.ErrBufferFull {
				if len(buf) < len(pat) || err == io.EOF {
					return false, nil
				}
			} else {
				return false, err
			}
		}
		// Keep a pattern's length but one: it may straddle the chunks.
		br.Discard(len(buf) - (len(pat) - 1))
	}
}

// nextPlain parses one uncompressed record from br.
func (r *Reader) nextPlain(br *bufio.Reader, start int64) (*Entry, error) {
	hdr, err := readHeader(br)
	if err != nil {
		var rerr readError
		if errors.As(err, &rerr) {
			return nil, rerr
		}
		uri, _ := headerURIs(hdr)
		// Cut short by the next record, whose first line is not read:
		// framing holds, the reader goes on from there.
		return nil, &RecordError{Offset: start, URL: uri, Err: err, keepGoing: errors.Is(err, errHeaderNoBlank)}
	}
	rawURI, rawRefURI := headerURIs(hdr)
	cl := contentLength(hdr)
	if cl < 0 {
		// Without it the record's end is unknown: framing is lost.
		return nil, &RecordError{Offset: start, URL: rawURI, Err: errors.New("no valid Content-Length in the WARC header")}
	}
	blk := &blockReader{br: br, left: cl}
	in := io.MultiReader(bytes.NewReader(hdr), blk)
	if r.recbuf == nil {
		r.recbuf = bufio.NewReaderSize(in, 64<<10)
	} else {
		r.recbuf.Reset(in)
	}
	e, err := r.parsePlain(r.recbuf, start, rawURI, rawRefURI)
	// Whatever the parser left of the block (records it does not read),
	// then the check that the block was all there.
	if _, derr := io.Copy(io.Discard, blk); derr != nil {
		var rerr readError
		if errors.As(derr, &rerr) {
			return nil, rerr
		}
	}
	if blk.got < cl {
		url := rawURI
		if e != nil && e.URL != "" {
			url = e.URL
		}
		return nil, &RecordError{Offset: start, URL: url, overrun: true,
			Err: fmt.Errorf("its Content-Length %d runs past the end of the input (%d bytes left)", cl, blk.got)}
	}
	if blk.trailer == 0 && blk.nested {
		// No line end after the block, and a record starts inside it:
		// the Content-Length took in the records after this one.
		url := rawURI
		if e != nil && e.URL != "" {
			url = e.URL
		}
		return nil, &RecordError{Offset: start, URL: url, overrun: true,
			Err: fmt.Errorf("its Content-Length %d runs past the end of the record, into the next one", cl)}
	}
	return e, err
}

// parsePlain parses one record (header and block) from br.
func (r *Reader) parsePlain(br *bufio.Reader, start int64, rawURI, rawRefURI string) (*Entry, error) {
	rec, _, validation, err := r.u.Unmarshal(br)
	if err != nil {
		if rec != nil {
			rec.Close()
		}
		var rerr readError
		if errors.As(err, &rerr) {
			return nil, rerr
		}
		return nil, &RecordError{Offset: start, URL: rawURI, Err: err}
	}
	defer rec.Close()
	e, err := r.entry(rec, start)
	if e.URL == "" {
		e.URL = rawURI
	}
	if e.RefersToURL == "" && e.Type == TypeRevisit {
		e.RefersToURL = rawRefURI
	}
	if err != nil {
		return e, &RecordError{Offset: start, URL: e.URL, Err: err, keepGoing: true}
	}
	e.Warnings = validation
	return e, nil
}

// headerURIs reads the target URIs from the record header. gowarc blanks a URI it finds invalid, and WARC 1.0 writers such as
// wget wrap it in <>; we still want the page.
func headerURIs(head []byte) (uri, refURI string) {
	if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
		head = head[:i]
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		val := strings.Trim(strings.TrimSpace(string(v)), "<>")
		switch strings.ToLower(string(bytes.TrimSpace(k))) {
		case "warc-target-uri":
			uri = val
		case "warc-refers-to-target-uri":
			refURI = val
		}
	}
	return uri, refURI
}

func (r *Reader) pos() int64 { return r.cr.n - int64(r.br.Buffered()) }

func (r *Reader) entry(rec gowarc.WarcRecord, offset int64) (*Entry, error) {
	wh := rec.WarcHeader()
	e := &Entry{
		Type:     rec.Type().String(),
		RecordID: rec.RecordId(),
		URL:      strings.Trim(wh.Get(gowarc.WarcTargetURI), "<>"),
		Offset:   offset,
		Header:   make(http.Header),
	}
	if t := wh.Get(gowarc.WarcType); t != "" {
		e.Type = t
	}
	for _, name := range []string{gowarc.WarcPayloadDigest, gowarc.WarcBlockDigest, gowarc.ContentType,
		gowarc.WarcRefersTo, gowarc.WarcRefersToTargetURI, gowarc.WarcRefersToDate, gowarc.WarcProfile,
		gowarc.WarcIPAddress, gowarc.WarcConcurrentTo, gowarc.WarcWarcinfoID, gowarc.WarcTruncated,
		gowarc.WarcIdentifiedPayloadType, PageURLField} {
		if v := wh.Get(name); v != "" {
			e.Header.Set(name, v)
		}
	}
	if d, err := rec.Date(); err == nil {
		e.Date = d
	} else if t, perr := time.Parse(time.RFC3339Nano, wh.Get(gowarc.WarcDate)); perr == nil {
		e.Date = t
	}
	if e.Type != TypeResponse && e.Type != TypeRevisit && e.Type != TypeResource {
		return e, nil
	}
	if e.Type == TypeRevisit {
		e.Profile = wh.Get(gowarc.WarcProfile)
		e.RefersToURL = strings.Trim(wh.Get(gowarc.WarcRefersToTargetURI), "<>")
		e.RefersToID = wh.Get(gowarc.WarcRefersTo)
		if t, err := time.Parse(time.RFC3339Nano, wh.Get(gowarc.WarcRefersToDate)); err == nil {
			e.RefersToDate = t
		}
	}
	blk := rec.Block()
	raw, err := blk.RawBytes()
	if err != nil {
		return e, err
	}
	if blk.Size() > r.maxSize {
		// Keep the headers (the importer skips it by type), not the payload.
		head, _ := io.ReadAll(io.LimitReader(raw, 64<<10))
		if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
			head = head[:i+4]
		}
		e.TooLarge = true
		if err := r.fillPayload(e, wh, head); err != nil {
			return e, err
		}
		e.Body = nil
		return e, nil
	}
	block := bytes.NewBuffer(make([]byte, 0, blk.Size()+bytes.MinRead))
	if _, err := block.ReadFrom(raw); err != nil {
		return e, err
	}
	return e, r.fillPayload(e, wh, block.Bytes())
}

// fillPayload sets e's HTTP fields and Body from the record's block.
func (r *Reader) fillPayload(e *Entry, wh *gowarc.WarcFields, block []byte) error {
	ct := strings.ToLower(wh.Get(gowarc.ContentType))
	if e.Type == TypeResource || !strings.HasPrefix(ct, "application/http") {
		if e.Type == TypeResource {
			// A resource record is the payload itself (no HTTP envelope).
			e.Body = block
			e.HTTPHeader = http.Header{"Content-Type": {wh.Get(gowarc.ContentType)}}
		}
		return nil
	}
	if e.Type == TypeRevisit && len(bytes.TrimSpace(block)) == 0 {
		return nil // headerless revisit: nothing more to parse
	}
	return parseHTTPResponse(e, block)
}

// parseHTTPResponse fills e's HTTP fields from an application/http block.
// The header goes through net/http; the body is sliced from the block
// (dechunked when needed) rather than copied, as pages are large.
func parseHTTPResponse(e *Entry, block []byte) error {
	end, sep := bytes.Index(block, []byte("\r\n\r\n")), 4
	if end < 0 {
		end, sep = bytes.Index(block, []byte("\n\n")), 2
	}
	if end < 0 {
		end, sep = len(block), 0 // header only
	}
	head := make([]byte, 0, end+4)
	head = append(append(head, block[:end]...), "\r\n\r\n"...)
	// Recorders of HTTP/2 and /3 fetches write "HTTP/2 200"; net/http only
	// parses 1.x status lines, and the version does not matter here.
	for _, p := range []string{"HTTP/2 ", "HTTP/2.0 ", "HTTP/3 ", "HTTP/3.0 "} {
		if bytes.HasPrefix(head, []byte(p)) {
			head = append([]byte("HTTP/1.1 "), head[len(p):]...)
			break
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadHTTP, err)
	}
	resp.Body.Close()
	e.HTTP = true
	e.Status = resp.StatusCode
	e.HTTPHeader = resp.Header
	if e.Type == TypeRevisit {
		return nil
	}
	body := block[end+sep:]
	// net/http moves Transfer-Encoding out of Header.
	if len(resp.TransferEncoding) > 0 {
		e.HTTPHeader.Set("Transfer-Encoding", strings.Join(resp.TransferEncoding, ", "))
		if strings.EqualFold(resp.TransferEncoding[0], "chunked") {
			dechunked, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(body)))
			// A broken chunked body: keep what decoded rather than lose the page.
			if err != nil && len(dechunked) == 0 {
				return fmt.Errorf("%w: chunked body: %v", ErrBadHTTP, err)
			}
			body = dechunked
		}
	}
	body, err = decodeContent(body, resp.Header.Get("Content-Encoding"))
	if err != nil {
		return err
	}
	e.Body = body
	return nil
}

// decodeContent removes Content-Encoding (possibly several, applied in order).
func decodeContent(body []byte, encoding string) ([]byte, error) {
	if encoding == "" {
		return body, nil
	}
	codings := strings.Split(encoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.ToLower(strings.TrimSpace(codings[i]))
		var rd io.ReadCloser
		var err error
		switch c {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			rd, err = gzip.NewReader(bytes.NewReader(body))
		case "deflate":
			// Servers send either zlib-wrapped or raw deflate.
			rd, err = zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				rd, err = flate.NewReader(bytes.NewReader(body)), nil
			}
		default:
			return nil, fmt.Errorf("%w: %q", ErrUnsupportedEncoding, c)
		}
		if err != nil {
			return nil, fmt.Errorf("content-encoding %s: %w", c, err)
		}
		out, err := io.ReadAll(rd)
		rd.Close()
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("content-encoding %s: %w", c, err)
		}
		body = out
	}
	return body, nil
}

// byteCounter counts the bytes read through it.
type byteCounter struct {
	r io.Reader
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// countingReader counts bytes read from the input and marks its errors so
// Next can tell "the file failed" from "this record is broken".
type countingReader struct {
	r io.Reader
	n int64
}

type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		err = readError{err}
	}
	return n, err
}
