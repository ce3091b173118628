package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// TestReadCommandsWhileHeld: this process holds the archive (as a crawl
// would) and serves reads; the real binary, a second process, reads
// through the socket. Missing archives are reported without creating one.
func TestReadCommandsWhileHeld(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	db := readFixture(t)
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- archive.NewReadServer(a).Serve(ctx, db) }()
	defer func() { cancel(); <-served }()
	for i := 0; i < 100; i++ {
		if _, err := archive.DialHTTP(db).Get(archive.SocketBaseURL + "/v1/stats"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"history", "https://think.example/a"}, "GONE since"},
		{[]string{"show", "--version", "1", "https://think.example/a"}, "The quick brown fox."},
		{[]string{"diff", "https://think.example/a", "1", "2"}, "{+red+}"},
		{[]string{"export", "--all-versions"}, `"seq":4`},
		{[]string{"stats"}, "versions:     4"},
		{[]string{"verify"}, "ok"},
	} {
		res := runBinary(t, "", nil, append(c.args, "--archive", db)...)
		if res.Code != 0 || !strings.Contains(res.Stdout, c.want) {
			t.Errorf("archivist %v: exit %d, want %q in\n%s\nstderr: %s", c.args, res.Code, c.want, res.Stdout, res.Stderr)
		}
	}
	res := runBinary(t, "", nil, "show", "--archive", db, "https://think.example/nope")
	if res.Code != 1 || !strings.Contains(res.Stderr, "no page https://think.example/nope in the archive") {
		t.Errorf("unknown URL: %+v", res)
	}
	res = runBinary(t, "", nil, "show", "--version", "9", "--archive", db, "https://think.example/a")
	if res.Code != 1 || !strings.Contains(res.Stderr, "versions 1..3") {
		t.Errorf("version out of range: %+v", res)
	}
	dir := t.TempDir()
	res = runBinary(t, dir, nil, "history", "https://think.example/a")
	if res.Code != 1 || !strings.Contains(res.Stderr, "no archive at archivist.db") {
		t.Errorf("missing archive: %+v", res)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("a read command created %v", m)
	}
}

// TestURLWithoutSchemeFindsTheArchivedPage: a URL typed without its
// scheme (copied from a browser's address bar) reads the page the archive
// has under http:// or https://; it was refused with "did you mean
// https://…", which for a page archived over http found nothing either.
func TestURLWithoutSchemeFindsTheArchivedPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := crawlSite(t, 1)
	dir := t.TempDir()
	if r := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--allow-private", "--delay", "0", h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	typed := strings.TrimPrefix(h.URL, "http://") + "/2025/04/analysis-number-0-of-the-region"
	for _, args := range [][]string{{"show"}, {"history"}, {"show", "--at", "2100-01-01"}, {"copies"}} {
		r := runBinary(t, dir, nil, append(args, "--archive", "a.db", typed)...)
		// copies finds the page (a lone page: "no copies found").
		if r.Code != 0 || (args[0] != "copies" && !strings.Contains(r.Stdout, h.URL+"/2025/04/analysis-number-0-of-the-region")) {
			t.Errorf("%v %s: exit %d\n%s%s", args, typed, r.Code, r.Stdout, r.Stderr)
		}
	}
	// Not archived under either scheme: the suggestion, as before.
	if r := runBinary(t, dir, nil, "show", "--archive", "a.db", "example.org/nothing"); r.Code != 2 || !strings.Contains(r.Stderr, "did you mean") {
		t.Errorf("show of an unknown URL without scheme: exit %d\n%s", r.Code, r.Stderr)
	}
}
