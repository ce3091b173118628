package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/robfig/cron/v3"

	"github.com/archivist-org/archivist/internal/lazyre"
)

// Config is a sources file (TOML):
//
//	user_agent = "archivist (+mailto:research@example.org)"
//	[[source]]
//	name = "africacenter"
//	seeds = ["https://africacenter.org/spotlight/"]
//	...
type Config struct {
	// UserAgent applies to every source that does not set its own.
	UserAgent string   `toml:"user_agent"`
	Sources   []Source `toml:"source"`
	// Push is the [push] section (pushconfig.go).
	Push PushConfig `toml:"push"`
}

// Source is one site (or part of one) to crawl. Zero values mean defaults,
// documented per field.
type Source struct {
	// Name identifies the source in runs and in the frontier; "" for an
	// ad-hoc source is derived from the first seed's host.
	Name string `toml:"name"`
	// Seeds are start pages (depth 0).
	Seeds []string `toml:"seeds"`
	// Feeds are RSS/Atom feed URLs whose entries are queued at depth 1,
	// as links from a seed.
	Feeds []string `toml:"feeds"`
	// Sitemaps are sitemap or sitemap-index URLs (gzip allowed); their
	// entries, like those of the sitemaps robots.txt lists, are at depth 1.
	Sitemaps []string `toml:"sitemaps"`
	// Allow are regexps a URL must match one of to be in scope; empty means
	// "same host as a seed, feed or sitemap".
	Allow []string `toml:"allow"`
	// Deny are regexps that put a URL out of scope.
	Deny []string `toml:"deny"`
	// MaxDepth bounds link hops from a seed; nil = DefaultMaxDepth, 0 =
	// the seeds only (no links, feed or sitemap entries). The PDFs an
	// archived article links are part of it, fetched one hop past it even
	// at the limit; other pages' PDFs are links like any other.
	MaxDepth *int `toml:"max_depth"`
	// MaxPages bounds pages fetched per run; 0 = no limit.
	MaxPages int `toml:"max_pages"`
	// Revisit is "auto" (the zero value) or "off": after the crawl, re-check
	// archived pages this run did not reach (conditional GETs), most
	// overdue first, to catch deletions and edits of unlinked pages.
	Revisit string `toml:"revisit"`
	// RevisitBudget is how many pages a run re-checks; 0 = auto (as many as
	// the crawl proper fetched, so at most half the run's requests; at
	// least 50).
	RevisitBudget int `toml:"revisit_budget"`
	// MaxQueued caps the URLs waiting in the frontier; discovery (links,
	// feeds, sitemaps) beyond it is dropped: first what the user loses
	// least, pages archived and not changed since by their date (queued
	// ones make room for new pages; the revisit pass checks them), then
	// the oldest entries. 0 = 4 × MaxPages, or DefaultMaxQueued without
	// MaxPages.
	MaxQueued int `toml:"max_queued"`
	// Delay is the least time between the starts of two requests to one
	// host (a larger robots.txt Crawl-delay wins); nil = DefaultDelay, "0s" =
	// none.
	Delay *Duration `toml:"delay"`
	// Adaptive slows a host down when its latency rises or it answers 429
	// or 503 (as Scrapy's AutoThrottle), never below Delay.
	Adaptive bool `toml:"adaptive"`
	// Concurrency caps requests in flight per host; 0 = 1.
	Concurrency int `toml:"concurrency"`
	// UserAgent overrides Config.UserAgent.
	UserAgent string `toml:"user_agent"`
	// Schedule is a 5-field cron expression used by serve.
	Schedule string `toml:"schedule"`
	// Every is an interval used by serve when Schedule is empty.
	Every Duration `toml:"every"`
	// PDFs turns the archiving of PDF documents linked from pages on or
	// off; nil = on.
	PDFs *bool `toml:"pdfs"`
	// MaxPDFBytes limits one PDF's size; 0 = DefaultMaxPDFBytes (64 MB).
	MaxPDFBytes int `toml:"max_pdf_bytes"`
	// FollowSources also fetches, once, the original (source_url) of every
	// syndicated copy the crawl archives, on whatever site it is: robots,
	// politeness and the private-address guard apply; the original's own
	// links are not followed. false = stay in scope.
	FollowSources bool `toml:"follow_sources"`
}

// Defaults.
const (
	DefaultMaxDepth    = 5
	DefaultDelay       = time.Second
	DefaultUserAgent   = "archivist/0.1 (+https://github.com/archivist-org/archivist)"
	DefaultMaxBodySize = 16 << 20
	DefaultTimeout     = 30 * time.Second
	DefaultMaxQueued   = 100_000
)

// Source.Revisit values.
const (
	RevisitAuto = "auto"
	RevisitOff  = "off"
)

// Duration is a time.Duration written as "2s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("bad duration %q (want e.g. \"2s\", \"6h\")", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

var tomlLineRe = lazyre.New(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// ConfigError is a problem in a sources file, with its line (0 if unknown).
type ConfigError struct {
	File string
	Line int
	Msg  string
	// ReadErr is why the file could not be read at all (missing,
	// unreadable); nil when it was read and is malformed.
	ReadErr error
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func (e *ConfigError) Unwrap() []error {
	if e.ReadErr != nil {
		return []error{ErrConfig, e.ReadErr}
	}
	return []error{ErrConfig}
}

// LoadConfig reads and validates a sources file. Errors are *ConfigError
// naming the line and the problem; unknown keys are errors.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		// "open x.toml: no such file or directory" behind "bad
		// configuration" said neither that the file is missing nor which.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &ConfigError{File: path, Msg: "cannot read the sources file: " + err.Error(), ReadErr: err}
	}
	return ParseConfig(path, data)
}

// ParseConfig is LoadConfig on bytes; name is used in messages.
func ParseConfig(name string, data []byte) (*Config, error) {
	var cfg Config
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		var pe toml.ParseError
		var ppe *toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ConfigError{File: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		if errors.As(err, &ppe) {
			return nil, &ConfigError{File: name, Line: ppe.Position.Line, Msg: ppe.Message}
		}
		// Type errors are plain errors that carry the line in their text.
		if m := tomlLineRe().FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ConfigError{File: name, Line: line, Msg: m[2] + ": " + m[3]}
		}
		return nil, &ConfigError{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, &ConfigError{File: name, Line: findKeyLine(data, k), Msg: fmt.Sprintf("unknown key %q", k.String())}
	}
	if err := validatePush(name, data, cfg.Push); err != nil {
		return nil, err
	}
	if err := checkUserAgent(cfg.UserAgent); err != nil {
		return nil, &ConfigError{File: name, Line: findKeyLine(data, toml.Key{"user_agent"}), Msg: "user_agent: " + err.Error()}
	}
	seen := map[string]bool{}
	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		if s.UserAgent == "" {
			s.UserAgent = cfg.UserAgent
		}
		if err := s.Validate(); err != nil {
			var fe *fieldError
			line := sourceLine(data, i, "")
			if errors.As(err, &fe) {
				if l := sourceLine(data, i, fe.field); l > 0 {
					line = l
				}
			}
			return nil, &ConfigError{File: name, Line: line, Msg: fmt.Sprintf("source %d (%s): %v", i+1, s.Name, err)}
		}
		if seen[s.Name] {
			return nil, &ConfigError{File: name, Line: sourceLine(data, i, "name"), Msg: fmt.Sprintf("duplicate source name %q", s.Name)}
		}
		seen[s.Name] = true
	}
	return &cfg, nil
}

type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// Validate checks a source and fills its derived name. It does not apply
// numeric defaults (the zero values stay meaningful).
func (s *Source) Validate() error {
	if len(s.Seeds)+len(s.Feeds)+len(s.Sitemaps) == 0 {
		return &fieldError{"seeds", errors.New("a source needs at least one seed, feed or sitemap")}
	}
	for _, list := range []struct {
		field string
		urls  []string
	}{{"seeds", s.Seeds}, {"feeds", s.Feeds}, {"sitemaps", s.Sitemaps}} {
		for _, u := range list.urls {
			if err := checkHTTPURL(u); err != nil {
				return &fieldError{list.field, err}
			}
		}
	}
	if s.Name == "" {
		s.Name = defaultName(s)
	}
	if err := checkUserAgent(s.UserAgent); err != nil {
		return &fieldError{"user_agent", err}
	}
	for _, re := range s.Allow {
		if _, err := regexp.Compile(re); err != nil {
			return &fieldError{"allow", fmt.Errorf("bad regexp %q: %v", re, err)}
		}
	}
	for _, re := range s.Deny {
		if _, err := regexp.Compile(re); err != nil {
			return &fieldError{"deny", fmt.Errorf("bad regexp %q: %v", re, err)}
		}
	}
	if s.Delay != nil && s.Delay.Duration < 0 {
		// Taken as no delay at all, the opposite of what was asked.
		return &fieldError{"delay", errors.New("must be >= 0")}
	}
	if s.MaxDepth != nil && *s.MaxDepth < 0 {
		return &fieldError{"max_depth", errors.New("must be >= 0")}
	}
	if s.MaxPages < 0 {
		return &fieldError{"max_pages", errors.New("must be >= 0")}
	}
	if s.Revisit != "" && s.Revisit != RevisitAuto && s.Revisit != RevisitOff {
		return &fieldError{"revisit", fmt.Errorf("must be %q or %q, not %q", RevisitAuto, RevisitOff, s.Revisit)}
	}
	if s.RevisitBudget < 0 {
		return &fieldError{"revisit_budget", errors.New("must be >= 0")}
	}
	if s.MaxQueued < 0 {
		return &fieldError{"max_queued", errors.New("must be >= 0")}
	}
	if s.MaxPDFBytes < 0 {
		return &fieldError{"max_pdf_bytes", errors.New("must be >= 0")}
	}
	if s.Concurrency < 0 || s.Concurrency > 64 {
		return &fieldError{"concurrency", errors.New("must be between 0 and 64")}
	}
	if s.Schedule != "" {
		sched, err := cron.ParseStandard(s.Schedule)
		if err != nil {
			return &fieldError{"schedule", fmt.Errorf("bad cron expression %q: %v", s.Schedule, err)}
		}
		// As every's: "@every 0s" crawled the site every second.
		if d, ok := sched.(cron.ConstantDelaySchedule); ok && d.Delay < time.Minute {
			return &fieldError{"schedule", fmt.Errorf("%q: must be at least 1m", s.Schedule)}
		}
		// "0 0 30 2 *" (30 February) parses, and serve waited for it.
		if sched.Next(time.Now()).IsZero() {
			return &fieldError{"schedule", fmt.Errorf("%q never fires (no such date)", s.Schedule)}
		}
		if s.Every.Duration != 0 {
			return &fieldError{"every", errors.New("set schedule or every, not both")}
		}
	}
	if s.Every.Duration < 0 || (s.Every.Duration > 0 && s.Every.Duration < time.Minute) {
		return &fieldError{"every", errors.New("must be at least 1m")}
	}
	return nil
}

func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("bad URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		// "example.org/research/" parses as a path: name what was meant.
		if host, _, _ := strings.Cut(raw, "/"); u.Scheme == "" && strings.Contains(host, ".") && !strings.ContainsAny(host, " :") {
			return fmt.Errorf("%w: %q (did you mean %q?)", ErrScheme, raw, "https://"+raw)
		}
		return fmt.Errorf("%w: %q", ErrScheme, raw)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", raw)
	}
	// Go's parser takes any digits; the fetch refused them at run time.
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("URL %q: port %s is not between 1 and 65535", raw, p)
		}
	}
	return nil
}

// checkUserAgent refuses what cannot be sent as a header: every request
// failed with "invalid header field value for User-Agent".
func checkUserAgent(ua string) error {
	for _, r := range ua {
		if (r < ' ' && r != '\t') || r == 0x7f {
			return fmt.Errorf("%q holds a control character (a new line?), which a header cannot carry", ua)
		}
	}
	return nil
}

func defaultName(s *Source) string {
	for _, l := range [][]string{s.Seeds, s.Feeds, s.Sitemaps} {
		for _, raw := range l {
			if u, err := url.Parse(raw); err == nil && u.Host != "" {
				return u.Host
			}
		}
	}
	return "adhoc"
}

// findKeyLine finds the line of an undecoded key: its table's header when
// the key is a table ([source.extra]), else the first "piece =" line
// (the piece bare or quoted) inside a table whose name is the key's
// parent (the [push] name, not a [[source]] name).
func findKeyLine(data []byte, k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	parent, last := strings.Join(k[:len(k)-1], "."), k[len(k)-1]
	table := ""
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := strings.TrimSpace(string(line))
		if strings.HasPrefix(t, "[") {
			table = tableName(t)
			if table == k.String() {
				return i + 1
			}
			continue
		}
		if table != parent {
			continue
		}
		for _, piece := range []string{last, `"` + last + `"`, "'" + last + "'"} {
			if strings.HasPrefix(t, piece) && strings.HasPrefix(strings.TrimSpace(t[len(piece):]), "=") {
				return i + 1
			}
		}
	}
	return 0
}

// tableName is the name a [table] or [[array.table]] header line opens,
// without brackets, spaces or quotes ("" when it is not one).
func tableName(header string) string {
	h := strings.TrimPrefix(strings.TrimPrefix(header, "["), "[")
	end := strings.Index(h, "]")
	if end < 0 {
		return ""
	}
	var parts []string
	for _, p := range strings.Split(h[:end], ".") {
		parts = append(parts, strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return strings.Join(parts, ".")
}

// sourceLine finds the line of the i-th [[source]] table, or of field
// within it when field != "".
func sourceLine(data []byte, i int, field string) int {
	n := -1
	for j, line := range bytes.Split(data, []byte("\n")) {
		t := strings.TrimSpace(string(line))
		if strings.HasPrefix(t, "[[source]]") {
			n++
			if n == i && field == "" {
				return j + 1
			}
			continue
		}
		if n == i && field != "" && strings.HasPrefix(t, field) && strings.HasPrefix(strings.TrimSpace(t[len(field):]), "=") {
			return j + 1
		}
		if n > i {
			break
		}
	}
	return 0
}
