package archive

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

// Raw pages are zstd and articles S2, but readers take either in either
// place (older files hold zstd articles): swap both and read back exactly.
func TestReadsEitherCodec(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	const u = "https://example.org/a"
	record(t, a, u, at, "Title", "Some text of the article that is long enough to keep.")
	raw, err := a.Raw(ctx, u, 1)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	swap := func(z, plain []byte) []byte {
		if bytes.HasPrefix(z, zstdMagic) {
			return s2.Encode(nil, plain)
		}
		return enc.EncodeAll(plain, nil)
	}
	err = a.db.Update(func(tx *bolt.Tx) error {
		c := getCounters(tx)
		for _, name := range [][]byte{bBlobs, bVArticle} {
			b := tx.Bucket(name)
			var keys, vals [][]byte
			b.ForEach(func(k, v []byte) error {
				plain, err := decompress(v)
				if err != nil {
					return err
				}
				z := swap(v, plain)
				if bytes.HasPrefix(z, zstdMagic) == bytes.HasPrefix(v, zstdMagic) {
					t.Fatal("test setup: codec not swapped")
				}
				c.StoredBytes += int64(len(z) - len(v))
				keys, vals = append(keys, clone(k)), append(vals, z)
				return nil
			})
			for i := range keys {
				if err := b.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
		}
		// Files that hold zstd articles predate article checksums.
		vm := tx.Bucket(bVMeta)
		k, v := vm.Cursor().First()
		vr, err := decodeVersion(v)
		if err != nil {
			return err
		}
		vr.ArtSum = 0
		n, err := putVersion(vm, clone(k), vr)
		c.StoredBytes += int64(n - len(v))
		if err != nil {
			return err
		}
		return putCounters(tx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Raw(ctx, u, 1)
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("raw page after the swap: %v (equal %v)", err, bytes.Equal(got, raw))
	}
	rec, err := a.Version(ctx, u, 1)
	if err != nil || rec.Title != "Title" {
		t.Fatalf("article after the swap: %+v %v", rec, err)
	}
	mustVerifyClose(t, a)
}

func TestDecompressRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{{0xff, 0xff, 0xff}, append(append([]byte{}, zstdMagic...), 1, 2, 3)} {
		if _, err := decompress(in); err == nil {
			t.Errorf("decompress(%x): no error", in)
		}
	}
}
