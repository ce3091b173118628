package pgpush

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
)

// versionCols are the columns a push writes to versions (all but version,
// which the merge numbers, and the generated tsv), in COPY order.
var versionCols = []string{
	"url", "content_hash", "first_seen", "last_seen", "fetched_at", "status", "site",
	"title", "authors", "published", "modified", "date_source", "site_name", "language",
	"description", "topics", "canonical_url", "image", "translations", "source_url", "kind",
	"text", "markdown", "word_count", "extractor", "copy_of", "copies",
	"archive_id", "archive_seq", "archive_version",
}

var pageCols = []string{"url", "site", "first_seen", "last_seen", "last_fetched", "gone_since", "versions", "aliases"}

var fetchCols = []string{"archive_id", "url", "n", "at", "status", "raw_size", "outcome", "final_url", "reason", "header"}

// batch is one transaction's worth of rows, built by the reader goroutine
// while the previous batch is written.
type batch struct {
	versions [][]any
	pages    [][]any
	fetches  [][]any
	seqs     []uint64
	lastSeq  uint64
	months   map[time.Time]bool
}

// versionRow is a Record as a COPY row of versionCols.
func versionRow(r *archive.Record, site, archiveID string) []any {
	a := &r.Article
	tr := a.Translations
	if tr == nil {
		tr = map[string]string{}
	}
	return []any{
		r.URL, r.ContentHash, r.FirstSeen.UTC(), maxTime(r.LastSeen, r.FirstSeen).UTC(), r.FetchedAt.UTC(), int32(r.Status), site,
		a.Title, nonNil(a.Authors), a.Published, a.Modified, a.DateSource, a.SiteName, a.Language,
		a.Description, nonNil(a.Topics), a.CanonicalURL, a.Image, tr, a.SourceURL, a.Kind,
		a.Text, a.Markdown, int32(a.WordCount), a.Extractor, r.CopyOf, nonNil(r.Copies),
		archiveID, int64(r.Seq), int32(r.Version),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// readBatches exports every version after seq from, in seq order, and
// sends them in batches with their pages' state and fetch logs.
func readBatches(ctx context.Context, src Source, id string, from uint64, o Options, out chan<- *batch) error {
	var (
		b     *batch
		index map[[2]string]int // url, content hash -> row in b.versions
		sites map[string]string // url -> site, for the batch's pages
	)
	reset := func() {
		b = &batch{months: map[time.Time]bool{}}
		index = map[[2]string]int{}
		sites = map[string]string{}
	}
	flush := func() error {
		if len(b.seqs) == 0 {
			return nil
		}
		// The pages' current state and fetch logs, read after their
		// versions: what the database gets is never older than them.
		for u := range sites {
			p, err := src.Page(ctx, u)
			if err != nil {
				return fmt.Errorf("page %s: %w", u, err)
			}
			b.pages = append(b.pages, pageRow(p))
			fl, err := src.Fetches(ctx, u, 0)
			if err != nil {
				return fmt.Errorf("fetch log of %s: %w", u, err)
			}
			for _, f := range fl {
				b.fetches = append(b.fetches, fetchRow(id, p.URL, f))
			}
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		reset()
		return nil
	}
	reset()
	f := archive.ExportFilter{AfterSeq: from, AllVersions: true, CopyLinks: o.CopyLinks}
	err := src.Export(ctx, f, func(r *archive.Record) error {
		site, ok := sites[r.URL]
		if !ok {
			site = siteOf(r.URL)
			sites[r.URL] = site
		}
		row := versionRow(r, site, id)
		key := [2]string{r.URL, r.ContentHash}
		if i, dup := index[key]; dup {
			// The same content again in one batch (a page that went back to
			// an earlier text): one row, seen from the first to the last time.
			prev := b.versions[i]
			if t := row[3].(time.Time); t.After(prev[3].(time.Time)) {
				prev[3] = t
			}
		} else {
			index[key] = len(b.versions)
			b.versions = append(b.versions, row)
			b.months[monthStart(r.FirstSeen)] = true
		}
		b.seqs = append(b.seqs, r.Seq)
		b.lastSeq = r.Seq
		if len(b.seqs) >= o.BatchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// siteOf is the page's host without "www.", as the archive names sites.
func siteOf(u string) string {
	rest := u
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest[i:], "]") {
		rest = rest[:i]
	}
	return strings.TrimPrefix(strings.ToLower(rest), "www.")
}

// The merge, per batch, in one transaction. Every push locks the rows of
// its batch's pages first (in URL order, so two pushes cannot deadlock on
// them), so versions of one page are never merged by two pushes at once:
// that is what keeps one row per (url, content_hash) across partitions,
// where PostgreSQL cannot enforce it with a unique index.
const (
	sqlMergePages = `INSERT INTO pages AS p (url, site, first_seen, last_seen, last_fetched, gone_since, aliases)
SELECT url, site, first_seen, last_seen, last_fetched, gone_since, aliases FROM push_pages ORDER BY url
ON CONFLICT (url) DO UPDATE SET
  site = excluded.site,
  first_seen = least(p.first_seen, excluded.first_seen),
  last_seen = greatest(p.last_seen, excluded.last_seen),
  last_fetched = greatest(p.last_fetched, excluded.last_fetched),
  gone_since = CASE WHEN excluded.last_fetched >= p.last_fetched THEN excluded.gone_since ELSE p.gone_since END,
  aliases = ARRAY(SELECT DISTINCT a FROM unnest(p.aliases || excluded.aliases) AS a ORDER BY a)`

	// version = rank by last_seen: the page's current content is its
	// highest version (pages.versions). Only changed numbers are written.
	sqlRenumber = `UPDATE versions v SET version = r.n
FROM (SELECT url, content_hash, first_seen,
        row_number() OVER (PARTITION BY url ORDER BY last_seen, first_seen, content_hash)::int AS n
      FROM versions WHERE url = ANY($1)) r
WHERE v.url = r.url AND v.content_hash = r.content_hash AND v.first_seen = r.first_seen AND v.version <> r.n`

	sqlInsertFetches = `INSERT INTO fetches SELECT * FROM push_fetches ON CONFLICT DO NOTHING`
)

// pushRuns sends the archive's crawl runs from the first one that may
// still change (the oldest running at the last push) and moves that mark.
func (s *Sink) pushRuns(ctx context.Context, src Source, id, label string) (int, error) {
	latest, err := src.Runs(ctx, 1)
	if err != nil || len(latest) == 0 {
		return 0, err
	}
	var from int64
	err = s.conn.QueryRow(ctx, "SELECT runs_from FROM archives WHERE id = $1", id).Scan(&from)
	if errors.Is(err, pgx.ErrNoRows) {
		from = 1
	} else if err != nil {
		return 0, err
	}
	last := int64(latest[0].ID)
	if last < from {
		return 0, nil
	}
	runs, err := src.Runs(ctx, int(last-from+1))
	if err != nil {
		return 0, err
	}
	next := last + 1
	var rows [][]any
	for _, r := range runs {
		if int64(r.ID) < from {
			continue
		}
		if r.Status == archive.RunRunning && int64(r.ID) < next {
			next = int64(r.ID)
		}
		var fin any
		if !r.Finished.IsZero() {
			fin = r.Finished.UTC()
		}
		counts, _ := json.Marshal(r.Counts)
		failures := r.Failures
		if failures == nil {
			failures = map[string]string{}
		}
		fj, _ := json.Marshal(failures)
		rows = append(rows, []any{int64(r.ID), r.Source, r.Started.UTC(), fin, r.Status, string(counts), string(fj)})
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var cur int64
		if err := tx.QueryRow(ctx, `INSERT INTO archives AS a (id, label) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET label = CASE WHEN excluded.label = '' THEN a.label ELSE excluded.label END
			RETURNING pushed_seq`, id, label).Scan(&cur); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, r := range rows {
			b.Queue(`INSERT INTO runs (archive_id, id, source, started, finished, status, counts, failures)
				VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
				ON CONFLICT (archive_id, id) DO UPDATE SET source = excluded.source, started = excluded.started,
				  finished = excluded.finished, status = excluded.status, counts = excluded.counts, failures = excluded.failures`,
				append([]any{id}, r...)...)
		}
		b.Queue("UPDATE archives SET runs_from = $2 WHERE id = $1", id, next)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("push runs: %w", err)
	}
	return len(rows), nil
}
