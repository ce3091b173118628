// Package testsite serves small multi-host websites on loopback for crawler
// tests, benchmarks and the kill-and-resume test: each Host listens on its
// own 127.0.0.x address when the system allows it (the whole 127/8 is
// loopback on Linux), else on its own port of 127.0.0.1. Every request is
// counted per path so tests can assert "fetched exactly once".
package testsite

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"html"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Host is one web server.
type Host struct {
	URL  string // http://127.0.0.x:port
	Addr string // 127.0.0.x:port

	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]http.Handler
	prefix map[string]http.Handler
	hits   map[string]int
	agents map[string]bool
	log    []string
	delay  time.Duration // see SetDelay
}

// SetDelay adds d to every response (to make a crawl slow enough to
// interrupt). Safe while the host serves.
func (h *Host) SetDelay(d time.Duration) {
	h.mu.Lock()
	h.delay = d
	h.mu.Unlock()
}

// Start starts n hosts; Close them when done.
func Start(n int) []*Host {
	hosts := make([]*Host, n)
	for i := range hosts {
		h := &Host{routes: map[string]http.Handler{}, prefix: map[string]http.Handler{}, hits: map[string]int{}, agents: map[string]bool{}}
		h.srv = httptest.NewUnstartedServer(http.HandlerFunc(h.serve))
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i+2)); err == nil {
			h.srv.Listener.Close()
			h.srv.Listener = l
		}
		h.srv.Start()
		h.URL = h.srv.URL
		h.Addr = strings.TrimPrefix(h.URL, "http://")
		hosts[i] = h
	}
	return hosts
}

// Close stops the server.
func (h *Host) Close() { h.srv.Close() }

func (h *Host) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	h.mu.Lock()
	h.hits[key]++
	h.agents[r.UserAgent()] = true
	h.log = append(h.log, key)
	hd, ok := h.routes[key]
	if !ok {
		hd, ok = h.routes[r.URL.Path]
	}
	if !ok {
		best := ""
		for p, ph := range h.prefix {
			if strings.HasPrefix(r.URL.Path, p) && len(p) > len(best) {
				best, hd, ok = p, ph, true
			}
		}
	}
	delay := h.delay
	h.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	hd.ServeHTTP(w, r)
}

// Handle routes path (with "?query" to match one query exactly) to hd.
func (h *Host) Handle(path string, hd http.Handler) {
	h.mu.Lock()
	h.routes[path] = hd
	h.mu.Unlock()
}

// HandlePrefix routes every path under prefix (exact routes win).
func (h *Host) HandlePrefix(prefix string, f func(http.ResponseWriter, *http.Request)) {
	h.mu.Lock()
	h.prefix[prefix] = http.HandlerFunc(f)
	h.mu.Unlock()
}

// HandleFunc is Handle for a function.
func (h *Host) HandleFunc(path string, f func(http.ResponseWriter, *http.Request)) {
	h.Handle(path, http.HandlerFunc(f))
}

// Page serves body with contentType, an ETag and Last-Modified, answering
// conditional requests with 304.
func (h *Host) Page(path, contentType, body string) {
	h.Handle(path, StaticPage(contentType, body))
}

// HTML serves an HTML page (see Page).
func (h *Host) HTML(path, body string) { h.Page(path, "text/html; charset=utf-8", body) }

// StaticPage is a handler for fixed content with validators.
func StaticPage(contentType, body string) http.Handler {
	sum := sha1.Sum([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	mod := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", mod.Format(http.TimeFormat))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	})
}

// Hits is how many requests path (with "?query" when it had one) got.
func (h *Host) Hits(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hits[path]
}

// AllHits returns a copy of the per-path counts.
func (h *Host) AllHits() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]int, len(h.hits))
	for k, v := range h.hits {
		out[k] = v
	}
	return out
}

// Total is the number of requests served.
func (h *Host) Total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.log)
}

// UserAgents seen.
func (h *Host) UserAgents() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for a := range h.agents {
		out = append(out, a)
	}
	return out
}

// ResetHits forgets the counts (between two crawls).
func (h *Host) ResetHits() {
	h.mu.Lock()
	defer h.mu.Unlock()
	clear(h.hits)
	h.log = nil
}

var words = strings.Fields(`the policy council regional security analysis report government
economic development strategy international cooperation defence minister parliament
election reform conflict peace agreement humanitarian crisis climate energy transition
trade investment growth inflation budget infrastructure governance institutions
democracy civil society sanctions diplomacy alliance maritime border migration refugees
health education technology innovation research data evidence survey community local
national global leaders officials experts argue suggest however therefore although
because while during after before between across within against toward about over`)

// Prose returns n words of deterministic filler text for seed, in
// paragraphs of about 60 words.
func Prose(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var paras []string
	for n > 0 {
		k := min(n, 50+r.IntN(30))
		var b strings.Builder
		for i := 0; i < k; i++ {
			w := words[r.IntN(len(words))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			if i%12 == 11 && i != k-1 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('.')
		paras = append(paras, b.String())
		n -= k
	}
	return paras
}

// ArticleHTML renders an article page: title, byline, date, body words of
// prose, optional padding (to reach a byte size) and links in a footer.
func ArticleHTML(title, author, date string, seed uint64, nwords int, padBytes int, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | Test Institute</title>
<meta property="og:type" content="article"><meta property="og:title" content="%s">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":%q}}</script>
</head><body><header><nav><a href="/">Home</a> <a href="/research/">Research</a></nav></header>
<main><article><h1>%s</h1><p class="byline">By <span class="author">%s</span> · <time datetime="%s">%s</time></p>
`, html.EscapeString(title), html.EscapeString(title), title, date, author, html.EscapeString(title), html.EscapeString(author), date, date)
	for _, p := range Prose(seed, nwords) {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("</article></main><footer><ul>")
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, html.EscapeString(l), html.EscapeString(l))
	}
	b.WriteString("</ul>")
	if padBytes > b.Len() {
		// Padding like real pages carry: half menus and icon markup, half
		// inline script — not article text.
		menu := padBytes - (padBytes-b.Len())/2
		b.WriteString(`<nav class="mega-menu"><ul>`)
		for n := 0; b.Len() < menu; n++ {
			fmt.Fprintf(&b, `<li class="menu-item menu-item-type-taxonomy menu-item-%d"><a href="/"><svg class="icon" viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg><span>Section %d</span></a></li>`, n, n%40)
		}
		b.WriteString("</ul></nav><script>var pad='")
		for b.Len() < padBytes-20 {
			b.WriteString("abcdefghij0123456789")
		}
		b.WriteString("';</script>")
	}
	b.WriteString("</footer></body></html>")
	return b.String()
}

// HubHTML renders a listing page linking to links (teasers).
func HubHTML(title string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:type" content="website"></head><body><header><nav><a href="/">Home</a></nav></header><main><h1>%s</h1>
`, html.EscapeString(title), html.EscapeString(title))
	for i, l := range links {
		fmt.Fprintf(&b, `<article class="teaser"><h2><a href="%s">Teaser %d</a></h2><p>Short summary.</p></article>`+"\n", html.EscapeString(l), i+1)
	}
	b.WriteString("</main></body></html>")
	return b.String()
}
