package crawler

import (
	"fmt"
	"strings"
)

// PushConfig is the sources file's [push] section: where `archivist serve`
// pushes the archive after every run (see `archivist push`).
//
//	[push]
//	url = "postgres://archivist@db.example/archive"
//
// Keep the password out of the file: PostgreSQL's PGPASSWORD or ~/.pgpass
// supply it.
type PushConfig struct {
	// URL is a PostgreSQL connection string; "" = no push.
	URL string `toml:"url"`
}

// validatePush checks the [push] section.
func validatePush(name string, data []byte, p PushConfig) error {
	if p.URL == "" {
		return nil
	}
	if !strings.HasPrefix(p.URL, "postgres://") && !strings.HasPrefix(p.URL, "postgresql://") {
		return &ConfigError{File: name, Line: findPushLine(data), Msg: fmt.Sprintf("[push] url: want postgres://…, got %q", redactURL(p.URL))}
	}
	return nil
}

func findPushLine(data []byte) int {
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = strings.HasPrefix(t, "[push]")
		} else if in && strings.HasPrefix(t, "url") && strings.Contains(t, "=") {
			return i + 1
		}
	}
	return 0
}

// redactURL drops what may be a password from a URL for a message.
func redactURL(u string) string {
	if at := strings.LastIndex(u, "@"); at >= 0 {
		if i := strings.Index(u, "://"); i >= 0 && i < at {
			return u[:i+3] + "…" + u[at:]
		}
		return "…" + u[at:]
	}
	return u
}
