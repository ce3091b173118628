package pgpush

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/archivist-org/archivist/archive"
)

// Source is what Push reads: an archive opened for writing (*archive.Archive
// is one). Push only reads through the exported read API, and writes only
// its own KV namespace (the archive-side copy of the cursor).
type Source interface {
	archive.Reader
	archive.FetchLogReader
	ID() string
	KV(namespace string) *archive.KV
}

var _ Source = (*archive.Archive)(nil)

// KVNamespace is the archive KV namespace holding, per database id, how far
// this archive was pushed there.
const KVNamespace = "pgpush"

// DefaultBatchSize is how many versions one transaction carries.
const DefaultBatchSize = 2000

// DefaultStreams is how many connections write batches at once.
const DefaultStreams = 2

// Options for Push. nil means defaults.
type Options struct {
	// BatchSize is how many versions go into one transaction (with their
	// pages and fetch logs); 0 = DefaultBatchSize.
	BatchSize int
	// Streams is how many batches are written at once, each on its own
	// connection (the server computes every version's tsvector, which is
	// most of a push's cost, on one core per connection); 0 =
	// DefaultStreams. Batches still commit in seq order.
	Streams int
	// Label names the archive in the archives table for people (e.g.
	// "host:/path/archivist.db"); "" keeps the one stored.
	Label string
	// CopyLinks, if set, gives a page's copy_of / copies links (from the
	// search index's near-duplicate groups) for pushed versions.
	CopyLinks func(pageURL string) (copyOf string, copies []string)
	// Progress, if set, is called after each committed batch.
	Progress func(Progress)
	// Logger for warnings; nil = slog.Default().
	Logger *slog.Logger
}

// Progress is a push's state after a committed batch.
type Progress struct {
	Versions int    // versions sent so far
	Seq      uint64 // the database's cursor now: every version up to it is pushed
	LastSeq  uint64 // the archive's last seq when the push started
	FromSeq  uint64 // the cursor the push started from
}

// Stats report what a Push did.
type Stats struct {
	FromSeq  uint64 // cursor before
	Seq      uint64 // cursor after: every version with seq <= Seq is in the database
	Versions int    // versions read from the archive and sent
	Inserted int    // version rows the database did not have (distinct contents)
	Pages    int    // page rows sent (a page per batch it has versions in)
	Fetches  int    // fetch-log entries sent
	Runs     int    // crawl runs sent
	// Refreshed counts pages fetched again without a new version since
	// the database last heard of them, whose state and fetch log were sent.
	Refreshed int
	Elapsed   time.Duration
}

// ErrConcurrentPush: another push of the same archive moved the
// database's cursor while this one ran.
var ErrConcurrentPush = errors.New("pgpush: another push of this archive is running")

// Sink is a connection to a database that archives are pushed to. It is
// not safe for concurrent use; open one per push.
type Sink struct {
	conn  *pgx.Conn
	cfg   *pgx.ConnConfig
	extra []*pgx.Conn // more writers, opened by Push as Options.Streams asks
	dbID  string
	where string
	parts map[time.Time]bool
}

// Open connects to the PostgreSQL database named by connString (a URL
// "postgres://user@host:port/db?..." or "key=value" pairs; the password may
// come from PGPASSWORD or ~/.pgpass), creates or migrates archivist's
// schema and prepares the push. Errors never contain the password.
func Open(ctx context.Context, connString string) (*Sink, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		// pgconn redacts the password in its parse errors.
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	where := Redact(connString)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", where, redactErr(connectCause(err), cfg.Password))
	}
	s := &Sink{conn: conn, cfg: cfg, where: where, parts: map[time.Time]bool{}}
	if err := s.setup(ctx); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return s, nil
}

// connectCause words a failed connection by its cause. pgx lists every
// attempt on a line of its own (sslmode=prefer tries TLS, then plain), so
// a missing database read "tls error: server refused TLS connection"
// first.
func connectCause(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return cause{fmt.Sprintf("%s (SQLSTATE %s)", pe.Message, pe.Code), err}
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return cause{de.Error(), err}
	}
	var ne *net.OpError
	if errors.As(err, &ne) && ne.Op == "dial" {
		return cause{ne.Error() + " (is PostgreSQL running there?)", err}
	}
	return err
}

// cause is err said by its cause; errors.Is and As still see err.
type cause struct {
	msg string
	err error
}

func (c cause) Error() string { return c.msg }
func (c cause) Unwrap() error { return c.err }

// ErrBadURL: the connection string does not parse.
var ErrBadURL = errors.New("pgpush: bad database URL")

func (s *Sink) setup(ctx context.Context) error {
	var err error
	if s.dbID, err = migrate(ctx, s.conn); err != nil {
		return err
	}
	rows, _ := s.conn.Query(ctx, `SELECT c.relname::text FROM pg_catalog.pg_inherits i
		JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'versions'::regclass`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		if t, err := time.Parse("versions_2006_01", n); err == nil {
			s.parts[t] = true
		}
	}
	return prepareWriter(ctx, s.conn)
}

// prepareWriter readies a connection to write batches: session settings
// and the temp tables batches are staged in.
func prepareWriter(ctx context.Context, conn *pgx.Conn) error {
	applySessionSettings(ctx, conn)
	for _, stmt := range []string{
		"CREATE TEMP TABLE push_pages (LIKE pages) ON COMMIT DELETE ROWS",
		"CREATE TEMP TABLE push_fetches (LIKE fetches) ON COMMIT DELETE ROWS",
		"CREATE TEMP TABLE push_seen ON COMMIT DELETE ROWS AS SELECT url, content_hash, first_seen, last_seen FROM versions WITH NO DATA",
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the connections.
func (s *Sink) Close() error {
	for _, c := range s.extra {
		c.Close(context.Background())
	}
	s.extra = nil
	return s.conn.Close(context.Background())
}

// DatabaseID is the database's id, made when push created the schema: the
// key of the archive-side cursor.
func (s *Sink) DatabaseID() string { return s.dbID }

// Where names the database for messages: URL without password.
func (s *Sink) Where() string { return s.where }

// Cursor returns how far the archive with id archiveID was pushed to this
// database: every version with seq <= the cursor is there.
func (s *Sink) Cursor(ctx context.Context, archiveID string) (uint64, error) {
	return s.cursorOn(ctx, s.conn, archiveID)
}

func (s *Sink) cursorOn(ctx context.Context, conn *pgx.Conn, archiveID string) (uint64, error) {
	var seq int64
	err := conn.QueryRow(ctx, "SELECT pushed_seq FROM archives WHERE id = $1", archiveID).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return uint64(seq), err
}

// ArchiveCursor is the archive-side record of a push to one database.
type ArchiveCursor struct {
	Seq      uint64    `json:"seq"`
	Database string    `json:"database"` // URL without password, at the last push
	At       time.Time `json:"at"`
}

// ArchiveCursorOf reads the archive-side cursor for database dbID (zero
// if the archive was never pushed there).
func ArchiveCursorOf(src Source, dbID string) (ArchiveCursor, error) {
	var c ArchiveCursor
	v, err := src.KV(KVNamespace).Get([]byte(dbID))
	if err != nil || v == nil {
		return c, err
	}
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("pgpush: archive-side cursor for %s: %w", dbID, err)
	}
	return c, nil
}

// Push copies every version of src not yet in the database, in seq order,
// a batch per transaction; each transaction also moves the database's
// cursor, so a push killed at any moment resumes where the last commit
// left off, with nothing lost or doubled. After each commit the cursor is
// also written to the archive (KVNamespace). Cancelling ctx rolls back
// the batch in flight and returns ctx's error; committed batches stay.
func (s *Sink) Push(ctx context.Context, src Source, opts *Options) (Stats, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	start := time.Now()
	id := src.ID()
	if id == "" {
		return Stats{}, errors.New("pgpush: the archive has no id yet: open it once for writing (e.g. a crawl)")
	}
	from, err := s.Cursor(ctx, id)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{FromSeq: from, Seq: from}
	ac, err := ArchiveCursorOf(src, s.dbID)
	if err != nil {
		log.Warn("ignoring unreadable archive-side cursor", "err", err)
	}
	if ac.Seq > from {
		log.Warn("the database is behind what this archive pushed to it (restored from a backup?); pushing again from its cursor",
			"database_seq", from, "archive_seq", ac.Seq)
	}
	as, err := src.Stats(ctx)
	if err != nil {
		return st, err
	}
	if from > as.LastSeq {
		return st, fmt.Errorf("pgpush: the database has versions of archive %s up to seq %d but this archive ends at %d: "+
			"it is an older copy of that archive; push from the archive the database was pushed from", id, from, as.LastSeq)
	}

	if o.Streams <= 0 {
		o.Streams = DefaultStreams
	}
	writers, err := s.writers(ctx, o.Streams)
	if err != nil {
		return st, err
	}
	// The archive's row, before any batch: batches only move its cursor.
	if _, err := s.conn.Exec(ctx, `INSERT INTO archives (id, label) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, id, o.Label); err != nil {
		return st, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, o.Streams+1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readBatches(ctx, src, id, from, o, batches)
	}()
	p := pipeline{sink: s, id: id, label: o.Label, key: archiveKey(id), idle: make(chan *pgx.Conn, len(writers))}
	for _, w := range writers {
		p.idle <- w
	}
	// done reports the committed jobs at the head of the queue, in order.
	var queue []*job
	var failed error
	done := func(wait bool) {
		for len(queue) > 0 {
			j := queue[0]
			if !wait {
				select {
				case <-j.done:
				default:
					return
				}
			}
			<-j.done
			queue = queue[1:]
			if failed != nil {
				continue
			}
			if j.err != nil {
				failed = j.err
				cancel()
				continue
			}
			b := j.b
			st.Inserted += j.inserted
			st.Seq = b.lastSeq
			st.Versions += len(b.seqs)
			st.Pages += len(b.pages)
			st.Fetches += len(b.fetches)
			c := ArchiveCursor{Seq: st.Seq, Database: s.where, At: time.Now().UTC()}
			if v, err := json.Marshal(c); err == nil {
				if err := src.KV(KVNamespace).Put([]byte(s.dbID), v); err != nil {
					log.Warn("could not record the push in the archive (the database's cursor is what counts)", "err", err)
				}
			}
			if o.Progress != nil {
				o.Progress(Progress{Versions: st.Versions, Seq: st.Seq, LastSeq: as.LastSeq, FromSeq: from})
			}
		}
	}
	var prev *job
	cursor := from
	for b := range batches {
		done(false)
		if failed != nil {
			break
		}
		j, err := p.start(ctx, b, prev, cursor)
		if err != nil {
			failed = err
			cancel()
			break
		}
		queue = append(queue, j)
		prev, cursor = j, b.lastSeq
	}
	done(true)
	if failed != nil {
		for range batches { // let the reader finish
		}
		<-readErr
		return st, failed
	}
	if err := <-readErr; err != nil {
		return st, err
	}
	if st.Refreshed, err = s.refresh(ctx, src, id); err != nil {
		return st, err
	}
	n, err := s.pushRuns(ctx, src, id, o.Label)
	st.Runs = n
	st.Elapsed = time.Since(start)
	return st, err
}

// retryable reports a transaction that lost a race with another push
// (deadlock between page-row locks, serialization failure).
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// inTx runs fn in a transaction, retrying a few times when it loses a race
// with a concurrent push.
func (s *Sink) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = pgx.BeginFunc(ctx, s.conn, fn); err == nil || !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
		}
	}
	return err
}
