package crawler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/archivist-org/archivist/extract/pdf"
)

// TestMain: the PDF engine's compiled code is kept in one directory shared
// by the test runs of every package, plain and -race: a compile takes
// seconds, and a minute in a -race test binary. extract/pdf tests the
// compile itself.
func TestMain(m *testing.M) {
	pdf.SetCacheDir(filepath.Join(os.TempDir(), "archivist-pdfium-tests"))
	os.Exit(m.Run())
}
