package archive

import (
	"context"
	"testing"
)

// Fetch.Also commits with the fetch, and not at all when the fetch fails.
func TestFetchAlso(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	kv := a.KV("frontier")
	if err := kv.Put([]byte("queued"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	batch, err := kv.NewBatch([]KVPair{{Key: []byte("queued")}, {Key: []byte("seen"), Value: []byte("1")}})
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://example.org/a"
	f := fetch(u, t0, htmlFor("T", "Some words here."))
	f.Also = batch
	if r, err := a.Record(ctx, f, art(u, "T", "Some words here.")); err != nil || r.Outcome != OutcomeNew {
		t.Fatalf("%+v %v", r, err)
	}
	if v, _ := kv.Get([]byte("queued")); v != nil {
		t.Errorf("queued = %q after the fetch, want deleted", v)
	}
	if v, _ := kv.Get([]byte("seen")); string(v) != "1" {
		t.Errorf("seen = %q, want 1", v)
	}

	// A fetch that cannot be recorded writes nothing of its batch.
	bad, _ := kv.NewBatch([]KVPair{{Key: []byte("bad"), Value: []byte("1")}})
	f = fetch("not a url", t0, "x")
	f.Also = bad
	if _, err := a.Record(ctx, f, nil); err == nil {
		t.Fatal("recorded a fetch of a bad URL")
	}
	if v, _ := kv.Get([]byte("bad")); v != nil {
		t.Errorf("batch of a failed fetch was written: %q", v)
	}

	// A batch belongs to its archive.
	other, _ := openTest(t, nil)
	foreign, _ := other.KV("frontier").NewBatch([]KVPair{{Key: []byte("k"), Value: []byte("v")}})
	f = fetch(u, t0.Add(1), htmlFor("T", "Some words here."))
	f.Also = foreign
	if _, err := a.RecordFailure(ctx, f, "test"); err == nil {
		t.Error("accepted another archive's batch")
	}
	if _, err := kv.NewBatch([]KVPair{{Key: nil, Value: []byte("v")}}); err != ErrEmptyKey {
		t.Errorf("empty key: %v", err)
	}
}
