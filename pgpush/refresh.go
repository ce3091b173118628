package pgpush

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
)

// refreshBatch is how many pages one refresh transaction updates.
const refreshBatch = 500

// refresh brings up to date, after the versions are pushed, the pages of
// this archive that were fetched again without a new version (last_seen,
// gone_since, fetch log): the seq cursor does not see those fetches. A
// page needs it when the archive's fetch log is longer than what the
// database has of it. Returns how many pages were refreshed.
func (s *Sink) refresh(ctx context.Context, src Source, id string) (int, error) {
	rows, _ := s.conn.Query(ctx, "SELECT url, max(n) FROM fetches WHERE archive_id = $1 GROUP BY url", id)
	known := map[string]int{}
	var (
		u string
		n int32
	)
	if _, err := pgx.ForEachRow(rows, []any{&u, &n}, func() error { known[u] = int(n); return nil }); err != nil {
		return 0, fmt.Errorf("refresh: %w", err)
	}
	var stale []string
	for u, n := range known {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		fl, err := src.Fetches(ctx, u, 1)
		if err != nil {
			if archive.IsNotFound(err) {
				continue
			}
			return 0, fmt.Errorf("refresh %s: %w", u, err)
		}
		if len(fl) > 0 && fl[0].N > n {
			stale = append(stale, u)
		}
	}
	for i := 0; i < len(stale); i += refreshBatch {
		if err := s.refreshPages(ctx, src, id, stale[i:min(i+refreshBatch, len(stale))], known); err != nil {
			return i, err
		}
	}
	return len(stale), nil
}

// refreshPages sends the pages' state, new fetch-log entries and their
// versions' sightings in one transaction.
func (s *Sink) refreshPages(ctx context.Context, src Source, id string, urls []string, known map[string]int) error {
	var pages, fetches, seen [][]any
	for _, u := range urls {
		p, err := src.Page(ctx, u)
		if err != nil {
			return fmt.Errorf("refresh %s: %w", u, err)
		}
		pages = append(pages, pageRow(p))
		fl, err := src.Fetches(ctx, u, 0)
		if err != nil {
			return fmt.Errorf("refresh %s: %w", u, err)
		}
		for _, f := range fl {
			if f.N > known[u] {
				fetches = append(fetches, fetchRow(id, p.URL, f))
			}
		}
		hist, err := src.History(ctx, u)
		if err != nil {
			return fmt.Errorf("refresh %s: %w", u, err)
		}
		for _, v := range hist {
			seen = append(seen, []any{p.URL, v.ContentHash, v.FirstSeen.UTC(), maxTime(v.LastSeen, v.FirstSeen).UTC()})
		}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_pages"}, pageCols, pgx.CopyFromRows(pages)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_fetches"}, fetchCols, pgx.CopyFromRows(fetches)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_seen"}, []string{"url", "content_hash", "first_seen", "last_seen"}, pgx.CopyFromRows(seen)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, sqlMergePages); err != nil {
			return fmt.Errorf("merge pages: %w", err)
		}
		rows, _ := tx.Query(ctx, sqlWidenSeen)
		widened, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("merge sightings: %w", err)
		}
		if len(widened) > 0 {
			if _, err := tx.Exec(ctx, sqlRenumber, widened); err != nil {
				return fmt.Errorf("renumber versions: %w", err)
			}
		}
		_, err = tx.Exec(ctx, sqlInsertFetches)
		return err
	})
}

// sqlWidenSeen is sqlWidenVersions for sightings only.
const sqlWidenSeen = `UPDATE versions v SET
  first_seen = least(v.first_seen, s.first_seen),
  last_seen = greatest(v.last_seen, s.last_seen)
FROM push_seen s
WHERE v.url = s.url AND v.content_hash = s.content_hash
  AND (s.first_seen < v.first_seen OR s.last_seen > v.last_seen)
RETURNING v.url`

func pageRow(p *archive.Page) []any {
	var gone any
	if !p.GoneSince.IsZero() {
		gone = p.GoneSince.UTC()
	}
	return []any{p.URL, p.Site, p.FirstSeen.UTC(), p.LastSeen.UTC(),
		maxTime(p.LastFetched, p.LastSeen).UTC(), gone, int32(0), nonNil(p.Aliases)}
}

func fetchRow(id, url string, f archive.FetchInfo) []any {
	var h any
	if len(f.Header) > 0 {
		h = map[string][]string(http.Header(f.Header))
	}
	return []any{id, url, int32(f.N), f.At.UTC(), int32(f.Status), int32(f.RawSize),
		string(f.Outcome), f.FinalURL, f.Reason, h}
}
