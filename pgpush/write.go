package pgpush

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
)

// sessionSettings are set on every push connection. Each is a session
// setting any role may change; a server that refuses one (an older
// PostgreSQL, no lz4) keeps its default. docs/postgres.md ("Push speed")
// says why each is there.
var sessionSettings = []string{
	// A commit lost to a server crash is pushed again: the archive keeps
	// its own cursor and push resends from the database's.
	"SET synchronous_commit = off",
	// lz4 compresses text and markdown several times faster than pglz.
	"SET default_toast_compression = 'lz4'",
}

func applySessionSettings(ctx context.Context, conn *pgx.Conn) {
	for _, stmt := range sessionSettings {
		_, _ = conn.Exec(ctx, stmt)
	}
}

// versionKey identifies a version row: a page's content.
type versionKey struct{ url, hash string }

// writeBatch writes one batch in one transaction: the pages (locked in URL
// order, which serialises pushes of the same pages), the versions the
// database does not have straight into versions with COPY (numbered after
// the page's rows), the sightings of those it has, the fetch logs, and the
// cursor.
func (s *Sink) writeBatch(ctx context.Context, id string, cursor uint64, b *batch, label string, st *Stats) error {
	if err := s.ensurePartitions(ctx, b.months); err != nil {
		return err
	}
	inserted := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockArchive(ctx, tx, id, label, cursor); err != nil {
			return err
		}
		n, err := mergeBatch(ctx, tx, b)
		if err != nil {
			return err
		}
		inserted = n
		_, err = tx.Exec(ctx, "UPDATE archives SET pushed_seq = $2, last_push = now() WHERE id = $1", id, int64(b.lastSeq))
		return err
	})
	if err == nil {
		st.Inserted += inserted
	}
	return err
}

// mergeBatch writes b's pages, versions and fetches in tx and returns how
// many version rows it inserted.
func mergeBatch(ctx context.Context, tx pgx.Tx, b *batch) (int, error) {
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_pages"}, pageCols, pgx.CopyFromRows(b.pages)); err != nil {
		return 0, fmt.Errorf("copy pages: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_fetches"}, fetchCols, pgx.CopyFromRows(b.fetches)); err != nil {
		return 0, fmt.Errorf("copy fetches: %w", err)
	}
	// Merging the pages locks their rows, in URL order: from here on no
	// other push adds versions of these pages until this one commits.
	rows, _ := tx.Query(ctx, sqlMergePages+" RETURNING p.url, p.versions")
	had := map[string]int{} // page -> version rows in the database
	var (
		u string
		n int32
	)
	var known []string // pages with rows already
	if _, err := pgx.ForEachRow(rows, []any{&u, &n}, func() error {
		had[u] = int(n)
		if n > 0 {
			known = append(known, u)
		}
		return nil
	}); err != nil {
		return 0, fmt.Errorf("merge pages: %w", err)
	}
	exists := map[versionKey]bool{}
	if len(known) > 0 {
		rows, _ := tx.Query(ctx, "SELECT url, content_hash FROM versions WHERE url = ANY($1)", known)
		var h string
		if _, err := pgx.ForEachRow(rows, []any{&u, &h}, func() error {
			exists[versionKey{u, h}] = true
			return nil
		}); err != nil {
			return 0, fmt.Errorf("read versions: %w", err)
		}
	}

	// Split the batch: contents the database has get their sightings
	// widened; new ones are numbered after the page's rows, by last_seen
	// (as sqlRenumber ranks them), and copied in.
	var seen [][]any
	fresh := map[string][][]any{}
	for _, r := range b.versions {
		k := versionKey{r[0].(string), r[1].(string)}
		if exists[k] {
			seen = append(seen, []any{k.url, k.hash, r[2], r[3]})
			continue
		}
		fresh[k.url] = append(fresh[k.url], r)
	}
	renumber := map[string]bool{}
	if len(seen) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"push_seen"}, []string{"url", "content_hash", "first_seen", "last_seen"}, pgx.CopyFromRows(seen)); err != nil {
			return 0, fmt.Errorf("copy sightings: %w", err)
		}
		rows, _ := tx.Query(ctx, sqlWidenSeen)
		widened, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return 0, fmt.Errorf("merge versions: %w", err)
		}
		for _, u := range widened {
			renumber[u] = true
		}
	}
	var (
		insert      [][]any
		urls        []string
		counts      []int32
		withVersion = len(versionCols)
	)
	for u, rs := range fresh {
		sort.Slice(rs, func(i, j int) bool { return rankLess(rs[i], rs[j]) })
		for i, r := range rs {
			insert = append(insert, append(r[:withVersion:withVersion], int32(had[u]+i+1)))
		}
		urls = append(urls, u)
		counts = append(counts, int32(len(rs)))
		if had[u] > 0 {
			renumber[u] = true
		}
	}
	if len(insert) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"versions"}, versionColsNumbered, pgx.CopyFromRows(insert)); err != nil {
			return 0, fmt.Errorf("copy versions: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE pages p SET versions = p.versions + c.n
			FROM unnest($1::text[], $2::int[]) AS c(url, n) WHERE p.url = c.url`, urls, counts); err != nil {
			return 0, fmt.Errorf("count versions: %w", err)
		}
	}
	if len(renumber) > 0 {
		urls := make([]string, 0, len(renumber))
		for u := range renumber {
			urls = append(urls, u)
		}
		if _, err := tx.Exec(ctx, sqlRenumber, urls); err != nil {
			return 0, fmt.Errorf("renumber versions: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, sqlInsertFetches); err != nil {
		return 0, fmt.Errorf("insert fetches: %w", err)
	}
	return len(insert), nil
}

// versionColsNumbered is versionCols and version.
var versionColsNumbered = append(versionCols[:len(versionCols):len(versionCols)], "version")

// rankLess orders two version rows of one page as sqlRenumber does: by
// last_seen, first_seen, content_hash, at the database's microseconds.
func rankLess(a, b []any) bool {
	for _, col := range []int{3, 2} {
		x, y := a[col].(time.Time).Truncate(time.Microsecond), b[col].(time.Time).Truncate(time.Microsecond)
		if !x.Equal(y) {
			return x.Before(y)
		}
	}
	return a[1].(string) < b[1].(string)
}
