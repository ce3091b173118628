package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A read socket made by another user is not trusted (issue 15, case 6):
// while a writer holds the archive, a reader whose socket path another
// user listens on refuses it, loudly, rather than take that listener's
// answers; a writer whose private socket folder another user made serves
// no socket there and says so, and its import still works.
func TestForeignReadSocketRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to give a socket to another user")
	}
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock(1)")
	}
	const nobody = 65534
	dir := t.TempDir()
	site := damageFixture(t, dir)
	db := filepath.Join(dir, "a.db")
	page := site + "/2025/04/analysis-number-3-of-the-region"

	// Another user's listener at the socket path, answering every query
	// with a fake page.
	sock := db + ".sock"
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const fake = "https://evil.example/planted"
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"url":%q,"site":"evil.example","versions":1}`, fake)
	}))
	if err := os.Lchown(sock, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	// A writer holds the archive: readers go to the socket.
	hold := exec.Command("flock", "-x", db, "sleep", "20")
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { hold.Process.Kill(); hold.Wait() }()
	time.Sleep(300 * time.Millisecond)
	for _, args := range [][]string{{"show", page}, {"history", page}, {"search", "region"}, {"stats"}} {
		r := runBinary(t, dir, nil, append(args, "--archive", db)...)
		if r.Code != 1 || !strings.Contains(r.Stderr, "belongs to uid 65534") || strings.Contains(r.Stdout, fake) {
			t.Errorf("%v with another user's socket: exit %d, want 1 refusing it:\n%s%s", args, r.Code, r.Stdout, r.Stderr)
		}
	}
	hold.Process.Kill()
	hold.Wait()
	ln.Close()

	// The writer's side: a path too long for a socket beside it puts the
	// socket in a private folder, which another user made first.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	private := filepath.Join(tmp, fmt.Sprintf("archivist-%d", os.Getuid()))
	if err := os.Mkdir(private, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(private, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(private, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(dir, strings.Repeat("x", 110)+".db")
	r := runBinary(t, dir, nil, "import", "--archive", long, "in.warc.gz")
	if r.Code != 0 || !strings.Contains(r.Stderr, "refusing the socket folder") {
		t.Errorf("import with another user's socket folder: exit %d, want 0 and the folder refused:\n%s", r.Code, r.Stderr)
	}
	if entries, _ := os.ReadDir(private); len(entries) > 0 {
		t.Errorf("a socket was made in another user's folder: %v", entries)
	}
}
