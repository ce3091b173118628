package crawler

import (
	"net/url"
	"testing"
	"time"
)

// A seed's redirect widens the scope to another host of the same site
// only: a consent or login service is named, not crawled.
func TestAdoptSeedRedirect(t *testing.T) {
	for _, c := range []struct {
		to      string
		adopted bool
		offSite string
	}{
		{"https://www.example.org/", true, ""},
		{"https://news.example.org/home", true, ""},
		{"https://consent.yahoo.com/v2/collectConsent", false, "consent.yahoo.com"},
		{"https://example.org.evil.com/", false, "example.org.evil.com"},
		{"https://example.org/other", false, ""}, // same host: nothing to do
	} {
		s := newScope(&Source{Seeds: []string{"https://example.org/"}}, time.Now())
		from, _ := url.Parse("https://example.org/")
		to, _ := url.Parse(c.to)
		adopted, off := s.adoptSeedRedirect(from, to)
		if adopted != c.adopted || off != c.offSite {
			t.Errorf("%s: adopted %v, off-site %q; want %v, %q", c.to, adopted, off, c.adopted, c.offSite)
		}
		if got := s.hostIn(to.Host); got != (c.adopted || to.Host == "example.org") {
			t.Errorf("%s: in scope %v after the redirect", c.to, got)
		}
	}
	// Allow patterns are the scope: left as they are.
	s := newScope(&Source{Seeds: []string{"https://example.org/"}, Allow: []string{`^https://example\.org/`}}, time.Now())
	from, _ := url.Parse("https://example.org/")
	to, _ := url.Parse("https://www.example.org/")
	if adopted, _ := s.adoptSeedRedirect(from, to); adopted {
		t.Error("a redirect widened a scope set by allow")
	}
}
