package crawler

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// hostGates keep each host's politeness by the clock: the starts of two
// requests to one host are at least the host's interval apart, whatever the
// number of workers, and at most limit requests are in flight to it.
// (colly's LimitRule sleeps its Delay per parallel slot, so concurrency 4
// meant bursts of 4 requests every delay.)
type hostGates struct {
	mu       sync.Mutex
	limit    int
	adaptive bool
	hosts    map[string]*hostGate
	// shared, if set, holds the hosts' clocks of every crawl of the
	// process (Options.Politeness); nil: this crawl's own.
	shared *Politeness
	// onSend, if set, sees when each gated request was written (tests).
	onSend func(host string, at time.Time)
}

type hostGate struct {
	slots chan struct{} // requests in flight (this crawl's)
	*hostClock
}

// hostClock is when a host may next be sent a request.
type hostClock struct {
	mu       sync.Mutex
	base     time.Duration // the delay: interval never goes below it
	interval time.Duration
	last     time.Time     // when the latest request was sent
	starting chan struct{} // open while a request passed the gate but is not sent yet
}

// Politeness is the hosts' clocks shared by the crawls one process runs at
// once (serve runs its sources in parallel): two sources on one host keep
// the delay between all their requests, the larger of their delays. The
// zero value is ready to use.
type Politeness struct {
	mu     sync.Mutex
	clocks map[string]*hostClock
}

func (p *Politeness) clock(host string) *hostClock {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.clocks[host]
	if c == nil {
		if p.clocks == nil {
			p.clocks = map[string]*hostClock{}
		}
		c = &hostClock{}
		p.clocks[host] = c
	}
	return c
}

func newHostGates(limit int) *hostGates {
	return &hostGates{limit: max(limit, 1), hosts: map[string]*hostGate{}}
}

func (g *hostGates) gate(host string) *hostGate {
	g.mu.Lock()
	defer g.mu.Unlock()
	h := g.hosts[host]
	if h == nil {
		h = &hostGate{slots: make(chan struct{}, g.limit), hostClock: &hostClock{}}
		if g.shared != nil {
			h.hostClock = g.shared.clock(host)
		}
		g.hosts[host] = h
	}
	return h
}

// setInterval sets host's minimum interval between request starts. A
// shared clock keeps the largest any crawl set.
func (g *hostGates) setInterval(host string, d time.Duration) {
	h := g.gate(host)
	h.mu.Lock()
	if g.shared != nil {
		d = max(d, h.base)
	}
	h.base = max(d, 0)
	h.interval = max(h.interval, h.base)
	h.mu.Unlock()
}

// maxAdaptiveInterval bounds how far adaptive politeness slows a host.
const maxAdaptiveInterval = time.Minute

// observe adapts h's interval to a response, as Scrapy's AutoThrottle: the
// interval moves halfway towards the response's latency (one request at a
// time at the pace the server answers), doubles on 429 or 503, and never
// goes below the delay. Errors other than those never speed it up.
func (h *hostClock) observe(latency time.Duration, status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		h.interval = min(max(2*h.interval, 2*time.Second), maxAdaptiveInterval)
	case status != 0 && status < 400:
		h.interval = min(max((h.interval+latency)/2, h.base), maxAdaptiveInterval)
	case latency > h.interval:
		h.interval = min((h.interval+latency)/2, maxAdaptiveInterval)
	}
}

// slot waits for one of host's in-flight slots; release must be called when
// the exchange is done. It fails only when ctx ends.
func (g *hostGates) slot(ctx context.Context, host string) (release func(), err error) {
	h := g.gate(host)
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// wait blocks until a request to h may be sent and returns sent, to be
// called once the request is written (or failed). The interval counts from
// when the previous request was actually written, and only one request at a
// time is between the gate and the wire: a goroutine scheduled late must not
// shorten the gap the site sees.
func (h *hostClock) wait(ctx context.Context, onSend func(time.Time)) (sent func(), err error) {
	for {
		h.mu.Lock()
		if h.interval <= 0 {
			h.mu.Unlock()
			return func() {}, nil
		}
		if ch := h.starting; ch != nil {
			h.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		d := time.Until(h.last.Add(h.interval))
		if d <= 0 {
			ch := make(chan struct{})
			h.starting, h.last = ch, time.Now()
			h.mu.Unlock()
			var once sync.Once
			return func() {
				once.Do(func() {
					h.mu.Lock()
					now := time.Now()
					if now.After(h.last) {
						h.last = now
					}
					h.starting = nil
					if onSend != nil {
						onSend(now)
					}
					h.mu.Unlock()
					close(ch)
				})
			}, nil
		}
		h.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

// politeTransport applies the hosts' clocks to every request, redirects
// included.
type politeTransport struct {
	rt    http.RoundTripper
	gates *hostGates
}

func (p politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var onSend func(time.Time)
	if f := p.gates.onSend; f != nil {
		host := req.URL.Host
		onSend = func(at time.Time) { f(host, at) }
	}
	h := p.gates.gate(req.URL.Host)
	sent, err := h.wait(req.Context(), onSend)
	if err != nil {
		return nil, err
	}
	defer sent()
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { sent() },
	}))
	start := time.Now()
	resp, err := p.rt.RoundTrip(req)
	if p.gates.adaptive && req.Context().Err() == nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		h.observe(time.Since(start), status)
	}
	return resp, err
}
