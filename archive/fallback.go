package archive

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fallbackTransport sends a RemoteReader's requests to the writer's read
// server, and — when the writer has exited meanwhile (its socket is gone or
// refuses) — to a read-only handle on the file served in-process. A reader
// that started while a crawl ran thus survives the crawl ending mid-read.
type fallbackTransport struct {
	remote http.RoundTripper
	path   string

	mu    sync.Mutex
	local *Archive
	srv   *ReadServer
}

func (t *fallbackTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if srv := t.localServer(false); srv != nil {
		return serveInProcess(srv, req), nil
	}
	resp, err := t.remote.RoundTrip(req)
	if err == nil {
		return resp, nil
	}
	// The server failed to answer. If that is because its process has
	// exited, the file is free now: read it here instead.
	srv := t.localServer(true)
	if srv == nil {
		return nil, err
	}
	return serveInProcess(srv, req), nil
}

// localServer returns the in-process server, opening the file read-only on
// first need when open is set; nil while the file is still held.
func (t *fallbackTransport) localServer(open bool) *ReadServer {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.srv != nil || !open {
		return t.srv
	}
	a, err := Open(t.path, &Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil
	}
	t.local, t.srv = a, NewReadServer(a)
	return t.srv
}

func (t *fallbackTransport) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.local != nil {
		t.local.Close()
		t.local, t.srv = nil, nil
	}
}

// serveInProcess runs the handler for req and streams its response back
// through a pipe, so a large export is not buffered.
func serveInProcess(h http.Handler, req *http.Request) *http.Response {
	pr, pw := io.Pipe()
	w := &pipeResponse{pw: pw, header: http.Header{}, ready: make(chan struct{})}
	trailer := http.Header{}
	go func() {
		h.ServeHTTP(w, req)
		w.WriteHeader(http.StatusOK) // no-op if already written
		// Trailers (export's count and last seq) as net/http would send
		// them: the keys declared in the Trailer header, set after the body.
		// Filled before the pipe closes, so the reader sees them at EOF.
		for _, keys := range w.header.Values("Trailer") {
			for _, k := range strings.Split(keys, ",") {
				if k = strings.TrimSpace(k); k != "" {
					trailer[http.CanonicalHeaderKey(k)] = w.header.Values(k)
				}
			}
		}
		pw.Close()
	}()
	<-w.ready
	return &http.Response{
		Status:     http.StatusText(w.code),
		StatusCode: w.code,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  w.sent,
		Trailer: trailer,
		Body:    pr,
		Request: req,
	}
}

type pipeResponse struct {
	pw     *io.PipeWriter
	header http.Header // the handler's, written on after the body (trailers)
	sent   http.Header // a snapshot at WriteHeader: the response's headers
	code   int
	once   sync.Once
	ready  chan struct{}
}

func (w *pipeResponse) Header() http.Header { return w.header }

func (w *pipeResponse) WriteHeader(code int) {
	w.once.Do(func() { w.code, w.sent = code, w.header.Clone(); close(w.ready) })
}

func (w *pipeResponse) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush lets handlers that stream (export) call http.Flusher.
func (w *pipeResponse) Flush() {}
