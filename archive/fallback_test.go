package archive

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestRemoteReaderOutlivesWriter: a reader that went through the writer's
// read server keeps working after the writer closes the archive and its
// socket mid-session — the requests are served from the now-free file,
// trailers (export's count and last seq) included.
func TestRemoteReaderOutlivesWriter(t *testing.T) {
	a, db := openTest(t, nil)
	for i := 0; i < 30; i++ {
		record(t, a, fmt.Sprintf("https://example.org/a/%d", i), t0.Add(time.Duration(i)*time.Minute), fmt.Sprintf("Title %d", i), fmt.Sprintf("Body text number %d of the test.", i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- NewReadServer(a).Serve(ctx, db) }()

	r, err := OpenReader(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok := r.(*RemoteReader); !ok {
		t.Fatalf("OpenReader gave %T while the archive is held; want *RemoteReader", r)
	}
	if _, err := r.Page(context.Background(), "https://example.org/a/3"); err != nil {
		t.Fatalf("through the server: %v", err)
	}

	// The writer goes away.
	cancel()
	<-served
	if _, err := a.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	p, err := r.Page(context.Background(), "https://example.org/a/7")
	if err != nil || p.Versions != 1 {
		t.Fatalf("after the writer left: page %+v, %v", p, err)
	}
	var buf bytes.Buffer
	n, last, err := r.(JSONLExporter).ExportJSONL(context.Background(), ExportFilter{}, &buf)
	if err != nil {
		t.Fatalf("export after the writer left: %v", err)
	}
	if n != 30 || last != 30 || strings.Count(buf.String(), "\n") != 30 {
		t.Fatalf("export: n=%d last=%d lines=%d, want 30/30/30", n, last, strings.Count(buf.String(), "\n"))
	}
	if _, err := r.Page(context.Background(), "https://example.org/none"); err == nil {
		t.Error("unknown page: no error")
	}
}
