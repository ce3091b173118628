package crawler

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const goodConfig = `user_agent = "archivist (+mailto:research@example.org)"
[[source]]
name = "africacenter"
seeds = ["https://africacenter.org/spotlight/"]
feeds = ["https://africacenter.org/feed/"]
sitemaps = ["https://africacenter.org/sitemap_index.xml"]
allow = ['^https://africacenter\.org/(spotlight|publication)/']   # default: the seeds' hosts
deny = ['/tag/', '\?replytocom=']
max_depth = 3
max_pages = 2000
delay = "2s"          # per host
concurrency = 2       # per host
schedule = "0 */6 * * *"   # or every = "6h"; used by serve

[[source]]
seeds = ["https://example.org/"]
every = "6h"
`

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig("s.toml", []byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sources[0]
	if s.Name != "africacenter" || s.MaxDepth == nil || *s.MaxDepth != 3 || s.MaxPages != 2000 || s.Delay.Duration != 2*time.Second ||
		s.Concurrency != 2 || s.Schedule != "0 */6 * * *" || len(s.Deny) != 2 || s.UserAgent != cfg.UserAgent {
		t.Errorf("parsed %+v", s)
	}
	if cfg.Sources[1].Name != "example.org" || cfg.Sources[1].Every.Duration != 6*time.Hour {
		t.Errorf("second source %+v", cfg.Sources[1])
	}
}

func TestConfigErrorsNameLineAndProblem(t *testing.T) {
	cases := []struct {
		name, toml string
		line       int
		want       string
	}{
		{"syntax", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"\n", 3, ""},
		{"unknown key", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\nmax_deph = 3\n", 4, "max_deph"},
		{"bad regexp", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\ndeny = ['(']\n", 4, "regexp"},
		{"bad duration", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\ndelay = \"2 seconds\"\n", 4, "duration"},
		{"bad cron", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\nschedule = \"every day\"\n", 4, "cron"},
		{"bad scheme", "[[source]]\nname = \"a\"\nseeds = [\"ftp://x.org/\"]\n", 3, "http"},
		{"no seeds", "[[source]]\nname = \"a\"\n", 1, "seed"},
		{"wrong type", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\nmax_pages = \"many\"\n", 4, ""},
		{"duplicate", "[[source]]\nname = \"a\"\nseeds = [\"https://x.org/\"]\n[[source]]\nname = \"a\"\nseeds = [\"https://y.org/\"]\n", 5, "duplicate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig("s.toml", []byte(c.toml))
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, ErrConfig) {
				t.Fatalf("err = %v, want *ConfigError", err)
			}
			if ce.Line != c.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "s.toml:") {
				t.Errorf("message %q lacks %q", err, c.want)
			}
		})
	}
}

// A sources file that cannot be read is named with why, as a malformed
// one is: it read "crawler: bad configuration: open x.toml: no such file
// or directory".
func TestLoadConfigMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sources.toml")
	_, err := LoadConfig(path)
	var ce *ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConfig) || ce.File != path {
		t.Fatalf("err = %v, want a *ConfigError naming %s", err, path)
	}
	if msg := err.Error(); !strings.Contains(msg, "no such file") || strings.Contains(msg, "bad configuration") || strings.Contains(msg, "open ") {
		t.Errorf("message %q: want the file and that it does not exist, once", msg)
	}
}
