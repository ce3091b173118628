package search

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
)

// HTTP endpoints served by the process that holds the index (registered on
// the archive's read server), so search works while a crawl runs.
const (
	PathPrefix  = "/search/"
	pathQuery   = "/search/v1/query"
	pathFolded  = "/search/v1/folded"
	pathCopies  = "/search/v1/copies"
	pathReindex = "/search/v1/reindex"
)

type errorBody struct {
	Error string `json:"error"`
	Kind  string `json:"kind,omitempty"` // "bad_query", "not_indexed"
}

// Handler serves ix over HTTP: POST /search/v1/query (a Request, JSON) →
// Result; POST /search/v1/folded (a Request) → FoldedResult; GET
// /search/v1/copies?url= (any URL of the page) → []Copy, the original
// first, empty ([]) for a page nobody copied, as `archivist copies`
// prints no copy for it; POST /search/v1/reindex → SyncStats.
// Each call first syncs ix with src so a client sees every committed
// version.
func Handler(ix *Index, src Source) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(pathQuery, queryHandler(ix, src, func(ctx context.Context, req Request) (any, error) {
		return ix.Search(ctx, req, src)
	}))
	mux.HandleFunc(pathFolded, queryHandler(ix, src, func(ctx context.Context, req Request) (any, error) {
		return ix.SearchFolded(ctx, req, src)
	}))
	mux.HandleFunc(pathCopies, func(w http.ResponseWriter, r *http.Request) {
		if _, err := ix.Sync(r.Context(), src); err != nil {
			slog.Warn("search: sync before copies", "err", err)
		}
		u := r.URL.Query().Get("url")
		// Any URL of the page (an alias, tracking parameters, escapes
		// in another case), as `archivist copies` takes: the index knows
		// pages by their archived URL.
		if rec, err := src.Version(r.Context(), u, 0); err == nil && rec.URL != "" {
			u = rec.URL
		}
		group, err := ix.Copies(r.Context(), u)
		if err != nil {
			writeErr(w, err)
			return
		}
		if len(group) < 2 {
			// The page alone is no group: Copies gives it as its own
			// member (role "copy"), which a client would count as a copy.
			group = []Copy{}
		}
		writeJSON(w, group)
	})
	mux.HandleFunc(pathReindex, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		st, err := ix.Rebuild(r.Context(), src)
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, st)
	})
	return mux
}

// queryHandler decodes a Request, syncs ix and answers with run's result.
func queryHandler(ix *Index, src Source, run func(context.Context, Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Request
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
			writeErr(w, fmt.Errorf("%w: %v", ErrBadQuery, err))
			return
		}
		if _, err := ix.Sync(r.Context(), src); err != nil {
			slog.Warn("search: sync before query", "err", err)
		}
		res, err := run(r.Context(), req)
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, res)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, err error) {
	eb := errorBody{Error: err.Error()}
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrBadQuery):
		eb.Kind, code = "bad_query", http.StatusBadRequest
	case errors.Is(err, ErrNotIndexed):
		eb.Kind, code = "not_indexed", http.StatusNotFound
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(eb)
}

// ErrUnknownEndpoint is a remote index that does not serve the endpoint
// asked for: an older archivist holds the archive.
var ErrUnknownEndpoint = errors.New("endpoint unknown to the server")

// Remote queries the index of another process through its HTTP endpoints
// (see Handler): BaseURL is the server's root, Client dials it.
type Remote struct {
	Client  *http.Client
	BaseURL string
}

// Search runs req on the remote index.
func (r *Remote) Search(ctx context.Context, req Request) (*Result, error) {
	var res Result
	return &res, r.query(ctx, pathQuery, req, &res)
}

// SearchFolded runs req on the remote index with copies folded (see
// Index.SearchFolded).
func (r *Remote) SearchFolded(ctx context.Context, req Request) (*FoldedResult, error) {
	var res FoldedResult
	return &res, r.query(ctx, pathFolded, req, &res)
}

func (r *Remote) query(ctx context.Context, path string, req Request, v any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return r.do(ctx, http.MethodPost, path, body, v)
}

// Copies lists the copies of url on the remote index.
func (r *Remote) Copies(ctx context.Context, u string) ([]Copy, error) {
	var group []Copy
	return group, r.do(ctx, http.MethodGet, pathCopies+"?url="+url.QueryEscape(u), nil, &group)
}

// Rebuild rebuilds the remote index.
func (r *Remote) Rebuild(ctx context.Context) (SyncStats, error) {
	var st SyncStats
	return st, r.do(ctx, http.MethodPost, pathReindex, nil, &st)
}

func (r *Remote) do(ctx context.Context, method, path string, body []byte, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, r.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.Client.Do(req)
	if err != nil {
		return fmt.Errorf("search: remote index: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var eb errorBody
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(b, &eb) != nil || eb.Error == "" {
			if resp.StatusCode == http.StatusNotFound {
				return fmt.Errorf("search: remote index: %w: %s", ErrUnknownEndpoint, path)
			}
			return fmt.Errorf("search: remote index: %s", resp.Status)
		}
		switch eb.Kind {
		case "bad_query":
			return remoteErr{eb.Error, ErrBadQuery}
		case "not_indexed":
			return remoteErr{eb.Error, ErrNotIndexed}
		}
		return fmt.Errorf("search: remote index: %s", eb.Error)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("search: remote index: %w", err)
	}
	return nil
}

type remoteErr struct {
	msg  string
	kind error
}

func (e remoteErr) Error() string { return e.msg }
func (e remoteErr) Unwrap() error { return e.kind }
