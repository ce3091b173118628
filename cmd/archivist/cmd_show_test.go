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
