package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/archivist-org/archivist/archive"
)

// robotsInfo is what one host's robots.txt says to us.
type robotsInfo struct {
	data       *robotstxt.RobotsData // nil = allow all
	group      *robotstxt.Group
	crawlDelay time.Duration
	sitemaps   []string
	// unreadable: why robots.txt could not be read (a 5xx, a network
	// error, a body cut short); the host is then not fetched at all
	// (RFC 9309 §2.3.1.4: assume complete disallow) until the next run
	// reads it. The crawler checks it before allowed.
	unreadable error
}

// maxCrawlDelay caps robots.txt Crawl-delay: a hostile value must not
// stall a run (one request a day).
const maxCrawlDelay = 30 * time.Second

func (ri *robotsInfo) allowed(u *url.URL) bool {
	if ri == nil {
		return true
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
	// The rules were normalised so (see robotsRulesNormalized).
	return ri.group.Test(archive.NormalizeEscapes(p))
}

// robotsRulesNormalized rewrites the paths of robots.txt's allow and
// disallow rules as paths are compared (RFC 9309 2.2.2): unreserved
// characters decoded and escapes in upper case (archive.NormalizeEscapes:
// /%7Ejoe/ is /~joe/, /a%2fb is /a%2Fb), other bytes beyond ASCII
// escaped (a rule written in UTF-8 names the escaped path a URL has). The
// library compares rules and paths as written; allowed tests the path
// normalised the same way.
func robotsRulesNormalized(body []byte) []byte {
	lines := bytes.Split(body, []byte("\n"))
	for i, line := range lines {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(string(k))) {
		case "allow", "disallow":
		default:
			continue
		}
		var esc strings.Builder
		for _, c := range v {
			if c >= 0x80 {
				fmt.Fprintf(&esc, "%%%02X", c)
			} else {
				esc.WriteByte(c)
			}
		}
		lines[i] = append(append(append([]byte(nil), k...), ':'), archive.NormalizeEscapes(esc.String())...)
	}
	return bytes.Join(lines, []byte("\n"))
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
	if errors.Is(err, ErrPrivateAddress) {
		return &robotsInfo{} // the page fetch is refused too, saying why
	}
	if err != nil {
		// Even a passing failure (a server restarting) keeps the host
		// out: allowing all would fetch what robots.txt forbids.
		return &robotsInfo{unreadable: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if resp.StatusCode >= 500 {
		return &robotsInfo{unreadable: fmt.Errorf("HTTP %s", resp.Status)}
	}
	if err != nil {
		// Rules cut short may have lost a Disallow line.
		return &robotsInfo{unreadable: err}
	}
	// robotstxt maps 4xx to allow-all (RFC 9309).
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, robotsRulesNormalized(body))
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
