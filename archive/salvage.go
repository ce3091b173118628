package archive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// SalvageStats is what Salvage copied and what it had to leave.
type SalvageStats struct {
	Versions int // versions copied
	NoRaw    int // of those, versions whose raw page could not be read
	Damaged  int // of those, versions whose text no longer matches its content hash
	Skipped  int // versions that could not be read at all
}

// Salvage copies every readable version of src into dst, in seq order and as
// stored: the article as it was extracted then (no re-extraction), its raw
// page, headers and fetch time, and how long it was seen. Damage inside a
// stored URL or date cannot be told from data and is copied as it is. It is how a damaged
// archive is recovered: src is opened read-only, dst is a new archive. A
// version that cannot be read is reported to onBad and skipped; a version
// whose raw page is lost is still copied (its text is what users read) and
// reported. The returned error is dst's, or src's when the scan itself cannot
// go on.
func Salvage(ctx context.Context, src, dst *Archive, onBad func(seq uint64, url string, err error)) (SalvageStats, error) {
	var st SalvageStats
	bad := func(seq uint64, url string, err error) {
		if onBad != nil {
			onBad(seq, url, err)
		}
	}
	var dstErr error
	err := src.Export(ctx, ExportFilter{AllVersions: true, OnBadRecord: func(seq uint64, url string, err error) {
		st.Skipped++
		bad(seq, url, err)
	}}, func(r *Record) error {
		// Bytes flipped inside a stored article can leave it readable:
		// its content hash, stored apart, tells. Such a version is copied
		// as it is (most of its text is right) and named.
		if r.ContentHash != "" && contentHash(&r.Article) != r.ContentHash {
			st.Damaged++
			bad(r.Seq, r.URL, fmt.Errorf("%w: version %d's text does not match its content hash (copied as stored)", ErrCorrupt, r.Version))
		}
		f := Fetch{URL: r.URL, Status: http.StatusOK, FetchedAt: r.FetchedAt}
		if c, err := src.CaptureOf(ctx, r.URL, r.Version); err == nil {
			f.Header, f.Body = c.Header, c.Body
		} else {
			st.NoRaw++
			bad(r.Seq, r.URL, fmt.Errorf("raw page of version %d lost (the version is kept): %w", r.Version, err))
		}
		if _, err := dst.Record(ctx, f, &r.Article); err != nil {
			dstErr = err
			return err
		}
		st.Versions++
		// The version was seen until LastSeen: an unchanged fetch then.
		if r.LastSeen.After(r.FetchedAt) {
			f.FetchedAt = r.LastSeen
			if _, err := dst.Record(ctx, f, &r.Article); err != nil {
				dstErr = err
				return err
			}
		}
		return nil
	})
	if dstErr != nil {
		return st, fmt.Errorf("salvage: writing %s: %w", dst.Path(), dstErr)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return st, fmt.Errorf("salvage: reading %s: %w", src.Path(), err)
	}
	return st, err
}
