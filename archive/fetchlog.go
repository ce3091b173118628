package archive

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FetchInfo is one entry of a page's fetch log.
type FetchInfo struct {
	N        int         `json:"n"` // 1 = the page's first fetch
	At       time.Time   `json:"at"`
	Status   int         `json:"status"`
	RawSize  int         `json:"raw_size"`
	Outcome  Outcome     `json:"outcome"`
	FinalURL string      `json:"final_url,omitempty"`
	Header   http.Header `json:"header,omitempty"` // only headers that differed from the version's capture
	Reason   string      `json:"reason,omitempty"` // for failed captures
}

// FetchLogReader is implemented by both readers (*Archive, *RemoteReader).
type FetchLogReader interface {
	Fetches(ctx context.Context, url string, limit int) ([]FetchInfo, error)
}

// Fetches returns the page's fetch log, newest first (limit <= 0: all).
func (a *Archive) Fetches(ctx context.Context, u string, limit int) ([]FetchInfo, error) {
	var out []FetchInfo
	err := a.view(func(tx *bolt.Tx) error {
		pr, err := a.resolve(tx, u)
		if err != nil {
			return err
		}
		b := tx.Bucket(bFetches)
		for n := int(pr.Fetches); n >= 1 && (limit <= 0 || len(out) < limit); n-- {
			v := b.Get(vkey(pr.ID, n))
			if v == nil {
				continue
			}
			e, err := decodeFetch(v)
			if err != nil {
				return err
			}
			out = append(out, FetchInfo{N: n, At: e.At, Status: e.Status, RawSize: e.RawSize, Outcome: e.Outcome,
				FinalURL: e.FinalURL, Header: e.Header, Reason: e.Reason})
		}
		return nil
	})
	return out, err
}

func (s *ReadServer) fetches(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "limit")
	if err != nil {
		writeErr(w, err)
		return
	}
	f, err := s.a.Fetches(r.Context(), r.URL.Query().Get("url"), n)
	if err != nil {
		writeErr(w, s.a.CheckNotFound(r.URL.Query().Get("url"), err))
		return
	}
	writeJSON(w, f)
}

// Fetches returns the page's fetch log, newest first.
func (c *RemoteReader) Fetches(ctx context.Context, u string, limit int) ([]FetchInfo, error) {
	var f []FetchInfo
	if err := c.getJSON(ctx, "/v1/fetches", url.Values{"url": {u}, "limit": {strconv.Itoa(limit)}}, &f); err != nil {
		return nil, err
	}
	return f, nil
}
