// Package pgpush copies an archive into PostgreSQL, so a team can query one
// shared archive with SQL (docs/postgres.md documents the schema and
// example queries).
//
// # Basics
//
// Open connects to a database and creates or migrates archivist's schema
// (SchemaVersion, recorded in archivist_schema). Sink.Push copies every
// version of an archive not yet in the database, in the archive's seq
// order, a batch per transaction, with the pages' state, fetch logs and
// crawl runs. Data flows one way: pgpush reads the archive through its
// exported read API and never changes it, except for its own KV namespace.
//
// # Guarantees
//
//   - Each batch commits its rows together with the database's cursor for
//     the archive (archives.pushed_seq), so a push killed at any moment
//     resumes after the last committed batch: nothing is lost or doubled.
//     After the commit the cursor is also written to the archive
//     (KVNamespace, keyed by the database's id), for people and to notice
//     a database restored from an older backup (it is then pushed again
//     from its own cursor).
//   - Rows are keyed so a push is idempotent: a page by its URL, a version
//     by (page URL, content_hash). Archives from several machines (each has
//     its own id) can push into one database at once; a page crawled by two
//     of them keeps one row per distinct content, first_seen the earliest
//     and last_seen the latest sighting of either.
//   - New versions are bulk-loaded with COPY straight into versions
//     (partitioned by month of first_seen; partitions are created as
//     needed), after the batch's pages are merged and locked. Batches are
//     written on Options.Streams connections at once and commit in seq
//     order (docs/postgres.md, "Push speed").
//   - Cancelling the context rolls back the batch in flight; the cursor
//     stays at the last commit.
//
// # Caveats
//
//   - PostgreSQL cannot enforce a unique key across partitions that does
//     not contain the partition key, so one row per (url, content_hash) is
//     kept by the push itself: every push locks its batch's page rows (in
//     URL order) before merging their versions. Writers other than push
//     must do the same.
//   - version in the database is a page's content's rank by last_seen, so
//     a page whose text went back to an earlier one (A, B, A) has two rows,
//     not three, and the current content is the highest version. The
//     archive's own number is kept in archive_version.
//   - Fetches that made no new version (unchanged, gone, failed) have no
//     seq: after the versions, each push compares every pushed page's fetch
//     log with the database's and sends the pages that were fetched again
//     (state, new fetch-log entries, sightings). That costs one small
//     archive read per page of the archive per push.
//   - Two copies of one archive file have the same id; crawling into both
//     and pushing both is not supported (the second is refused when it is
//     behind the database's cursor, else it may be skipped).
package pgpush
