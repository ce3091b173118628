package pgpush_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/pgpush"
)

func BenchmarkZZExpPush(b *testing.B) {
	path := benchArchive(b)
	db := os.Getenv("PGEXP")
	ctx := context.Background()
	a, err := archive.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	s, err := pgpush.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, err := s.Push(ctx, a, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%+v in %v: %.0f/s", st, time.Since(start), float64(st.Inserted)/time.Since(start).Seconds())
}
