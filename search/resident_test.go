package search

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Dropping the resident pages of state.db's map leaves what it reads, and
// what is written afterwards, intact.
func TestDropResidentKeepsData(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "s.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	val := func(i int) []byte { return bytes.Repeat([]byte(fmt.Sprint(i)), 100) }
	put := func(from, to int) {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			for i := from; i < to; i++ {
				if err := b.Put([]byte(fmt.Sprintf("k%06d", i)), val(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check := func(n int) {
		err := db.View(func(tx *bolt.Tx) error {
			for i := 0; i < n; i++ {
				if v := tx.Bucket([]byte("b")).Get([]byte(fmt.Sprintf("k%06d", i))); !bytes.Equal(v, val(i)) {
					return fmt.Errorf("key %d: %.20q", i, v)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	put(0, 20000)
	check(20000)
	dropResident(db)
	check(20000)
	put(20000, 40000) // grows the file: bbolt maps it again
	dropResident(db)
	check(40000)
}
