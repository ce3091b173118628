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
		ix, err := OpenCurrent(ctx, dir, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	syncWritable := func() {
		t.Helper()
		ix, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustSync(t, ix, src)
		ix.Close()
	}
	// The first query of a writable Index opens bleve and verifies (and
	// records) the segments a sync wrote; a sync alone leaves bleve closed
	// when there is nothing to index.
	searchWritable := func() {
		t.Helper()
		ix, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustSync(t, ix, src)
		search(t, ix, src.memArchive, Request{Query: "frontière"})
		ix.Close()
	}

	if ix := openCurrent(); ix != nil {
		t.Fatal("an index that does not exist yet was opened")
	}
	syncWritable()
	// The segments that sync wrote are verified at the next writable use
	// of bleve only; read-only, they would be read whole at every open.
	if ix := openCurrent(); ix != nil {
		t.Error("opened read-only with segments not yet verified")
		ix.Close()
	}
	searchWritable()
	before := treeSum(t, dir)
	ix := openCurrent()
	if ix == nil {
		t.Fatal("an up-to-date index was not opened")
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
	syncWritable()
	searchWritable()
	if ix := openCurrent(); ix == nil {
		t.Error("not opened once synced again")
	} else {
		ix.Close()
	}
	other := idArchive{src.statsArchive, "archive-b"}
	if ix, _ := OpenCurrent(ctx, dir, other, nil); ix != nil {
		t.Error("opened as up to date with another archive")
		ix.Close()
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
