package search

import (
	"context"
	"errors"
	"testing"

	"github.com/archivist-org/archivist/archive"
)

// idArchive is a statsArchive that also says which archive it is.
type idArchive struct {
	statsArchive
	id string
}

func (s idArchive) Stats(ctx context.Context) (*archive.Stats, error) {
	st, err := s.statsArchive.Stats(ctx)
	if st != nil {
		st.ID = s.id
	}
	return st, err
}

func TestOpenCurrent(t *testing.T) {
	ctx := context.Background()
	src := idArchive{statsArchive{fixture()}, "archive-a"}
	dir := t.TempDir()
	openCurrent := func() *Index {
		t.Helper()
		st, err := src.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return OpenCurrent(dir, st, nil)
	}
	syncWritable := func() { // as a writer does: bleve opened at Open
		t.Helper()
		ix, err := Open(dir, &Options{Eager: true})
		if err != nil {
			t.Fatal(err)
		}
		mustSync(t, ix, src)
		ix.Close()
	}

	if ix := openCurrent(); ix != nil {
		t.Fatal("an index that does not exist yet was opened")
	}
	syncWritable()
	// The segments that sync wrote are verified at the next writable open
	// only; read-only, they would be read whole at every open.
	if ix := openCurrent(); ix != nil {
		t.Error("opened read-only with segments not yet verified")
		ix.Close()
	}
	// A merge bleve ran in the background during a writable open may
	// leave a segment that open did not verify; a later one verifies it.
	becomesCurrent := func() *Index {
		t.Helper()
		for range 4 {
			syncWritable()
			if ix := openCurrent(); ix != nil {
				return ix
			}
		}
		return nil
	}
	ix := becomesCurrent()
	if ix == nil {
		t.Fatal("an up-to-date index was not opened")
	}
	ix.Close()
	before := treeSum(t, dir)
	ix = openCurrent()
	if ix == nil {
		t.Fatal("an up-to-date index was not opened again")
	}
	if got := urls(search(t, ix, src.memArchive, Request{Query: "frontière"})); len(got) != 1 {
		t.Errorf("search: %v", got)
	}
	if _, err := ix.Sync(ctx, src); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Sync: %v, want ErrReadOnly (opened read-only)", err)
	}
	ix.Close()
	if treeSum(t, dir) != before {
		t.Error("opening an up-to-date index changed its files")
	}

	src.add("https://news.example.com/budget", "Budget", "The budget deficit widened sharply.", nil)
	if ix := openCurrent(); ix != nil {
		t.Error("opened read-only although the archive has a version the index lacks")
		ix.Close()
	}
	if ix := becomesCurrent(); ix == nil {
		t.Error("not opened once synced again")
	} else {
		ix.Close()
	}
	other := idArchive{src.statsArchive, "archive-b"}
	if st, _ := other.Stats(ctx); OpenCurrent(dir, st, nil) != nil {
		t.Error("opened as up to date with another archive")
	}
	// A writer holding the index: not opened, and no error (the caller
	// opens it writable and waits for the lock as before).
	w, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if ix := openCurrent(); ix != nil {
		t.Error("opened beside a writer")
		ix.Close()
	}
}
