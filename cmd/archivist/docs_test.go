package main

import (
	"os"
	"regexp"
	"testing"

	"github.com/archivist-org/archivist/archive"
)

// TestPostgresDocListsRunStatuses: the `runs` table of docs/postgres.md
// names every status a run can have. `failed` (a run that got no response
// at all) was missing, so a dashboard written from the doc did not expect it.
func TestPostgresDocListsRunStatuses(t *testing.T) {
	doc, err := os.ReadFile("../../docs/postgres.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile("`status`\\s*\\(([^)]*)\\)").FindSubmatch(doc)
	if line == nil {
		t.Fatal("docs/postgres.md: no `status` (…) list in the runs table")
	}
	for _, s := range []string{archive.RunRunning, archive.RunDone, archive.RunInterrupted, archive.RunFailed} {
		if !regexp.MustCompile("`" + s + "`").Match(line[1]) {
			t.Errorf("docs/postgres.md lists run statuses (%s) without %q", line[1], s)
		}
	}
}
