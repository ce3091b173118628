package crawler

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"2/5": {2, 5}, "1/1": {1, 1}, " 3/3 ": {3, 3}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2", "0/5", "6/5", "2/0", "a/b", "-1/3", "2/5/7"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q): no error", in)
		}
	}
}

// TestShardSplit: every source is in exactly one of N shards, the split is
// roughly even, and it is the documented hash (1 + FNV-1a-64 mod N), which
// must never change: machines running different versions share one file.
func TestShardSplit(t *testing.T) {
	const n, sources = 5, 1000
	counts := make([]int, n+1)
	for i := 0; i < sources; i++ {
		name := fmt.Sprintf("source-%d", i)
		in := 0
		for k := 1; k <= n; k++ {
			if (Shard{k, n}).Contains(name) {
				in++
				counts[k]++
			}
		}
		if in != 1 {
			t.Fatalf("%s is in %d shards", name, in)
		}
	}
	for k := 1; k <= n; k++ {
		if counts[k] < sources/n/2 {
			t.Errorf("shard %d/%d has %d of %d sources", k, n, counts[k], sources)
		}
	}
	// FNV-1a-64: "africacenter" = 0x914cf1843a14006a, "csis" =
	// 0x1a2a919090c40ac7, "" = the offset basis 0xcbf29ce484222325.
	for name, want := range map[string]int{"africacenter": 4, "csis": 2, "": 3, "source-0": 1} {
		if got := ShardOf(name, 5); got != want {
			t.Errorf("ShardOf(%q, 5) = %d, want %d (the documented hash changed)", name, got, want)
		}
	}
	if (Shard{}).Select([]Source{{Name: "a"}, {Name: "b"}}) == nil {
		t.Error("the zero Shard selects nothing")
	}
}

func TestPushSection(t *testing.T) {
	cfg, err := ParseConfig("s.toml", []byte("[push]\nurl = \"postgres://u@db/x\"\n[[source]]\nname = \"a\"\nseeds = [\"https://a.example/\"]\n"))
	if err != nil || cfg.Push.URL != "postgres://u@db/x" {
		t.Fatalf("%+v, %v", cfg, err)
	}
	_, err = ParseConfig("s.toml", []byte("[[source]]\nname = \"a\"\nseeds = [\"https://a.example/\"]\n[push]\nurl = \"mysql://u:hunter2@db/x\"\n"))
	if err == nil || !strings.Contains(err.Error(), "s.toml:5:") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("bad [push] url: %v", err)
	}
	if _, err := ParseConfig("s.toml", []byte("[push]\nuri = \"postgres://db/x\"\n")); err == nil {
		t.Error("unknown key in [push] accepted")
	}
}
