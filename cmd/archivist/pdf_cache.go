package main

import (
	"os"
	"path/filepath"

	"github.com/archivist-org/archivist/extract/pdf"
)

// usePDFCache keeps the PDF engine's compiled code between runs, in
// $ARCHIVIST_PDF_CACHE or else the user cache directory
// (~/.cache/archivist/pdfium): the first PDF of a later run then starts the
// engine in well under a second instead of the seconds a compile takes (in a
// child process, so this one stays near 100 MB either way).
// ARCHIVIST_PDF_CACHE=off compiles every run.
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
