package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/archive"
)

func TestRunReextract(t *testing.T) {
	db := readFixture(t) // versions made by extractor "0.0.1"
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := runReextract(ctx, reextractOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "re-extracted 4 versions") {
		t.Errorf("%s", out.String())
	}
	r, err := archive.OpenReader(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h, _ := r.History(ctx, "https://think.example/a")
	if len(h) != 3 {
		t.Errorf("reextract must not add versions: %d", len(h))
	}
	rec, err := r.Version(ctx, "https://think.example/a", 1)
	if err != nil || rec.Extractor == "0.0.1" {
		t.Errorf("not re-extracted: %+v %v", rec, err)
	}
	out.Reset()
	// Nothing left to do.
	r.Close()
	if err := runReextract(ctx, reextractOptions{Archive: db}, nil, &out, &errb); err != nil || !strings.Contains(out.String(), "re-extracted 0") {
		t.Errorf("second run: %v %s", err, out.String())
	}
	var vo bytes.Buffer
	if err := runVerify(ctx, verifyOptions{Archive: db}, nil, &vo, &errb); err != nil {
		t.Errorf("verify after reextract: %v\n%s", err, vo.String())
	}
}

// TestReextractStopsItsReadServer: reextract returns once its read
// server has stopped and removed its socket; it returned while the server
// was still starting or shutting down, so the socket could appear or
// linger beside the archive afterwards (a flaky "TempDir RemoveAll
// cleanup: directory not empty" in TestRunReextract).
func TestReextractStopsItsReadServer(t *testing.T) {
	db := readFixture(t)
	sock := archive.SocketPath(db)
	for i := range 20 {
		var out, errb bytes.Buffer
		if err := runReextract(context.Background(), reextractOptions{Archive: db}, nil, &out, &errb); err != nil {
			t.Fatalf("%v\n%s", err, errb.String())
		}
		if _, err := os.Stat(sock); err == nil {
			t.Fatalf("run %d: the read server's socket is still there after reextract returned", i)
		}
	}
}

// TestReextractReindexJSON: reextract and reindex, run by scripts after an
// upgrade, print their summary as one JSON line with --json, as crawl,
// import, push, stats and verify do; they had no --json (exit 2).
func TestReextractReindexJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	db := readFixture(t) // 4 versions made by extractor "0.0.1"
	r := runBinary(t, "", nil, "reextract", "--archive", db, "--json")
	var rx struct {
		Type                                string
		Checked, Updated, Unchanged, Failed int
		Elapsed                             *float64 `json:"elapsed_seconds"`
	}
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != 1 || json.Unmarshal([]byte(r.Stdout), &rx) != nil ||
		rx.Type != "reextract" || rx.Checked != 4 || rx.Updated+rx.Unchanged != 4 || rx.Elapsed == nil {
		t.Errorf("reextract --json: exit %d, %+v\n%s%s", r.Code, rx, r.Stdout, r.Stderr)
	}
	r = runBinary(t, "", nil, "reindex", "--archive", db, "--json")
	var ri struct {
		Type    string
		Indexed int
		LastSeq uint64   `json:"last_seq"`
		Elapsed *float64 `json:"elapsed_seconds"`
	}
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != 1 || json.Unmarshal([]byte(r.Stdout), &ri) != nil ||
		ri.Type != "reindex" || ri.Indexed == 0 || ri.LastSeq == 0 || ri.Elapsed == nil {
		t.Errorf("reindex --json: exit %d, %+v\n%s%s", r.Code, ri, r.Stdout, r.Stderr)
	}
}

// Interrupted, reextract says what it kept and what to run: it only said
// "interrupted", and whether a second run goes on or starts over depends
// on --all.
func TestReextractInterruptedSaysWhatToDo(t *testing.T) {
	db := readFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, all := range []bool{false, true} {
		var out, errb bytes.Buffer
		err := runReextract(ctx, reextractOptions{Archive: db, All: all}, nil, &out, &errb)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("--all=%v: err %v, want context.Canceled", all, err)
		}
		if !strings.Contains(errb.String(), "kept; run it again to go on") || all != strings.Contains(errb.String(), "starts over") {
			t.Errorf("--all=%v: stderr %q", all, errb.String())
		}
	}
}
