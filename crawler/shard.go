package crawler

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard selects the sources one of several machines crawls, so N machines
// can share one sources file with no coordinator: machine i of N runs
// `--shard i/N` and crawls exactly the sources whose name hashes to i.
// The zero Shard selects every source.
//
// The hash is fixed and documented, so every archivist version splits a
// file the same way: a source belongs to shard 1 + FNV-1a-64(name) mod N.
// Adding or removing sources never moves the others; changing N does.
type Shard struct {
	Index int // 1..Count
	Count int // 0 = no sharding
}

// ParseShard parses "i/N" (1 <= i <= N).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("bad shard %q: want i/N, e.g. 2/5", s)
	}
	if n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("bad shard %q: want 1 <= i <= N", s)
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardOf returns the shard (1..n) the source name belongs to among n.
func ShardOf(name string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int(h.Sum64()%uint64(n)) + 1
}

// Contains reports whether the source name belongs to the shard.
func (s Shard) Contains(name string) bool {
	return s.Count <= 1 || ShardOf(name, s.Count) == s.Index
}

// Select returns the sources of the shard, in their order.
func (s Shard) Select(sources []Source) []Source {
	var out []Source
	for _, src := range sources {
		if s.Contains(src.Name) {
			out = append(out, src)
		}
	}
	return out
}

// String is "i/N", or "" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
