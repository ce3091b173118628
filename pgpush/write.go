package pgpush

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"sync"
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

// A push writes batches through a pipeline of Options.Streams
// connections: batch k+1 is merged while batch k is, and they commit in
// seq order, each with the cursor at its last seq, so what a killed push
// leaves is always a prefix of the archive.
//
// Ordering uses only locks the server sees, so its deadlock detector sees
// every wait: each batch's transaction first takes an advisory lock of
// its own (archive, batch number), and before moving the cursor takes its
// predecessor's, which it gets when that transaction has ended. The next
// batch starts once this one holds its page locks, so a batch never waits
// for a later one's pages.
type pipeline struct {
	sink  *Sink
	id    string
	label string
	key   int32          // the archive's advisory-lock key
	idle  chan *pgx.Conn // writers not in a transaction
	n     int32          // batches started
}

// job is one batch in the pipeline.
type job struct {
	b        *batch
	n        int32  // its number in the push (advisory lock)
	prev     *job   // the batch before (nil for the first)
	cursor   uint64 // the cursor it expects to move: prev's last seq
	locked   chan struct{}
	done     chan struct{}
	err      error
	inserted int
}

// errOutOfTurn: the cursor was not where the batch expected it when it
// got its turn (its predecessor failed or is being retried).
var errOutOfTurn = errors.New("pgpush: cursor moved")

// archiveKey is the archive's half of the pipeline's advisory-lock keys.
func archiveKey(id string) int32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int32(h.Sum32())
}

// writers returns n connections ready to write batches: the sink's own
// and n-1 more, kept open for later pushes.
func (s *Sink) writers(ctx context.Context, n int) ([]*pgx.Conn, error) {
	for len(s.extra) < n-1 {
		c, err := pgx.ConnectConfig(ctx, s.cfg)
		if err != nil {
			return nil, fmt.Errorf("connect to %s: %w", s.where, redactErr(connectCause(err), s.cfg.Password))
		}
		if err := prepareWriter(ctx, c); err != nil {
			c.Close(context.Background())
			return nil, err
		}
		s.extra = append(s.extra, c)
	}
	return append([]*pgx.Conn{s.conn}, s.extra[:n-1]...), nil
}

// start waits for a free writer and for prev to hold its page locks,
// creates the partitions b needs, and starts writing b.
func (p *pipeline) start(ctx context.Context, b *batch, prev *job, cursor uint64) (*job, error) {
	var w *pgx.Conn
	select {
	case w = <-p.idle:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if prev != nil {
		select {
		case <-prev.locked:
		case <-ctx.Done():
			p.idle <- w
			return nil, ctx.Err()
		}
	}
	// DDL on a writer between transactions: it waits for the batches in
	// flight, which never wait for it.
	if err := p.sink.ensurePartitions(ctx, w, b.months); err != nil {
		p.idle <- w
		return nil, err
	}
	p.n++
	j := &job{b: b, n: p.n, prev: prev, cursor: cursor, locked: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer func() { p.idle <- w }()
		defer close(j.done)
		var once sync.Once
		signal := func() { once.Do(func() { close(j.locked) }) }
		defer signal()
		j.err = p.run(ctx, w, j, signal)
	}()
	return j, nil
}

// run writes j's batch in one transaction, retrying when it loses a race
// with another push or its predecessor was retried.
func (p *pipeline) run(ctx context.Context, w *pgx.Conn, j *job, locked func()) error {
	waited := false
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(ctx, w, func(tx pgx.Tx) error {
			j.inserted = 0
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", p.key, j.n); err != nil {
				return err
			}
			n, err := mergeBatch(ctx, tx, j.b, locked)
			if err != nil {
				return err
			}
			j.inserted = n
			if j.prev != nil {
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", p.key, j.prev.n); err != nil {
					return err
				}
			}
			tag, err := tx.Exec(ctx, `UPDATE archives SET pushed_seq = $2, last_push = now(),
				label = CASE WHEN $4 = '' THEN label ELSE $4 END
				WHERE id = $1 AND pushed_seq = $3`, p.id, int64(j.b.lastSeq), int64(j.cursor), p.label)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return errOutOfTurn
			}
			return nil
		})
		switch {
		case err == nil:
			return nil
		case errors.Is(err, errOutOfTurn):
			if j.prev != nil && !waited {
				// The batch before failed or is being retried: see how it
				// ends before trying again.
				waited = true
				select {
				case <-j.prev.done:
				case <-ctx.Done():
					return ctx.Err()
				}
				if j.prev.err != nil {
					return j.prev.err
				}
				continue
			}
			seq, _ := p.sink.cursorOn(ctx, w, p.id)
			return fmt.Errorf("%w: the database's cursor moved from %d to %d", ErrConcurrentPush, j.cursor, seq)
		case retryable(err) && attempt < 5:
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
			}
		default:
			return err
		}
	}
}

// mergeBatch writes b's pages, versions and fetches in tx and returns how
// many version rows it inserted. It calls locked once it holds the
// pages' row locks.
func mergeBatch(ctx context.Context, tx pgx.Tx, b *batch, locked func()) (int, error) {
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
	locked()
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
