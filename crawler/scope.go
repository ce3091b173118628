package crawler

import (
	"net"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/internal/lazyre"
)

// normalizeURL is the page identity used for deduplication: exactly the
// archive's, so "one fetch per page" and the archive's pages agree.
func normalizeURL(raw string) (string, error) { return archive.NormalizeURL(raw) }

// Trap bounds. Generous for real sites, tight enough to stop generators.
const (
	maxURLLength       = 512
	maxRepeatedSegment = 2  // a path segment may appear at most twice
	maxPathSegments    = 15 // deeper paths are generated
	maxPaginationPage  = 50
	maxQueryParams     = 6
)

// scope decides which URLs are crawled. It is safe for concurrent use;
// only a seed's redirect changes it (adoptSeedRedirect).
type scope struct {
	mu    sync.RWMutex
	hosts map[string]bool // default allow: seeds' hosts (guarded by mu)
	allow []*regexp.Regexp
	deny  []*regexp.Regexp
	now   time.Time
}

func newScope(src *Source, now time.Time) *scope {
	s := &scope{hosts: map[string]bool{}, now: now}
	for _, l := range [][]string{src.Seeds, src.Feeds, src.Sitemaps} {
		for _, raw := range l {
			if u, err := url.Parse(raw); err == nil {
				s.hosts[strings.ToLower(u.Host)] = true
			}
		}
	}
	for _, re := range src.Allow {
		s.allow = append(s.allow, regexp.MustCompile(re)) // validated
	}
	for _, re := range src.Deny {
		s.deny = append(s.deny, regexp.MustCompile(re))
	}
	return s
}

// hostIn reports whether host is one of the seeds' hosts.
func (s *scope) hostIn(host string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.hosts[strings.ToLower(host)]
}

// adoptSeedRedirect puts the host a seed redirected to in scope when it
// is of the same site (example.org -> www.example.org, news.example.org),
// as crawlers do with seeds' redirects: otherwise the crawl stops at the
// landing page. A redirect to another site (a consent or login service,
// a new domain) is left out: it reports that host in offSite for the
// caller to say. Allow patterns, when given, are the scope and are left
// as they are.
func (s *scope) adoptSeedRedirect(from, to *url.URL) (adopted bool, offSite string) {
	if len(s.allow) > 0 || (to.Scheme != "http" && to.Scheme != "https") || !s.hostIn(from.Host) || s.hostIn(to.Host) {
		return false, ""
	}
	if !sameSite(from.Hostname(), to.Hostname()) {
		return false, to.Host
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts[strings.ToLower(to.Host)] = true
	return true, ""
}

// sameSite reports whether two host names share their registrable domain
// (www.example.org, example.org). Addresses have none: two are taken as
// one site (a private deployment, a test's loopback hosts).
func sameSite(a, b string) bool {
	if net.ParseIP(a) != nil || net.ParseIP(b) != nil {
		return net.ParseIP(a) != nil && net.ParseIP(b) != nil
	}
	da, errA := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(a))
	db, errB := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(b))
	return errA == nil && errB == nil && da == db
}

// hostOK is the scope for feeds and sitemaps: a seed host or a host some
// allow pattern names, and no deny match.
func (s *scope) hostOK(u *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	ok := s.hostIn(u.Host)
	if !ok {
		origin := strings.ToLower(u.Scheme + "://" + u.Host + "/")
		for _, re := range s.allow {
			if re.MatchString(origin) || strings.Contains(re.String(), regexp.QuoteMeta(u.Host)) {
				ok = true
				break
			}
		}
	}
	if !ok {
		return false
	}
	return !s.denied(u.String())
}

// denied reports whether a deny pattern matches u.
func (s *scope) denied(u string) bool {
	for _, re := range s.deny {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// Reasons a URL is out of scope (logged, counted).
const (
	skipScheme = "scheme"
	skipHost   = "host"
	skipAllow  = "allow"
	skipDeny   = "deny"
	skipTrap   = "trap"
)

// check returns "" when u is in scope, or why not.
func (s *scope) check(u *url.URL, norm string) string {
	if u.Scheme != "http" && u.Scheme != "https" {
		return skipScheme
	}
	if len(s.allow) > 0 {
		ok := false
		for _, re := range s.allow {
			if re.MatchString(norm) {
				ok = true
				break
			}
		}
		if !ok {
			return skipAllow
		}
	} else if !s.hostIn(u.Host) {
		return skipHost
	}
	if s.denied(norm) {
		return skipDeny
	}
	if trap(u, norm, s.now) != "" {
		return skipTrap
	}
	return ""
}

var (
	pageSegRe  = lazyre.New(`^(page|p|seite|pagina)$`)
	yearRe     = lazyre.New(`^(1[89]|2\d)\d\d$`)
	dateParams = []string{"date", "day", "month", "year", "week", "cal", "calendar", "ical", "tribe-bar-date", "eventdate"}
)

// trap returns a reason when u looks machine-generated: too long, repeating
// path segments, deep paths, endless pagination or calendars far from now.
func trap(u *url.URL, norm string, now time.Time) string {
	if len(norm) > maxURLLength {
		return "url too long"
	}
	segs := strings.Split(strings.Trim(path.Clean("/"+u.Path), "/"), "/")
	if len(segs) > maxPathSegments {
		return "path too deep"
	}
	counts := map[string]int{}
	for i, sg := range segs {
		if sg == "" {
			continue
		}
		counts[sg]++
		if counts[sg] > maxRepeatedSegment {
			return "repeating path segment"
		}
		if i > 0 && pageSegRe().MatchString(sg) && i+1 < len(segs) {
			if n, err := strconv.Atoi(segs[i+1]); err == nil && n > maxPaginationPage {
				return "deep pagination"
			}
		}
		if yearRe().MatchString(sg) {
			y, _ := strconv.Atoi(sg)
			if y > now.Year()+1 {
				return "calendar in the future"
			}
		}
	}
	q := u.Query()
	if len(q) > maxQueryParams {
		return "too many query parameters"
	}
	for _, k := range []string{"page", "paged", "p", "pg", "start", "offset"} {
		if v := q.Get(k); v != "" {
			if n, err := strconv.Atoi(v); err == nil && (n > maxPaginationPage && k != "start" && k != "offset" || n > maxPaginationPage*50) {
				return "deep pagination"
			}
		}
	}
	for _, k := range dateParams {
		v := q.Get(k)
		if v == "" {
			continue
		}
		if t, ok := parseLooseDate(v); ok && (t.After(now.AddDate(1, 0, 0)) || t.Before(now.AddDate(-30, 0, 0))) {
			return "calendar far from now"
		}
	}
	return ""
}

func parseLooseDate(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006/01/02", "2006/01", "2006", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
