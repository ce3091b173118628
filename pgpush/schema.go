package pgpush

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// SchemaVersion is the database schema this archivist writes (docs/
// postgres.md). Push creates the schema in an empty database, migrates an
// older one and refuses a newer one (ErrNewerSchema).
const SchemaVersion = 1

// lockSchema is the advisory lock key under which the schema is created,
// migrated and partitions are added, so pushes from several machines
// starting at once do not race on DDL. ("arch" "ivst" as two int32s.)
const lockSchema = 0x61726368_69767374

// migrations[i] takes the schema from version i to i+1. Entries are never
// edited once released: a change is a new entry.
var migrations = []func(ctx context.Context, tx pgx.Tx) error{
	migrate0to1,
}

// tsConfigs maps a language's primary subtag (BCP 47) to the text-search
// configuration PostgreSQL ships for it. Languages without one (and "")
// use "simple": words are indexed unstemmed.
var tsConfigs = map[string]string{
	"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
	"nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
	"el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
	"it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
	"nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
	"es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

// tsConfigFunc is the SQL of archivist_ts_config(language), limited to the
// configurations the server has (older servers lack some).
func tsConfigFunc(have map[string]bool) string {
	var tags []string
	for tag, cfg := range tsConfigs {
		if have[cfg] {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	var b strings.Builder
	b.WriteString(`CREATE OR REPLACE FUNCTION archivist_ts_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(replace(coalesce(language, ''), '_', '-'), '-', 1))
`)
	for _, tag := range tags {
		fmt.Fprintf(&b, "    WHEN '%s' THEN 'pg_catalog.%s'::pg_catalog.regconfig\n", tag, tsConfigs[tag])
	}
	b.WriteString("    ELSE 'pg_catalog.simple'::pg_catalog.regconfig END\n$$")
	return b.String()
}

func migrate0to1(ctx context.Context, tx pgx.Tx) error {
	rows, _ := tx.Query(ctx, "SELECT cfgname::text FROM pg_catalog.pg_ts_config")
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, stmt := range []string{
		`CREATE TABLE archivist_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
)`,
		`INSERT INTO archivist_meta VALUES ('database_id', md5(random()::text || clock_timestamp()::text))`,
		tsConfigFunc(have),
		`CREATE TABLE archives (
  id          text PRIMARY KEY,
  pushed_seq  bigint NOT NULL DEFAULT 0,
  runs_from   bigint NOT NULL DEFAULT 1,
  label       text NOT NULL DEFAULT '',
  first_push  timestamptz NOT NULL DEFAULT now(),
  last_push   timestamptz NOT NULL DEFAULT now()
)`,
		`CREATE TABLE pages (
  url          text PRIMARY KEY,
  site         text NOT NULL,
  first_seen   timestamptz NOT NULL,
  last_seen    timestamptz NOT NULL,
  last_fetched timestamptz NOT NULL,
  gone_since   timestamptz,
  versions     integer NOT NULL DEFAULT 0,
  aliases      text[] NOT NULL DEFAULT '{}'
)`,
		`CREATE INDEX pages_site ON pages (site)`,
		`CREATE TABLE versions (
  url             text NOT NULL,
  content_hash    text NOT NULL,
  version         integer NOT NULL,
  first_seen      timestamptz NOT NULL,
  last_seen       timestamptz NOT NULL,
  fetched_at      timestamptz NOT NULL,
  status          integer NOT NULL,
  site            text NOT NULL,
  title           text NOT NULL,
  authors         text[] NOT NULL,
  published       text NOT NULL,
  modified        text NOT NULL,
  date_source     text NOT NULL,
  site_name       text NOT NULL,
  language        text NOT NULL,
  description     text NOT NULL,
  topics          text[] NOT NULL,
  canonical_url   text NOT NULL,
  image           text NOT NULL,
  translations    jsonb NOT NULL,
  source_url      text NOT NULL,
  kind            text NOT NULL,
  text            text NOT NULL,
  markdown        text NOT NULL,
  word_count      integer NOT NULL,
  extractor       text NOT NULL,
  copy_of         text NOT NULL DEFAULT '',
  copies          text[] NOT NULL DEFAULT '{}',
  archive_id      text NOT NULL,
  archive_seq     bigint NOT NULL,
  archive_version integer NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(archivist_ts_config(language), title), 'A') ||
    setweight(to_tsvector(archivist_ts_config(language), description), 'B') ||
    setweight(to_tsvector(archivist_ts_config(language), text), 'D')
  ) STORED,
  PRIMARY KEY (url, content_hash, first_seen)
) PARTITION BY RANGE (first_seen)`,
		`CREATE INDEX versions_tsv ON versions USING gin (tsv)`,
		`CREATE INDEX versions_first_seen ON versions (first_seen)`,
		`CREATE INDEX versions_site ON versions (site, first_seen)`,
		`CREATE INDEX versions_source_url ON versions (source_url) WHERE source_url <> ''`,
		`CREATE INDEX versions_copy_of ON versions (copy_of) WHERE copy_of <> ''`,
		`CREATE TABLE fetches (
  archive_id  text NOT NULL,
  url         text NOT NULL,
  n           integer NOT NULL,
  at          timestamptz NOT NULL,
  status      integer NOT NULL,
  raw_size    integer NOT NULL,
  outcome     text NOT NULL,
  final_url   text NOT NULL,
  reason      text NOT NULL,
  header      jsonb,
  PRIMARY KEY (archive_id, url, n)
)`,
		`CREATE INDEX fetches_url_at ON fetches (url, at)`,
		`CREATE TABLE runs (
  archive_id  text NOT NULL,
  id          bigint NOT NULL,
  source      text NOT NULL,
  started     timestamptz NOT NULL,
  finished    timestamptz,
  status      text NOT NULL,
  counts      jsonb NOT NULL,
  failures    jsonb NOT NULL,
  PRIMARY KEY (archive_id, id)
)`,
	} {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%w\n%s", err, stmt)
		}
	}
	return nil
}

// migrate brings the database's schema to SchemaVersion and returns the
// database's id. It runs in one transaction under the schema lock.
func migrate(ctx context.Context, conn *pgx.Conn) (dbID string, err error) {
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(lockSchema)); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT to_regclass('archivist_schema') IS NOT NULL").Scan(&exists); err != nil {
			return err
		}
		have := 0
		if !exists {
			var others int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM pg_catalog.pg_tables
				WHERE schemaname = current_schema() AND tablename IN ('pages', 'versions', 'fetches', 'runs', 'archives')`).Scan(&others); err != nil {
				return err
			}
			if others > 0 {
				return fmt.Errorf("%w: schema %q has tables named like archivist's but no archivist_schema table",
					ErrNotArchivist, currentSchema(ctx, tx))
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE archivist_schema (
  version    integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM archivist_schema").Scan(&have); err != nil {
			return err
		}
		if have > SchemaVersion {
			return fmt.Errorf("%w: database schema %d, this archivist writes %d; upgrade archivist", ErrNewerSchema, have, SchemaVersion)
		}
		for v := have; v < SchemaVersion; v++ {
			if err := migrations[v](ctx, tx); err != nil {
				return fmt.Errorf("migrate database schema %d -> %d: %w", v, v+1, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO archivist_schema (version) VALUES ($1)", v+1); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, "SELECT value FROM archivist_meta WHERE key = 'database_id'").Scan(&dbID)
	})
	return dbID, err
}

func currentSchema(ctx context.Context, tx pgx.Tx) string {
	var s string
	_ = tx.QueryRow(ctx, "SELECT current_schema()").Scan(&s)
	return s
}

// monthStart is the first instant of t's month (UTC): versions are
// partitioned by the month of first_seen.
func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// partitionName is versions_YYYY_MM.
func partitionName(month time.Time) string {
	return fmt.Sprintf("versions_%04d_%02d", month.Year(), int(month.Month()))
}

// ensurePartitions creates the monthly partitions of versions that months
// need and the sink has not seen yet. DDL runs in its own transaction under
// the schema lock.
func (s *Sink) ensurePartitions(ctx context.Context, conn *pgx.Conn, months map[time.Time]bool) error {
	var missing []time.Time
	for m := range months {
		if !s.parts[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i].Before(missing[j]) })
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(lockSchema)); err != nil {
			return err
		}
		for _, m := range missing {
			sql := fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF versions FOR VALUES FROM ('%s') TO ('%s')`,
				partitionName(m), m.Format(time.RFC3339), m.AddDate(0, 1, 0).Format(time.RFC3339))
			if _, err := tx.Exec(ctx, sql); err != nil {
				return fmt.Errorf("create partition %s: %w", partitionName(m), err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range missing {
		s.parts[m] = true
	}
	return nil
}

// ErrNewerSchema: the database was set up by a newer archivist.
var ErrNewerSchema = errors.New("pgpush: database written by a newer archivist")

// ErrNotArchivist: the database (schema) has tables of the same names that
// archivist did not create.
var ErrNotArchivist = errors.New("pgpush: not an archivist database")
