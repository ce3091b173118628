package crawler

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsInfo is what one host's robots.txt says to us.
type robotsInfo struct {
	data       *robotstxt.RobotsData // nil = allow all
	group      *robotstxt.Group
	crawlDelay time.Duration
	sitemaps   []string
	// disallowAll: robots.txt answered 5xx (RFC 9309 §2.3.1.4: assume
	// complete disallow; retried on the next run).
	disallowAll bool
}

// maxCrawlDelay caps robots.txt Crawl-delay: a hostile value must not
// stall a run (one request a day).
const maxCrawlDelay = 30 * time.Second

func (ri *robotsInfo) allowed(u *url.URL) bool {
	if ri == nil {
		return true
	}
	if ri.disallowAll {
		return false
	}
	if ri.group == nil {
		return true
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return ri.group.Test(p)
}

// robotsCache fetches each host's robots.txt once per run (colly would
// fetch it too but drops Crawl-delay and Sitemap: lines, so we own it).
type robotsCache struct {
	client *http.Client
	ua     string
	mu     sync.Mutex
	hosts  map[string]*robotsEntry
	// onFetch runs once per host right after its robots.txt is read and
	// before any caller proceeds (to install the host's politeness rule).
	onFetch func(u *url.URL, info *robotsInfo)
}

type robotsEntry struct {
	once sync.Once
	info *robotsInfo
}

func newRobotsCache(client *http.Client, ua string) *robotsCache {
	return &robotsCache{client: client, ua: ua, hosts: map[string]*robotsEntry{}}
}

// get returns the robots rules for u's host, fetching them on first use.
// first is true for the call that fetched.
func (rc *robotsCache) get(ctx context.Context, u *url.URL) (info *robotsInfo, first bool) {
	key := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e := rc.hosts[key]
	if e == nil {
		e = &robotsEntry{}
		rc.hosts[key] = e
	}
	rc.mu.Unlock()
	e.once.Do(func() {
		first = true
		e.info = rc.fetch(ctx, key)
		if rc.onFetch != nil {
			rc.onFetch(u, e.info)
		}
	})
	return e.info, first
}

func (rc *robotsCache) fetch(ctx context.Context, origin string) *robotsInfo {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return &robotsInfo{}
	}
	req.Header.Set("User-Agent", rc.ua)
	resp, err := rc.client.Do(req)
	if err != nil {
		// Unreachable robots: the page fetch will fail the same way.
		return &robotsInfo{}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if resp.StatusCode >= 500 {
		return &robotsInfo{disallowAll: true}
	}
	// robotstxt maps 4xx to allow-all (RFC 9309).
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return &robotsInfo{}
	}
	ri := &robotsInfo{data: data, sitemaps: data.Sitemaps}
	ri.group = data.FindGroup(rc.ua)
	if ri.group != nil {
		ri.crawlDelay = min(max(ri.group.CrawlDelay, 0), maxCrawlDelay)
	}
	return ri
}
