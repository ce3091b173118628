package extract

import (
	"os"
	"testing"
)

// TestDumpContent prints the body extracted from ARCHIVIST_DUMP (a .html.gz
// corpus page), for working on the rules. Skipped otherwise.
func TestDumpContent(t *testing.T) {
	path := os.Getenv("ARCHIVIST_DUMP")
	if path == "" {
		t.Skip("set ARCHIVIST_DUMP to a .html.gz page")
	}
	a, err := corpusExtract(readGz(t, path), os.Getenv("ARCHIVIST_DUMP_URL"))
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("ARCHIVIST_DUMP_MD") != "" {
		os.Stdout.WriteString(a.Markdown + "\n")
		return
	}
	os.Stdout.WriteString("KIND " + a.Kind + "\n" + a.Text + "\n")
}
