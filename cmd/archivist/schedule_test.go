package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesSchedulesThatNeverRunOrHammer: serve given a schedule
// that never fires (30 February), an "@every" shorter than every's own
// minimum of 1m, or no schedule on any source is a usage error naming the
// line, before the archive is created. Each of these started, said
// nothing wrong and either never crawled or crawled every second.
func TestServeRefusesSchedulesThatNeverRunOrHammer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const head = "[[source]]\nname = \"a\"\nseeds = [\"https://a.example/\"]\n"
	for name, c := range map[string]struct{ data, want string }{
		"feb-30":      {head + "schedule = \"0 0 30 2 *\"\n", `sources.toml:4: source 1 (a): schedule: "0 0 30 2 *" never fires`},
		"every-1s":    {head + "schedule = \"@every 1s\"\n", `sources.toml:4: source 1 (a): schedule: "@every 1s": must be at least 1m`},
		"every-0s":    {head + "schedule = \"@every 0s\"\n", `sources.toml:4: source 1 (a): schedule: "@every 0s": must be at least 1m`},
		"unscheduled": {head + "\n[[source]]\nname = \"b\"\nseeds = [\"https://b.example/\"]\n", `sources.toml: no source has a schedule or every`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "sources.toml")
			if err := os.WriteFile(cfg, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			// Bounded: a serve that accepts the file runs until stopped.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, err := execBinary(ctx, archivistBinary(t), dir, nil, nil, "serve", "--archive", "a.db", "--config", cfg, "--http-addr", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			if res.Code != 2 || !strings.Contains(res.Stderr, c.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s", res.Code, c.want, res.Stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "a.db")); err == nil {
				t.Error("the archive was created")
			}
		})
	}
}

// TestServeBadHTTPAddr: a malformed --http-addr is a usage error (exit 2)
// naming the flag, before the archive is created; it was exit 1 with Go's
// "listen tcp: address nonsense: missing port in address".
func TestServeBadHTTPAddr(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.toml")
	os.WriteFile(cfg, []byte("[[source]]\nname = \"a\"\nseeds = [\"https://a.example/\"]\nevery = \"1h\"\n"), 0o644)
	for _, addr := range []string{"nonsense", "127.0.0.1:99999", "127.0.0.1:port"} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		res, err := execBinary(ctx, archivistBinary(t), dir, nil, nil, "serve", "--archive", "a.db", "--config", cfg, "--http-addr", addr)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if res.Code != 2 || !strings.Contains(res.Stderr, "--http-addr") {
			t.Errorf("--http-addr %s: exit %d, want 2 naming the flag\n%s", addr, res.Code, res.Stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.db")); err == nil {
		t.Error("the archive was created")
	}
}
