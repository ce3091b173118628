package main

import (
	"context"
	"io"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/warcio"
)

// runExportWARC writes the selected versions as WARC to w (gzip per record):
// a warcinfo record, then a response record per version with the stored
// payload, its original response headers and its fetch time as WARC-Date.
// It returns the highest seq written. `archivist import` of the output
// changes nothing in the archive it came from.
func runExportWARC(ctx context.Context, r archive.Reader, f archive.ExportFilter, w io.Writer) (lastSeq uint64, err error) {
	lastSeq, _, err = warcio.Export(ctx, r, f, w, nil)
	return lastSeq, err
}
