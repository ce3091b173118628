package warcio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/archivist-org/archivist/archive"
)

// ErrClosed: the Writer was closed.
var ErrClosed = errors.New("warcio: writer closed")

// PageURLField is a WARC header extension written when a capture's page URL
// (its identity in the archive) differs from the URL the body was served
// from (WARC-Target-URI, after redirects). The importer reads it back so a
// round trip keeps pages apart from their redirect targets.
const PageURLField = "WARC-X-Archivist-Page-URL"

// WriterOptions tune a Writer. nil means defaults.
type WriterOptions struct {
	// NoCompress writes plain .warc; the zero value gzips each record in its
	// own member (.warc.gz), as replay tools expect.
	NoCompress bool
	// Software names the producer in the warcinfo record; "" = "archivist".
	Software string
	// Info adds fields to the warcinfo record (e.g. "description").
	Info map[string]string
}

// Capture is one HTTP response to write as a response record.
type Capture struct {
	URL     string    // URL the body was served from (WARC-Target-URI)
	PageURL string    // archive identity if it differs from URL; "" = URL
	Date    time.Time // capture time (WARC-Date); zero = now
	Status  int       // HTTP status; 0 = 200
	// Proto is the HTTP version for the status line; "" = "HTTP/1.1".
	Proto  string
	Header http.Header
	// Body is the payload with content encoding already removed.
	Body []byte
}

// Writer writes WARC records. It is safe for concurrent use.
type Writer struct {
	mu       sync.Mutex
	w        io.Writer
	bw       *bufio.Writer
	file     *os.File
	gz       *gzip.Writer
	compress bool
	m        gowarc.Marshaler
	infoID   string
	closed   bool
}

// NewWriter starts a WARC on w and writes its warcinfo record. Close flushes
// it (and does not close w).
func NewWriter(w io.Writer, opts *WriterOptions) (*Writer, error) {
	if opts == nil {
		opts = &WriterOptions{}
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	gowarcOptions.Lock()
	m := gowarc.NewMarshaler()
	gowarcOptions.Unlock()
	wr := &Writer{w: w, bw: bw, compress: !opts.NoCompress, m: m}
	if wr.compress {
		wr.gz, _ = gzip.NewWriterLevel(bw, gzip.DefaultCompression)
	}
	if err := wr.writeInfo(opts); err != nil {
		return nil, err
	}
	return wr, nil
}

// Create creates (truncating) the WARC file at path; a name ending in ".gz"
// is compressed per record whatever opts.NoCompress says, any other name is
// written plain. Close closes the file.
func Create(path string, opts *WriterOptions) (*Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	o := WriterOptions{}
	if opts != nil {
		o = *opts
	}
	o.NoCompress = !strings.HasSuffix(path, ".gz")
	w, err := NewWriter(f, &o)
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	w.file = f
	return w, nil
}

func (w *Writer) writeInfo(opts *WriterOptions) error {
	sw := opts.Software
	if sw == "" {
		sw = "archivist"
	}
	var b strings.Builder
	fields := map[string]string{"software": sw, "format": "WARC File Format 1.1",
		"conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
	for k, v := range opts.Info {
		fields[k] = v
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(fields[k]))
	}
	rb := newBuilder(gowarc.Warcinfo)
	rb.AddWarcHeader(gowarc.WarcDate, time.Now().UTC().Format(time.RFC3339Nano))
	rb.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
	if _, err := rb.WriteString(b.String()); err != nil {
		return err
	}
	id, err := w.write(rb)
	w.infoID = id
	return err
}

// WriteResponse writes c as a response record and returns its record ID.
func (w *Writer) WriteResponse(c Capture) (string, error) {
	rb, err := responseBuilder(c, w.infoID)
	if err != nil {
		return "", err
	}
	return w.write(rb)
}

// WriteFetch writes a crawler fetch as a request record and a response
// record linked by WARC-Concurrent-To, dated now. body is the response
// payload as read (content encoding removed, as net/http and colly hand it
// over); resp.Body is not read. Safe for concurrent use.
func (w *Writer) WriteFetch(req *http.Request, resp *http.Response, body []byte) error {
	if req == nil || resp == nil || req.URL == nil {
		return errors.New("warcio: WriteFetch needs a request and a response")
	}
	c := Capture{URL: req.URL.String(), Date: time.Now(), Status: resp.StatusCode, Proto: resp.Proto,
		Header: resp.Header, Body: body}
	if resp.Request != nil && resp.Request.URL != nil {
		c.URL = resp.Request.URL.String() // after redirects
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	return w.writePair(methodOr(req.Method), host, req.Header, c)
}

// WriteArchiveFetch writes what the crawler records in the archive, f (the
// response, dated f.FetchedAt, served from f.FinalURL or f.URL), as a
// request record (GET with reqHeader, may be nil) and a response record.
// This is the `crawl --warc` hook. Safe for concurrent use.
func (w *Writer) WriteArchiveFetch(f archive.Fetch, reqHeader http.Header) error {
	u := f.FinalURL
	if u == "" {
		u = f.URL
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return fmt.Errorf("warcio: bad fetch URL %q", u)
	}
	c := Capture{URL: u, Date: f.FetchedAt, Status: f.Status, Header: f.Header, Body: f.Body}
	return w.writePair(http.MethodGet, pu.Host, reqHeader, c)
}

// writePair writes the request record and the response record of c.
func (w *Writer) writePair(method, host string, reqHeader http.Header, c Capture) error {
	if c.Date.IsZero() {
		c.Date = time.Now()
	}
	date := c.Date.UTC()
	respRB, err := responseBuilder(c, w.infoID)
	if err != nil {
		return err
	}
	respRec, err := build(respRB)
	if err != nil {
		return err
	}
	defer respRec.Close()

	pu, err := url.Parse(c.URL)
	if err != nil {
		return fmt.Errorf("warcio: bad URL %q: %w", c.URL, err)
	}
	var hb bytes.Buffer
	fmt.Fprintf(&hb, "%s %s HTTP/1.1\r\n", method, pu.RequestURI())
	h := reqHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" {
		h.Set("Host", host)
	}
	h.Write(&hb)
	hb.WriteString("\r\n")
	reqRB := newBuilder(gowarc.Request)
	reqRB.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
	reqRB.AddWarcHeader(gowarc.WarcDate, date.Format(time.RFC3339Nano))
	reqRB.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	reqRB.AddWarcHeader(gowarc.WarcConcurrentTo, bracketID(respRec.RecordId()))
	if w.infoID != "" {
		reqRB.AddWarcHeader(gowarc.WarcWarcinfoID, bracketID(w.infoID))
	}
	if _, err := reqRB.Write(hb.Bytes()); err != nil {
		return err
	}
	reqRec, err := build(reqRB)
	if err != nil {
		return err
	}
	defer reqRec.Close()

	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.marshalLocked(reqRec); err != nil {
		return err
	}
	return w.marshalLocked(respRec)
}

func methodOr(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return m
}

// hopHeaders describe the wire encoding, which a stored (decoded) payload no
// longer has; written headers must match the body we write.
var hopHeaders = []string{"Content-Encoding", "Transfer-Encoding", "Content-Length"}

func responseBuilder(c Capture, infoID string) (gowarc.WarcRecordBuilder, error) {
	if c.URL == "" {
		return nil, errors.New("warcio: capture without URL")
	}
	date := c.Date
	if date.IsZero() {
		date = time.Now()
	}
	status := c.Status
	if status == 0 {
		status = http.StatusOK
	}
	proto := c.Proto
	if proto == "" || !strings.HasPrefix(proto, "HTTP/1") {
		proto = "HTTP/1.1" // HTTP/2 has no text status line; replay tools expect 1.x
	}
	var hb bytes.Buffer
	text := http.StatusText(status)
	if text == "" {
		text = "Status"
	}
	fmt.Fprintf(&hb, "%s %d %s\r\n", proto, status, text)
	h := c.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
	h.Set("Content-Length", strconv.Itoa(len(c.Body)))
	if err := h.Write(&hb); err != nil {
		return nil, err
	}
	hb.WriteString("\r\n")

	rb := newBuilder(gowarc.Response)
	rb.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
	rb.AddWarcHeader(gowarc.WarcDate, date.UTC().Format(time.RFC3339Nano))
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if infoID != "" {
		rb.AddWarcHeader(gowarc.WarcWarcinfoID, bracketID(infoID))
	}
	if c.PageURL != "" && c.PageURL != c.URL {
		rb.AddWarcHeader(PageURLField, c.PageURL)
	}
	if _, err := rb.Write(hb.Bytes()); err != nil {
		return nil, err
	}
	if _, err := rb.Write(c.Body); err != nil {
		return nil, err
	}
	return rb, nil
}

// gowarcOptions serialises gowarc's option set-up and record building:
// every NewRecordBuilder, NewUnmarshaler and NewMarshaler call runs
// uuid.EnableRandPool(), which writes a package global without a lock, and
// Build reads it (uuid.New) — a data race under concurrent use, found by -race.
var gowarcOptions sync.Mutex

func build(rb gowarc.WarcRecordBuilder) (gowarc.WarcRecord, error) {
	gowarcOptions.Lock()
	defer gowarcOptions.Unlock()
	rec, _, err := rb.Build()
	return rec, err
}

func newBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	gowarcOptions.Lock()
	defer gowarcOptions.Unlock()
	return gowarc.NewRecordBuilder(t,
		gowarc.WithAddMissingRecordId(true),
		gowarc.WithAddMissingContentLength(true),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
		gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
	)
}

// write builds rb and writes it; returns the record ID.
func (w *Writer) write(rb gowarc.WarcRecordBuilder) (string, error) {
	rec, err := build(rb)
	if err != nil {
		return "", fmt.Errorf("warcio: build record: %w", err)
	}
	defer rec.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	return rec.RecordId(), w.marshalLocked(rec)
}

func (w *Writer) marshalLocked(rec gowarc.WarcRecord) error {
	if w.closed {
		return ErrClosed
	}
	var out io.Writer = w.bw
	if w.compress {
		w.gz.Reset(w.bw)
		out = w.gz
	}
	if _, _, err := w.m.Marshal(out, rec, 0); err != nil {
		return err
	}
	if w.compress {
		if err := w.gz.Close(); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes buffered records to the underlying writer.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bw.Flush()
}

// Close flushes the WARC and, for Create, syncs and closes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.bw.Flush()
	if w.file != nil {
		if serr := w.file.Sync(); err == nil {
			err = serr
		}
		if cerr := w.file.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// bracketID returns a record ID in the <...> form header fields need.
func bracketID(id string) string {
	if strings.HasPrefix(id, "<") {
		return id
	}
	return "<" + id + ">"
}
