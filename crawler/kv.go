package crawler

import (
	"errors"

	"github.com/archivist-org/archivist/archive"
)

// archiveKV adapts *archive.KV: a missing key is (nil, nil).
type archiveKV struct{ kv *archive.KV }

func (a archiveKV) Get(key []byte) ([]byte, error) {
	v, err := a.kv.Get(key)
	if errors.Is(err, archive.ErrNotFound) {
		return nil, nil
	}
	return v, err
}
func (a archiveKV) Scan(from []byte, n int) ([]archive.KVPair, error) { return a.kv.Scan(from, n) }
func (a archiveKV) Batch(ops []archive.KVPair) error                  { return a.kv.Batch(ops) }
func (a archiveKV) NewBatch(ops []archive.KVPair) (*archive.KVBatch, error) {
	return a.kv.NewBatch(ops)
}
func (a archiveKV) Clear() error { return a.kv.Clear() }
