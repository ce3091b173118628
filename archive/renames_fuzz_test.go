package archive

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// FuzzRenames: rename links whose checksum matches but whose JSON is
// anything (a link to a page that does not exist, to the page itself,
// a cycle, a huge list, another type, a date out of range) in the
// renames bucket of a real archive. FuzzOpen's damage rarely gets past
// the checksum; this does. Reads, verify, salvage, a writable open
// (which moves and marks the links) and the reads after it give answers
// or errors, never a panic, and a salvaged archive verifies.
func FuzzRenames(f *testing.F) {
	good := smallArchive(f)
	for _, s := range [][2]string{
		{`{"moved_to":"https://example.org/p4","moved_at":"2025-01-02T08:04:05Z"}`, `{"moved_from":["https://example.org/p3"]}`},
		{`{"moved_to":"https://example.org/p3"}`, `{"moved_from":["https://example.org/p3","https://example.org/p3"]}`},
		{`{"moved_to":"https://example.org/p4","moved_from":["https://example.org/p4"]}`, `{"moved_to":"https://example.org/p3"}`},
		{`{"moved_to":"https://example.org/nowhere"}`, `{"moved_from":["","x","https://example.org/p0"]}`},
		{`{}`, `null`},
		{`[]`, `"x"`},
		{`{"moved_at":"0001-01-01T00:00:00Z"}`, `{"moved_at":"9999-12-31T23:59:59+14:00","moved_to":"https://example.org/p1"}`},
		{`{"moved_to":"http://[::1]:namedport"}`, `{"moved_from":null}`},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.db")
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bRenames)
			if b == nil {
				return errors.New("no renames bucket in the seed archive")
			}
			var keys [][]byte
			_ = b.ForEach(func(k, _ []byte) error {
				keys = append(keys, append([]byte(nil), k...))
				return nil
			})
			if len(keys) != 2 {
				return errors.New("the seed archive should have two pages with rename links")
			}
			for i, v := range [][]byte{first, second} {
				j := append(append([]byte(nil), v...), 0)
				j = binary.BigEndian.AppendUint32(j, crc32.Checksum(j[:len(j)-1], crcTable))
				if err := b.Put(keys[i], j); err != nil {
					return err
				}
			}
			return nil
		})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := readEverything(t, path); errors.Is(err, ErrCorrupt) {
			salvageDamaged(t, path, dir)
		}
		a, err := Open(path, &Options{noSync: true})
		if err != nil {
			return
		}
		if err := a.Close(); err != nil {
			t.Fatalf("close after a writable open: %v", err)
		}
		_ = readEverything(t, path)
	})
}
