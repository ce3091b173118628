package archive

import (
	"context"
	"errors"

	bolt "go.etcd.io/bbolt"
)

// ErrEmptyKey: KV keys must not be empty.
var ErrEmptyKey = errors.New("archive: empty key")

// KV is an ordered, persistent key-value namespace stored in the archive
// file, with the archive's crash guarantees: each Put, Delete, Clear and
// Batch is atomic and durable when it returns. Writes share commits with
// Record (group commit). Returned slices are the caller's.
type KV struct {
	a  *Archive
	ns []byte
}

// KVPair is one entry.
type KVPair struct{ Key, Value []byte }

// KV returns a namespaced ordered key-value store in the same file; the
// crawler keeps its frontier in it.
func (a *Archive) KV(namespace string) *KV {
	return &KV{a: a, ns: []byte(namespace)}
}

func (k *KV) bucket(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(bKV).Bucket(k.ns)
}

// Get returns the value for key, or nil (and no error) if absent.
func (k *KV) Get(key []byte) ([]byte, error) {
	var out []byte
	err := k.a.view(func(tx *bolt.Tx) error {
		if b := k.bucket(tx); b != nil {
			out = clone(b.Get(key))
		}
		return nil
	})
	return out, err
}

// Put sets key to value.
func (k *KV) Put(key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	return k.Batch([]KVPair{{Key: key, Value: value}})
}

// Delete removes key (no error if absent).
func (k *KV) Delete(key []byte) error {
	return k.Batch([]KVPair{{Key: key}})
}

// Len returns the number of entries.
func (k *KV) Len() (int, error) {
	n := 0
	err := k.a.view(func(tx *bolt.Tx) error {
		if b := k.bucket(tx); b != nil {
			n = int(b.Sequence())
		}
		return nil
	})
	return n, err
}

// Clear removes every entry of the namespace.
func (k *KV) Clear() error {
	return k.a.update(context.Background(), func(tx *bolt.Tx) error {
		kv := tx.Bucket(bKV)
		if kv.Bucket(k.ns) == nil {
			return nil
		}
		return kv.DeleteBucket(k.ns)
	})
}

// Scan returns up to n pairs with key >= from, in key order (n <= 0: all).
func (k *KV) Scan(from []byte, n int) ([]KVPair, error) {
	var out []KVPair
	err := k.a.view(func(tx *bolt.Tx) error {
		b := k.bucket(tx)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for key, v := c.Seek(from); key != nil && (n <= 0 || len(out) < n); key, v = c.Next() {
			out = append(out, KVPair{Key: clone(key), Value: clone(v)})
		}
		return nil
	})
	return out, err
}

// Batch applies puts (Value != nil) and deletes (Value == nil) atomically.
func (k *KV) Batch(ops []KVPair) error {
	b, err := k.NewBatch(ops)
	if err != nil {
		return err
	}
	return k.a.update(context.Background(), b.apply)
}

// KVBatch is a set of writes to one namespace, made by NewBatch and written
// with a fetch (Fetch.Also).
type KVBatch struct {
	kv  *KV
	ops []KVPair
}

// NewBatch checks ops (puts where Value != nil, deletes where it is nil)
// and returns them as a batch for Fetch.Also.
func (k *KV) NewBatch(ops []KVPair) (*KVBatch, error) {
	for _, op := range ops {
		if len(op.Key) == 0 {
			return nil, ErrEmptyKey
		}
	}
	return &KVBatch{kv: k, ops: ops}, nil
}

func (kb *KVBatch) apply(tx *bolt.Tx) error {
	b, err := tx.Bucket(bKV).CreateBucketIfNotExists(kb.kv.ns)
	if err != nil {
		return err
	}
	for _, op := range kb.ops {
		if op.Value == nil {
			err = kvDelete(b, op.Key)
		} else {
			err = kvPut(b, op.Key, op.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// The namespace bucket's sequence counts its keys, so Len is O(1).

func kvPut(b *bolt.Bucket, key, value []byte) error {
	if b.Get(key) == nil {
		if err := b.SetSequence(b.Sequence() + 1); err != nil {
			return err
		}
	}
	return b.Put(key, value)
}

func kvDelete(b *bolt.Bucket, key []byte) error {
	if b.Get(key) == nil {
		return nil
	}
	if err := b.SetSequence(b.Sequence() - 1); err != nil {
		return err
	}
	return b.Delete(key)
}
