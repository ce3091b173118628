package main

import (
	"context"
	"errors"
	"io"

	"github.com/archivist-org/archivist/archive"
)

// runExportWARC writes the selected versions as WARC (owned by the WARC work).
func runExportWARC(ctx context.Context, r archive.Reader, f archive.ExportFilter, w io.Writer) (lastSeq uint64, err error) {
	return 0, errors.New("export --format warc: not implemented yet")
}
