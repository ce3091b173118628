package search

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// memArchive is an in-memory Source: versions in seq order, as the archive
// exports them.
type memArchive struct {
	mu   sync.Mutex
	recs []*archive.Record
	seq  uint64
	// superseded marks exported versions that have a newer one, as a
	// local archive does; unreadable seqs are skipped (OnBadRecord).
	superseded bool
	unreadable map[uint64]bool
}

func (m *memArchive) add(url, title, text string, mod func(*archive.Record)) *archive.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	v := 1
	for _, r := range m.recs {
		if r.URL == url && r.Version >= v {
			v = r.Version + 1
		}
	}
	r := &archive.Record{
		Article: extract.Article{URL: url, Title: title, Text: text, Language: "en", Kind: extract.KindArticle},
		RecordInfo: archive.RecordInfo{Version: v, Seq: m.seq,
			FirstSeen: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(m.seq) * time.Hour)},
	}
	r.FetchedAt = r.FirstSeen
	if mod != nil {
		mod(r)
	}
	m.recs = append(m.recs, r)
	return r
}

func (m *memArchive) Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error {
	m.mu.Lock()
	recs := append([]*archive.Record(nil), m.recs...)
	m.mu.Unlock()
	sort.Slice(recs, func(a, b int) bool { return recs[a].Seq < recs[b].Seq })
	for _, r := range recs {
		if r.Seq <= f.AfterSeq {
			continue
		}
		if m.unreadable[r.Seq] {
			if f.OnBadRecord != nil {
				f.OnBadRecord(r.Seq, r.URL, archive.ErrCorrupt)
			}
			continue
		}
		c := *r
		if m.superseded {
			for _, o := range recs {
				if o.URL == r.URL && o.Version > r.Version {
					c.Superseded = true
				}
			}
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}

func (m *memArchive) Version(ctx context.Context, url string, n int) (*archive.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *archive.Record
	for _, r := range m.recs {
		if r.URL != url {
			continue
		}
		if (n == 0 && (best == nil || r.Version > best.Version)) || r.Version == n {
			best = r
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%w: %s v%d", archive.ErrNotFound, url, n)
	}
	c := *best
	return &c, nil
}

// openTest opens an index in a temp dir and closes it at the end.
func openTest(t testing.TB, dir string) *Index {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	ix, err := Open(dir, &Options{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func mustSync(t testing.TB, ix *Index, src Source) SyncStats {
	t.Helper()
	st, err := ix.Sync(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func urls(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL)
	}
	return out
}

func search(t testing.TB, ix *Index, src TextSource, req Request) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), req, src)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}
