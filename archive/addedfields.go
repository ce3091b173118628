package archive

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"log/slog"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
	bolt "go.etcd.io/bbolt"
)

// Articles stored by extractors before 0.2.0 lack source_url_from and
// republished, which docs/schema.md promises on every line: the export
// spliced them in as stored, so a copy came out without the fields and an
// original too. Readers give them the fields here, on the fly; and a
// writer adds them to the stored articles once (fillSourceFields), for a
// copy's fields are derived by extracting its stored page again: an export
// of such an archive was 50 times slower than of a current one. The rest
// of the stored article stays as it was made (reextract replaces it).

// byOldExtractor reports whether a version's article may predate the
// fields: today's articles are never scanned for them.
func byOldExtractor(vr *versionRec) bool {
	return vr.Extractor != extract.Version && vr.Extractor != pdf.Extractor
}

// withSourceFields is a stored article's JSON with the fields added (see
// addSourceFields); aj itself when it has them or does not decode.
func withSourceFields(tx *bolt.Tx, vr *versionRec, aj []byte) []byte {
	if !byOldExtractor(vr) || bytes.Contains(aj, []byte(`"source_url_from"`)) {
		return aj
	}
	var art extract.Article
	if json.Unmarshal(aj, &art) != nil {
		return aj // the export names it as damaged
	}
	addSourceFields(tx, vr, &art)
	art.FillLists()
	if b, err := json.Marshal(&art); err == nil {
		return b
	}
	return aj
}

// addSourceFields derives an old copy's source_url_from and republished
// from its stored page, as today's extractor sets them: both are "" on an
// original. When today's rules find the copy's source where the old ones
// did, their signal and the copy's own date (when the stored published is
// the original's) are taken. Otherwise the signal is the one the old rules
// could have used: the page's canonical_url, or else an attribution line.
func addSourceFields(tx *bolt.Tx, vr *versionRec, art *extract.Article) {
	if art.SourceURL == "" || art.SourceURLFrom != "" {
		return
	}
	if now := reextractStored(tx, vr); now != nil && now.SourceURL == art.SourceURL {
		art.SourceURLFrom = now.SourceURLFrom
		if now.Republished != "" && now.Published == art.Published {
			art.Republished = now.Republished
		}
		return
	}
	if art.SourceURL == art.CanonicalURL {
		art.SourceURLFrom = extract.SourceFromCanonical
	} else {
		art.SourceURLFrom = extract.SourceFromCredit
	}
}

// reextractStored is today's extraction of version vr's stored HTML page;
// nil when it cannot be read or extracted, or is a PDF (no copy's source).
func reextractStored(tx *bolt.Tx, vr *versionRec) *extract.Article {
	raw, err := readBlob(tx, vr.Blob)
	if err != nil || pdf.IsPDF(raw) {
		return nil
	}
	art, err := safeExtract(htmlExtract, raw, vr.fetchedURL(), vr.header())
	if err != nil {
		return nil
	}
	return art
}

// kFilledSeq (in bMeta) is the last seq fillSourceFields went through.
var kFilledSeq = []byte("source_fields_seq")

// fillSourceFields stores the derived fields in the articles of versions
// archived since it last ran, in small commits beside the writer's own,
// until Close: an interrupted run resumes after its last commit. It
// commits only to fill an article or to note its progress past many
// versions, so an archive with nothing to fill is not written at every
// open. A failure only leaves the deriving to readers.
func (a *Archive) fillSourceFields() {
	defer close(a.filled)
	const batch, noteEvery = 16, 4096
	for {
		select {
		case <-a.stopFill:
			return
		default:
		}
		var keys [][]byte
		var after uint64
		seen, done := 0, false
		err := a.view(func(tx *bolt.Tx) error {
			if v := tx.Bucket(bMeta).Get(kFilledSeq); len(v) == 8 {
				after = binary.BigEndian.Uint64(v)
			}
			cur := tx.Bucket(bSeq).Cursor()
			k, v := cur.Seek(u64(after + 1))
			for ; k != nil && len(keys) < batch && seen < noteEvery; k, v = cur.Next() {
				after, seen = binary.BigEndian.Uint64(k), seen+1
				if lacksSourceFields(tx, v) {
					keys = append(keys, bytes.Clone(v))
				}
			}
			done = k == nil
			return nil
		})
		if err == nil && (len(keys) > 0 || seen == noteEvery) {
			err = a.guardedUpdate(func(tx *bolt.Tx) error {
				c := getCounters(tx)
				for _, k := range keys {
					if err := fillVersion(tx, k, &c); err != nil {
						return err
					}
				}
				if err := putCounters(tx, c); err != nil {
					return err
				}
				return tx.Bucket(bMeta).Put(kFilledSeq, u64(after))
			})
		}
		if err != nil {
			slog.Debug("archive: source fields not stored", "err", err)
			return
		}
		if done {
			return
		}
	}
}

// oldStoredArticle is the article of the version at key, when it and its
// version record can be read and it was made by an older extractor.
func oldStoredArticle(tx *bolt.Tx, key []byte) (vr *versionRec, z, aj []byte) {
	id, n := splitVKey(key)
	vr, err := getVersion(tx, id, n)
	if err != nil || !byOldExtractor(vr) {
		return nil, nil, nil
	}
	z = tx.Bucket(bVArticle).Get(key)
	if z == nil || vr.checkArticle(z) != nil {
		return nil, nil, nil
	}
	if aj, err = decompress(z); err != nil {
		return nil, nil, nil
	}
	return vr, z, aj
}

func lacksSourceFields(tx *bolt.Tx, key []byte) bool {
	_, _, aj := oldStoredArticle(tx, key)
	return aj != nil && !bytes.Contains(aj, []byte(`"source_url_from"`))
}

// fillVersion stores the derived fields in the article of the version at
// key, if it lacks them; a version that cannot be read is left to verify.
func fillVersion(tx *bolt.Tx, key []byte, c *counters) error {
	vr, z, aj := oldStoredArticle(tx, key)
	if aj == nil {
		return nil
	}
	withFields := withSourceFields(tx, vr, aj)
	if bytes.Equal(withFields, aj) {
		return nil
	}
	nz := compressArticle(withFields)
	if err := tx.Bucket(bVArticle).Put(key, nz); err != nil {
		return err
	}
	oldMeta := len(tx.Bucket(bVMeta).Get(key))
	vr.Stored += len(nz) - len(z)
	vr.ArtSum = articleSum(nz)
	m, err := putVersion(tx.Bucket(bVMeta), key, vr)
	if err != nil {
		return err
	}
	c.StoredBytes += int64(len(nz) - len(z) + m - oldMeta)
	return nil
}
