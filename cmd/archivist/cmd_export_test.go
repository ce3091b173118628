package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func exportLines(t *testing.T, db string, o exportOptions) ([]map[string]any, string) {
	t.Helper()
	o.Archive = db
	if o.Format == "" {
		o.Format = formatJSONL
	}
	var out, errb bytes.Buffer
	if err := runExport(context.Background(), o, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		recs = append(recs, m)
	}
	return recs, errb.String()
}

func TestRunExport(t *testing.T) {
	db := readFixture(t)
	recs, stderr := exportLines(t, db, exportOptions{})
	if len(recs) != 2 || recs[0]["seq"].(float64) != 3 || recs[1]["seq"].(float64) != 4 {
		t.Fatalf("latest: %v", recs)
	}
	if !strings.Contains(stderr, "last seq 4") {
		t.Errorf("stderr: %q", stderr)
	}
	for _, k := range []string{"url", "title", "text", "version", "seq", "first_seen", "last_seen", "fetched_at", "content_hash", "status", "extractor"} {
		if _, ok := recs[1][k]; !ok {
			t.Errorf("record lacks %q", k)
		}
	}
	if recs[1]["status"].(float64) != 410 {
		t.Errorf("gone page status: %v", recs[1]["status"])
	}
	if recs, _ := exportLines(t, db, exportOptions{AllVersions: true}); len(recs) != 4 {
		t.Errorf("all versions: %d", len(recs))
	}
	if recs, _ := exportLines(t, db, exportOptions{AllVersions: true, AfterSeq: 2}); len(recs) != 2 {
		t.Errorf("after seq 2: %d", len(recs))
	}
	if recs, _ := exportLines(t, db, exportOptions{AllVersions: true, Site: "think.example"}); len(recs) != 3 {
		t.Errorf("site: %d", len(recs))
	}
	if recs, _ := exportLines(t, db, exportOptions{AllVersions: true, Since: "2026-03-02T12:00:00Z"}); len(recs) != 3 {
		t.Errorf("since: %d", len(recs))
	}
	_, stderr = exportLines(t, db, exportOptions{AfterSeq: 4})
	if !strings.Contains(stderr, "exported 0 articles; last seq 4 (next time: --after-seq 4)") {
		t.Errorf("nothing new: %q", stderr)
	}
	// Nothing matched: the resume point is still the archive's last seq,
	// not 0 (which would export everything again).
	_, stderr = exportLines(t, db, exportOptions{Since: "2099-01-01"})
	if !strings.Contains(stderr, "exported 0 articles; last seq 4 (next time with the same filters: --after-seq 4)") {
		t.Errorf("no match: %q", stderr)
	}
	var eb bytes.Buffer
	if err := runExport(context.Background(), exportOptions{Archive: db, Format: formatJSONL, AfterSeq: 5}, nil, io.Discard, &eb); err == nil ||
		!strings.Contains(err.Error(), "--after-seq 5 is beyond the last seq") || !strings.Contains(err.Error(), "(4)") {
		t.Errorf("--after-seq past the end: %v", err)
	}
	// -o FILE.gz
	out := filepath.Join(t.TempDir(), "x.jsonl.gz")
	var o, e bytes.Buffer
	if err := runExport(context.Background(), exportOptions{Archive: db, Format: formatJSONL, Output: out, AllVersions: true}, nil, &o, &e); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(out)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		n++
	}
	if n != 4 {
		t.Errorf("gz lines: %d", n)
	}
	var ue usageError
	if err := runExport(context.Background(), exportOptions{Archive: db, Format: "csv"}, nil, &o, &e); err == nil || !asUsage(err, &ue) {
		t.Errorf("bad format: %v", err)
	}
}

func asUsage(err error, ue *usageError) bool {
	u, ok := err.(usageError)
	if ok {
		*ue = u
	}
	return ok
}
