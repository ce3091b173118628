package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// problemLines are the PROBLEM lines of verify's output, sorted.
func problemLines(out string) []string {
	var ps []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "PROBLEM:") {
			ps = append(ps, l)
		}
	}
	slices.Sort(ps)
	return ps
}

// verify run while a serve process holds the archive goes through its
// read socket, and reports the same damage as a direct verify of the file
// (every damaged page, then every record problem), not the first damaged
// page only: the holder verifies a snapshot of the file.
func TestVerifyThroughSocketReportsAll(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	site := damageFixture(t, dir)
	db := filepath.Join(dir, "a.db")
	root, ps := bucketRoot(t, db, "pages")
	cfg := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[[source]]\nname = \"s\"\nseeds = [%q]\nevery = \"24h\"\n", site+"/")), 0o600); err != nil {
		t.Fatal(err)
	}
	serve := exec.Command(archivistBinary(t), "serve", "--archive", db, "--config", cfg, "--allow-private", "--http-addr", "127.0.0.1:0")
	serve.Dir = dir
	var serveErr strings.Builder
	serve.Stderr = &serveErr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			serve.Process.Signal(syscall.SIGTERM)
			serve.Wait()
		}
	}
	defer stop()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(archive.SocketPath(db)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve made no read socket in 60s:\n%s", serveErr.String())
		}
	}
	if r := runBinary(t, dir, nil, "verify", "--archive", db); r.Code != 0 {
		t.Fatalf("verify through the socket of an intact archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	// Damage under the holder: the pages bucket's root refers to itself.
	writeCycle(t, db, root, ps)
	viaSocket := runBinary(t, dir, nil, "verify", "--archive", db)
	stop()
	direct := runBinary(t, dir, nil, "verify", "--archive", db)
	if crashRE.MatchString(viaSocket.Stderr) || viaSocket.Code != 1 {
		t.Fatalf("verify through the socket: exit %d, want 1\n%s%s", viaSocket.Code, viaSocket.Stdout, viaSocket.Stderr)
	}
	want := fmt.Sprintf("page %d is reached twice", root)
	if !strings.Contains(direct.Stdout, want) {
		t.Fatalf("direct verify does not name page %d (exit %d):\n%s%s", root, direct.Code, direct.Stdout, direct.Stderr)
	}
	got, all := problemLines(viaSocket.Stdout), problemLines(direct.Stdout)
	if len(all) < 2 || !slices.Equal(got, all) {
		t.Errorf("verify through the socket reported\n%s\nwant what a direct verify reports:\n%s", strings.Join(got, "\n"), strings.Join(all, "\n"))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".a.db.verify-*")); len(left) > 0 {
		t.Errorf("the snapshot was left behind: %v", left)
	}
}
