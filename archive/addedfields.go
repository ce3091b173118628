package archive

import (
	"bytes"
	"encoding/json"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
	bolt "go.etcd.io/bbolt"
)

// Articles stored by extractors before 0.2.0 lack source_url_from and
// republished, which docs/schema.md promises on every line: the export
// spliced them in as stored, so a copy came out without the fields and an
// original too. Readers give them the fields here, on the fly; the stored
// article stays as it was made (reextract replaces it).

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
