package main

import (
	"os"
	"path/filepath"

	"github.com/archivist-org/archivist/extract/pdf"
)

// usePDFCache keeps the PDF engine's compiled code between runs, in
// $ARCHIVIST_PDF_CACHE or else the user cache directory
// (~/.cache/archivist/pdfium): the first PDF of a later run then starts the
// engine in well under a second and ~100 MB instead of seconds and ~320 MB.
// ARCHIVIST_PDF_CACHE=off compiles in memory every run.
func usePDFCache() {
	dir := os.Getenv("ARCHIVIST_PDF_CACHE")
	switch dir {
	case "off":
		return
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return
		}
		dir = filepath.Join(base, "archivist", "pdfium")
	}
	pdf.SetCacheDir(dir)
}
