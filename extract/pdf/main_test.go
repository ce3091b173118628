package pdf

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain: under -race the compiling child would be the instrumented test
// binary, a minute instead of seconds, and the compile is sequential code
// the plain run tests (TestEngineCompiledInChild); the -race run loads the
// engine from the directory other packages' tests share.
func TestMain(m *testing.M) {
	if raceEnabled {
		SetCacheDir(filepath.Join(os.TempDir(), "archivist-pdfium-tests"))
	}
	os.Exit(m.Run())
}
