// Package search keeps a full-text index and near-duplicate fingerprints
// derived from an archive, and answers queries and copy look-ups from them.
//
// # Basics
//
// The index lives in a directory beside the archive (IndexDir: the archive
// path + ".index"). It holds a bleve v2 (scorch) index with one document per
// archived version, and a small bbolt file (state.db) with the last indexed
// archive sequence number and, for each page's latest version, a MinHash
// signature of its text used to find copies.
//
// Open the index with Open, bring it up to date with Sync (it reads the
// versions with seq greater than the last one indexed, in seq order), query
// it with Search and Copies. Rebuild drops everything and indexes the whole
// archive again.
//
// Every version is indexed; the page's newest version carries latest=true,
// which default queries filter on, and older versions are flipped to
// latest=false when a newer one arrives. Queries use the language of each
// document for analysis (English, French, German, Arabic, Spanish, Italian,
// Portuguese, Dutch, Russian stemmers; a standard analyzer otherwise) and
// analyse query words with the analyzers of every language present in the
// index, so one query finds matches across languages.
//
// Article text is not stored in the index: snippets are cut from the
// archive's own text at query time (through a TextSource). The body and
// title keep term positions, so a "quoted phrase" is matched in the index:
// its analysed terms at their positions (a stop word leaves its gap), in
// each language that analyses it alike. Two adjacent body terms that are
// both very frequent words ("in the") are also indexed as one pair term
// (docs only), which a phrase uses as a filter: an index that does not
// say it has them for every version (made or written to by an archivist
// before them) answers phrases on positions alone, and gets them back at
// the next Rebuild (see grams.go).
//
// # Guarantees
//
//   - The index is derived: deleting IndexDir loses nothing; Rebuild or the
//     next Sync recreates it.
//   - Sync is idempotent and crash-safe: each batch is first committed (and
//     persisted) in bleve, then the bbolt state (page states, pending
//     latest-flips and the last seq) is committed in one transaction. A
//     crash between the two replays the batch on the next Sync, which
//     re-indexes the same document ids.
//   - One process at a time opens an index (a file lock); others get
//     ErrLocked and should query the owner through its read server
//     (Handler / Remote). Read-only opens (Options.ReadOnly, for an index
//     on read-only storage) share the lock with each other and write
//     nothing.
//   - A damaged index (ErrDamaged) or one foreign to its archive
//     (ErrForeign: another archive's, or ahead of it) is dropped and
//     rebuilt, unless Options.NoRebuild: then it is reported and left as
//     it is.
//
// # Caveats
//
//   - Search results are only as fresh as the last Sync; a read-only
//     index cannot be synced, so it misses versions archived since.
//   - Copy detection compares each page's latest version only. Shared
//     fractions are MinHash estimates (128 hashes: about ±0.05).
//   - Texts shorter than MinShingles word shingles get no fingerprint and
//     are never reported as copies.
//   - Phrases match on analysed terms: "trading wars" matches "trade
//     war" where the stemmer makes them alike, and a stop word matches
//     any word in its place.
//   - Without a TextSource there are no snippets.
package search
