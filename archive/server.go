package archive

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"syscall"
	"time"
)

// SocketBaseURL is the base URL for requests sent with DialHTTP's client
// (the host part is ignored; the socket decides where they go).
const SocketBaseURL = "http://archivist"

// ReadServer serves the archive's read path on a Unix socket beside the
// file (SocketPath), so read commands work while this process holds the
// archive. Other packages add endpoints with Handle (e.g. search).
//
// Endpoints (GET; url= any URL of the page, n= version, 0 = latest):
//
//	/v1/page?url=        Page
//	/v1/history?url=     []VersionInfo
//	/v1/version?url=&n=  Record
//	/v1/at?url=&t=       Record (t RFC 3339)
//	/v1/raw?url=&n=      raw page bytes
//	/v1/capture?url=&n=  Capture (body base64 in "body")
//	/v1/export?after_seq=&since=&site=&all=1   JSON Lines of Record
//	/v1/stats            Stats
//	/v1/runs?limit=      []Run
//	/v1/verify           VerifyReport (200 even when problems are found)
//	/v1/fetches?url=&limit=  []FetchInfo, newest first
//
// Errors are JSON {"error": "...", "not_found": bool} with a 4xx/5xx status.
type ReadServer struct {
	a   *Archive
	mux *http.ServeMux
}

// NewReadServer returns a server for a.
func NewReadServer(a *Archive) *ReadServer {
	s := &ReadServer{a: a, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /v1/page", s.page)
	s.mux.HandleFunc("GET /v1/history", s.history)
	s.mux.HandleFunc("GET /v1/version", s.version)
	s.mux.HandleFunc("GET /v1/at", s.at)
	s.mux.HandleFunc("GET /v1/raw", s.raw)
	s.mux.HandleFunc("GET /v1/capture", s.capture)
	s.mux.HandleFunc("GET /v1/export", s.export)
	s.mux.HandleFunc("GET /v1/stats", s.stats)
	s.mux.HandleFunc("GET /v1/runs", s.runs)
	s.mux.HandleFunc("GET /v1/verify", s.verify)
	s.mux.HandleFunc("GET /v1/fetches", s.fetches)
	return s
}

// Handle registers an extra endpoint (pattern as in http.ServeMux).
func (s *ReadServer) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP lets the server be mounted elsewhere too (e.g. in tests).
func (s *ReadServer) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Serve listens on SocketPath(dbPath) until ctx is done, then removes the
// socket. A stale socket file (left by a killed process) is replaced; a
// live one (another server answering) is an error.
func (s *ReadServer) Serve(ctx context.Context, dbPath string) error {
	sock := SocketPath(dbPath)
	if err := prepareSocketDir(sock); err != nil {
		return fmt.Errorf("archive: read server: %w", err)
	}
	if err := checkSocketOwner(sock); err != nil {
		return fmt.Errorf("archive: read server: %w", err)
	}
	if _, err := os.Stat(sock); err == nil {
		if answers(sock) {
			return fmt.Errorf("archive: read server: %s is already served by another process", sock)
		}
		if err := os.Remove(sock); err != nil {
			return fmt.Errorf("archive: read server: remove stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("archive: read server: %w", err)
	}
	// Only its owner may talk to it, whatever the umask: the socket
	// answers searches and accepts a reindex.
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("archive: read server: %w", err)
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-errc
		_ = os.Remove(sock)
		return nil
	case err := <-errc:
		_ = os.Remove(sock)
		return err
	}
}

// answers says whether a process listens on the Unix socket sock. A
// socket without a listener refuses at once.
func answers(sock string) bool {
	c, err := net.DialTimeout("unix", sock, 200*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// removeStaleSocket removes the read socket of the archive at dbPath left
// by a writer that was killed, so that `ls` and the next reader see no
// leftover. Open calls it once it holds the file's lock, shared or
// exclusive, when no writer of this file can be running; a socket that
// answers is still spared (its writer holds a file since replaced at
// dbPath), and so is one of another user or anything not a socket.
func removeStaleSocket(dbPath string) {
	sock := SocketPath(dbPath)
	fi, err := os.Lstat(sock)
	if err != nil || fi.Mode()&fs.ModeSocket == 0 || checkSocketOwner(sock) != nil || answers(sock) {
		return
	}
	if err := os.Remove(sock); err != nil && !errors.Is(err, fs.ErrNotExist) {
		slog.Debug("stale read socket left in place", "socket", sock, "err", err)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

type errorBody struct {
	Error    string `json:"error"`
	NotFound bool   `json:"not_found,omitempty"`
	BadURL   bool   `json:"bad_url,omitempty"`
}

func writeErr(w http.ResponseWriter, err error) {
	code := http.StatusInternalServerError
	b := errorBody{Error: err.Error()}
	switch {
	case errors.Is(err, ErrNotFound):
		code, b.NotFound = http.StatusNotFound, true
	case errors.Is(err, ErrBadURL):
		code, b.BadURL = http.StatusBadRequest, true
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(b)
}

func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("bad %s: %q", name, v)
	}
	return n, nil
}

func (s *ReadServer) page(w http.ResponseWriter, r *http.Request) {
	p, err := s.a.Page(r.Context(), r.URL.Query().Get("url"))
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, p)
}

func (s *ReadServer) history(w http.ResponseWriter, r *http.Request) {
	h, err := s.a.History(r.Context(), r.URL.Query().Get("url"))
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, h)
}

func (s *ReadServer) version(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "n")
	if err != nil {
		writeErr(w, err)
		return
	}
	rec, err := s.a.Version(r.Context(), r.URL.Query().Get("url"), n)
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, rec)
}

func (s *ReadServer) at(w http.ResponseWriter, r *http.Request) {
	t, err := time.Parse(time.RFC3339Nano, r.URL.Query().Get("t"))
	if err != nil {
		writeErr(w, fmt.Errorf("bad t: %w", err))
		return
	}
	rec, err := s.a.At(r.Context(), r.URL.Query().Get("url"), t)
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, rec)
}

func (s *ReadServer) raw(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "n")
	if err != nil {
		writeErr(w, err)
		return
	}
	b, err := s.a.Raw(r.Context(), r.URL.Query().Get("url"), n)
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(b)
}

// wireCapture carries Capture.Body (json:"-" in Capture) over the socket.
type wireCapture struct {
	Capture
	Body []byte `json:"body"`
}

func (s *ReadServer) capture(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "n")
	if err != nil {
		writeErr(w, err)
		return
	}
	c, err := s.a.CaptureOf(r.Context(), r.URL.Query().Get("url"), n)
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, wireCapture{Capture: *c, Body: c.Body})
}

// exportErrTrailer reports an error that happened after streaming began.
const (
	exportErrTrailer   = "X-Archive-Error"
	exportCountTrailer = "X-Archive-Count"
	exportLastTrailer  = "X-Archive-Last-Seq"
)

func (s *ReadServer) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var f ExportFilter
	var err error
	if v := q.Get("after_seq"); v != "" {
		if f.AfterSeq, err = strconv.ParseUint(v, 10, 64); err != nil {
			writeErr(w, fmt.Errorf("bad after_seq: %q", v))
			return
		}
	}
	if v := q.Get("since"); v != "" {
		if f.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			writeErr(w, fmt.Errorf("bad since: %w", err))
			return
		}
	}
	f.Site = q.Get("site")
	f.AllVersions = q.Get("all") == "1"
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Trailer", exportErrTrailer+", "+exportCountTrailer+", "+exportLastTrailer)
	bw := bufio.NewWriterSize(w, 64<<10)
	n, last, err := s.a.ExportJSONL(r.Context(), f, bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	w.Header().Set(exportCountTrailer, strconv.Itoa(n))
	w.Header().Set(exportLastTrailer, strconv.FormatUint(last, 10))
	if err != nil {
		lvl := slog.LevelWarn
		if readerGone(r, err) {
			// `archivist export | head`: nothing wrong with the archive.
			lvl = slog.LevelDebug
		}
		slog.Log(r.Context(), lvl, "archive: read server: export", "err", err)
		w.Header().Set(exportErrTrailer, err.Error())
	}
}

// readerGone reports whether err, from writing r's response, means the
// reader went away (closed its end, was killed).
func readerGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, net.ErrClosed)
}

func (s *ReadServer) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.a.Stats(r.Context())
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, st)
}

func (s *ReadServer) runs(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "limit")
	if err != nil {
		writeErr(w, err)
		return
	}
	runs, err := s.a.Runs(r.Context(), n)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, runs)
}

func (s *ReadServer) verify(w http.ResponseWriter, r *http.Request) {
	rep, err := s.a.VerifySnapshot(r.Context())
	if rep == nil || (err != nil && !errors.Is(err, ErrCorrupt)) {
		writeErr(w, err)
		return
	}
	writeJSON(w, rep)
}

// DialHTTP returns an HTTP client whose requests (to SocketBaseURL + path)
// go to the read server of the archive at dbPath. Search uses it for its
// own endpoints.
func DialHTTP(dbPath string) *http.Client {
	sock := SocketPath(dbPath)
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "unix", sock)
		},
		MaxIdleConns:    4,
		IdleConnTimeout: 30 * time.Second,
	}}
}

// OpenReader opens the archive at dbPath for reading: directly (read-only,
// shared lock) when the file is free, or through the owning process's read
// server when another process holds it. It never creates a file: a missing
// archive is an error wrapping fs.ErrNotExist.
func OpenReader(ctx context.Context, dbPath string) (Reader, error) {
	if _, err := os.Stat(dbPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("archive %s: %w (crawl something first, or pass --archive)", dbPath, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("archive %s: %w", dbPath, err)
	}
	a, err := Open(dbPath, &Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, ErrLocked) {
		return nil, err
	}
	// Held by a writer: use its read server. It may be starting up, so
	// retry briefly. A socket of another user is not ours to trust.
	if err := checkSocketOwner(SocketPath(dbPath)); err != nil {
		return nil, fmt.Errorf("archive %s: %w, and %w", dbPath, ErrLocked, err)
	}
	hc := DialHTTP(dbPath)
	ft := &fallbackTransport{remote: hc.Transport, path: dbPath}
	hc.Transport = ft
	rr := &RemoteReader{hc: hc, path: dbPath, fallback: ft}
	var lastErr error
	for i := 0; i < 10; i++ {
		if _, lastErr = rr.Stats(ctx); lastErr == nil {
			return rr, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
		if a, err := Open(dbPath, &Options{ReadOnly: true}); err == nil {
			return a, nil // the writer has gone meanwhile
		}
	}
	return nil, fmt.Errorf("archive %s: %w, and its read server at %s does not answer: %v", dbPath, ErrLocked, SocketPath(dbPath), lastErr)
}

// RemoteReader reads an archive through the read server of the process
// holding it (see OpenReader).
type RemoteReader struct {
	hc       *http.Client
	path     string
	fallback *fallbackTransport // nil when made by hand
}

var _ Reader = (*RemoteReader)(nil)

// HTTPClient returns the client dialing the read server (requests go to
// SocketBaseURL + path), for endpoints added with ReadServer.Handle.
func (c *RemoteReader) HTTPClient() *http.Client { return c.hc }

func (c *RemoteReader) get(ctx context.Context, path string, q url.Values) (*http.Response, error) {
	u := SocketBaseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("archive %s: read server: %w", c.path, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var eb errorBody
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(b, &eb) != nil || eb.Error == "" {
			return nil, fmt.Errorf("archive %s: read server: %s", c.path, resp.Status)
		}
		switch {
		case eb.NotFound:
			return nil, remoteError{msg: eb.Error, kind: ErrNotFound}
		case eb.BadURL:
			return nil, remoteError{msg: eb.Error, kind: ErrBadURL}
		}
		return nil, fmt.Errorf("archive %s: read server: %s", c.path, eb.Error)
	}
	return resp, nil
}

// remoteError keeps the server's message and its sentinel for errors.Is.
type remoteError struct {
	msg  string
	kind error
}

func (e remoteError) Error() string { return e.msg }
func (e remoteError) Unwrap() error { return e.kind }

func (c *RemoteReader) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	resp, err := c.get(ctx, path, q)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("archive %s: read server: %w", c.path, err)
	}
	return nil
}

func (c *RemoteReader) Page(ctx context.Context, u string) (*Page, error) {
	var p Page
	if err := c.getJSON(ctx, "/v1/page", url.Values{"url": {u}}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *RemoteReader) History(ctx context.Context, u string) ([]VersionInfo, error) {
	var h []VersionInfo
	if err := c.getJSON(ctx, "/v1/history", url.Values{"url": {u}}, &h); err != nil {
		return nil, err
	}
	return h, nil
}

func (c *RemoteReader) Version(ctx context.Context, u string, n int) (*Record, error) {
	var r Record
	if err := c.getJSON(ctx, "/v1/version", url.Values{"url": {u}, "n": {strconv.Itoa(n)}}, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func (c *RemoteReader) At(ctx context.Context, u string, t time.Time) (*Record, error) {
	var r Record
	if err := c.getJSON(ctx, "/v1/at", url.Values{"url": {u}, "t": {t.Format(time.RFC3339Nano)}}, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func (c *RemoteReader) Raw(ctx context.Context, u string, n int) ([]byte, error) {
	resp, err := c.get(ctx, "/v1/raw", url.Values{"url": {u}, "n": {strconv.Itoa(n)}})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// CaptureOf returns the capture behind version n (0 = latest).
func (c *RemoteReader) CaptureOf(ctx context.Context, u string, n int) (*Capture, error) {
	var w wireCapture
	if err := c.getJSON(ctx, "/v1/capture", url.Values{"url": {u}, "n": {strconv.Itoa(n)}}, &w); err != nil {
		return nil, err
	}
	w.Capture.Body = w.Body
	return &w.Capture, nil
}

func exportQuery(f ExportFilter) url.Values {
	q := url.Values{}
	if f.AfterSeq > 0 {
		q.Set("after_seq", strconv.FormatUint(f.AfterSeq, 10))
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(time.RFC3339Nano))
	}
	if f.Site != "" {
		q.Set("site", f.Site)
	}
	if f.AllVersions {
		q.Set("all", "1")
	}
	return q
}

func (c *RemoteReader) Export(ctx context.Context, f ExportFilter, fn func(*Record) error) error {
	resp, err := c.get(ctx, "/v1/export", exportQuery(f))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(resp.Body, 64<<10))
	for {
		var r Record
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("archive %s: read server: export: %w", c.path, err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if msg := resp.Trailer.Get(exportErrTrailer); msg != "" {
		return fmt.Errorf("archive %s: read server: export: %s", c.path, msg)
	}
	return nil
}

// ExportJSONL copies the server's export lines to w.
func (c *RemoteReader) ExportJSONL(ctx context.Context, f ExportFilter, w io.Writer) (int, uint64, error) {
	resp, err := c.get(ctx, "/v1/export", exportQuery(f))
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return 0, 0, fmt.Errorf("archive %s: read server: export: %w", c.path, err)
	}
	if msg := resp.Trailer.Get(exportErrTrailer); msg != "" {
		return 0, 0, fmt.Errorf("archive %s: read server: export: %s", c.path, msg)
	}
	n, err1 := strconv.Atoi(resp.Trailer.Get(exportCountTrailer))
	last, err2 := strconv.ParseUint(resp.Trailer.Get(exportLastTrailer), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("archive %s: read server: export ended early", c.path)
	}
	return n, last, nil
}

var _ JSONLExporter = (*RemoteReader)(nil)

func (c *RemoteReader) Stats(ctx context.Context) (*Stats, error) {
	var s Stats
	if err := c.getJSON(ctx, "/v1/stats", nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func (c *RemoteReader) Runs(ctx context.Context, limit int) ([]Run, error) {
	var r []Run
	return r, c.getJSON(ctx, "/v1/runs", url.Values{"limit": {strconv.Itoa(limit)}}, &r)
}

// Verify asks the process holding the archive to verify it (see
// Archive.Verify).
func (c *RemoteReader) Verify(ctx context.Context) (*VerifyReport, error) {
	var rep VerifyReport
	if err := c.getJSON(ctx, "/v1/verify", nil, &rep); err != nil {
		return nil, err
	}
	if len(rep.Problems) > 0 {
		return &rep, fmt.Errorf("%w: %d problem(s), first: %s", ErrCorrupt, len(rep.Problems), rep.Problems[0])
	}
	return &rep, nil
}

// Close releases idle connections.
func (c *RemoteReader) Close() error {
	c.hc.CloseIdleConnections()
	if c.fallback != nil {
		c.fallback.close()
	}
	return nil
}

// Verifier is implemented by both readers (*Archive, *RemoteReader).
type Verifier interface {
	Verify(ctx context.Context) (*VerifyReport, error)
}

// CaptureReader is implemented by both readers (*Archive, *RemoteReader).
type CaptureReader interface {
	CaptureOf(ctx context.Context, url string, n int) (*Capture, error)
}
