package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/search"
)

// TestWriterGoneCoversAServerThatQuits: a crawl that exits while a search
// sits in its read server's accept queue closes the connection unanswered;
// the search must take that, like a refused dial, for the writer's exit and
// ask again (it then opens the index itself), not fail with "EOF".
func TestWriterGoneCoversAServerThatQuits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	rem := &search.Remote{Client: archive.DialHTTP(db), BaseURL: archive.SocketBaseURL}
	ctx := context.Background()

	_, err := rem.Search(ctx, search.Request{Query: "water"})
	if err == nil || !writerGone(err) {
		t.Fatalf("no socket: err %v, writerGone false", err)
	}

	ln, err := net.Listen("unix", archive.SocketPath(db))
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close() // shutting down: the request is never read
		}
	}()
	_, err = rem.Search(ctx, search.Request{Query: "water"})
	if err == nil || !writerGone(err) {
		t.Fatalf("connection closed unanswered: err %v, writerGone false", err)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := rem.Search(canceled, search.Request{Query: "water"}); err == nil || writerGone(err) {
		t.Fatalf("interrupted: err %v, taken for the writer's exit", err)
	}
	if writerGone(os.ErrPermission) {
		t.Fatal("a permission error is not the writer's exit")
	}
}
