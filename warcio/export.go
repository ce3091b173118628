package warcio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/archivist-org/archivist/archive"
)

// CaptureSource is the optional part of an archive.Reader that returns a
// version's raw capture with its original headers (*archive.Archive has it).
// Without it Export falls back to Reader.Raw with a synthetic text/html
// header.
type CaptureSource interface {
	CaptureOf(ctx context.Context, url string, n int) (*archive.Capture, error)
}

// ExportOptions tune Export. nil means defaults.
type ExportOptions struct {
	Writer WriterOptions
	// OnRecord, if set, is called after each record is written.
	OnRecord func(n int)
}

// Export writes the versions r selects with f as WARC to w: a warcinfo
// record, then one response record per version with the stored payload,
// the original response headers and the fetch time as WARC-Date, after
// the 404/410 that preceded it when the page came back after being gone
// (importing it so keeps that version, whatever its text), and, last, a
// 301 from each renamed page written to the page it moved to, dated when
// it moved (importing it records the rename; replay tools redirect). It
// returns the highest seq written (for incremental exports) and the number
// of records.
func Export(ctx context.Context, r archive.Reader, f archive.ExportFilter, w io.Writer, opts *ExportOptions) (lastSeq uint64, n int, err error) {
	o := ExportOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Writer.Software == "" {
		o.Writer.Software = "archivist"
	}
	if o.Writer.Info == nil {
		o.Writer.Info = map[string]string{"description": "archivist export"}
	}
	ww, err := NewWriter(w, &o.Writer)
	if err != nil {
		return 0, 0, err
	}
	cs, _ := r.(CaptureSource)
	fl, _ := r.(archive.FetchLogReader)
	hists := histories{}
	var moved []string // pages renamed (their latest version written)
	err = r.Export(ctx, f, func(rec *archive.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if gone, err := goneBefore(ctx, r, fl, hists, rec); err != nil {
			return fmt.Errorf("export %s v%d: %w", rec.URL, rec.Version, err)
		} else if gone != nil {
			if _, err := ww.WriteResponse(*gone); err != nil {
				return err
			}
			n++
		}
		c, err := captureOf(ctx, r, cs, rec)
		if err != nil && f.OnBadRecord != nil && errors.Is(err, archive.ErrCorrupt) {
			// A damaged raw page: skipped and reported, as Export does
			// for a damaged version.
			f.OnBadRecord(rec.Seq, rec.URL, err)
			return nil
		}
		if err != nil {
			return fmt.Errorf("export %s v%d: %w", rec.URL, rec.Version, err)
		}
		// FinalURL is where the body was served from (normalised): the
		// record's target; the page's identity, if different, rides along.
		wc := Capture{URL: c.FinalURL, Date: c.FetchedAt, Status: c.Status, Header: c.Header, Body: c.Body}
		if wc.URL == "" {
			wc.URL = c.URL
		}
		if !sameURL(c.URL, wc.URL) {
			wc.PageURL = c.URL
		}
		if _, err := ww.WriteResponse(wc); err != nil {
			return err
		}
		n++
		if rec.Seq > lastSeq {
			lastSeq = rec.Seq
		}
		if rec.MovedTo != "" {
			moved = append(moved, rec.URL)
		}
		if o.OnRecord != nil {
			o.OnRecord(n)
		}
		return nil
	})
	if err == nil {
		// The renames last, when an import has both pages of each.
		for _, u := range moved {
			p, perr := r.Page(ctx, u)
			if perr != nil || p.MovedTo == "" {
				continue
			}
			if _, err = ww.WriteResponse(Capture{URL: u, Date: p.MovedAt, Status: http.StatusMovedPermanently,
				Header: http.Header{"Location": {p.MovedTo}}}); err != nil {
				break
			}
			n++
		}
	}
	if cerr := ww.Close(); err == nil {
		err = cerr
	}
	return lastSeq, n, err
}

// goneBefore is the fetch that found the page gone (404/410) between
// version rec.Version-1 and rec, as a bodiless response record; nil when
// there is none (or r has no fetch log).
func goneBefore(ctx context.Context, r archive.Reader, fl archive.FetchLogReader, hists histories, rec *archive.Record) (*Capture, error) {
	if fl == nil || rec.Version < 2 {
		return nil, nil
	}
	hist, err := hists.of(ctx, r, rec)
	if err != nil || len(hist) < rec.Version || !strings.HasPrefix(hist[rec.Version-1].Summary, archive.SummaryCameBack) {
		return nil, err
	}
	prev := hist[rec.Version-2].FetchedAt
	fetches, err := fl.Fetches(ctx, rec.URL, 0)
	if err != nil {
		return nil, err
	}
	for _, f := range slices.Backward(fetches) { // oldest first
		if f.Outcome == archive.OutcomeGone && f.At.After(prev) && f.At.Before(rec.FetchedAt) {
			return &Capture{URL: rec.URL, Date: f.At, Status: f.Status, Header: f.Header}, nil
		}
	}
	return nil, nil
}

// histories keeps the histories of the pages whose versions 2 and later
// an export is writing, so each page's is read once, not once per version
// (a long history was read whole for each of its versions). A page's is
// dropped at its latest version, the last an export in seq order meets
// (a version reextracted since, with a later seq, reads it again), so it
// holds only pages whose later versions are still to come.
type histories map[string][]archive.VersionInfo

// of is rec's page's history: rec.Version 2 or more.
func (h histories) of(ctx context.Context, r archive.Reader, rec *archive.Record) ([]archive.VersionInfo, error) {
	hist, ok := h[rec.URL]
	if !ok {
		var err error
		if hist, err = r.History(ctx, rec.URL); err != nil {
			return nil, err
		}
	}
	if rec.Version >= len(hist) {
		delete(h, rec.URL)
	} else {
		h[rec.URL] = hist
	}
	return hist, nil
}

func captureOf(ctx context.Context, r archive.Reader, cs CaptureSource, rec *archive.Record) (*archive.Capture, error) {
	if cs != nil {
		return cs.CaptureOf(ctx, rec.URL, rec.Version)
	}
	body, err := r.Raw(ctx, rec.URL, rec.Version)
	if err != nil {
		return nil, err
	}
	status := rec.Status
	if status == 0 {
		status = http.StatusOK
	}
	return &archive.Capture{URL: rec.URL, FinalURL: rec.URL, Status: status,
		Header: http.Header{"Content-Type": {"text/html"}},
		Body:   body, FetchedAt: rec.FetchedAt, Version: rec.Version, Seq: rec.Seq}, nil
}
