package archive

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The read socket is its owner's only, whatever the umask; a long path's
// socket goes in a per-user folder closed to others.
func TestSocketIsPrivate(t *testing.T) {
	a, path := openTest(t, nil)
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- NewReadServer(a).Serve(ctx, path) }()
	sock := SocketPath(path)
	var fi os.FileInfo
	var err error
	for i := 0; i < 100; i++ {
		if fi, err = os.Stat(sock); err == nil && fi.Mode().Perm() == 0o600 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket %s: mode %v (%v), want 0600", sock, fi.Mode().Perm(), err)
	}
	long := filepath.Join(t.TempDir(), strings.Repeat("x", 120)+".db")
	if dir := filepath.Dir(SocketPath(long)); dir != privateSocketDir() {
		t.Errorf("long path's socket in %s, want the private folder %s", dir, privateSocketDir())
	}
	if err := prepareSocketDir(SocketPath(long)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(privateSocketDir()); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("private socket folder mode %v (%v)", fi.Mode().Perm(), err)
	}
}
