package crawler

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// isPrivate reports whether ip must not be dialled by default: loopback,
// RFC 1918 / ULA private, link-local, unspecified, multicast, CGNAT.
func isPrivate(ip netip.Addr) bool {
	ip = ip.Unmap()
	// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address that
	// a gateway will reach: judge that address.
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			return isPrivate(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case sixToFour.Contains(ip):
			return isPrivate(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return true
	}
	if ip.Is4() && cgnat.Contains(ip) {
		return true
	}
	return false
}

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// guardControl runs after DNS resolution, on the exact address about to be
// dialled, so redirects and DNS answers (rebinding included) are covered.
func guardControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
	}
	if isPrivate(ip) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ip)
	}
	return nil
}

// NewTransport returns the crawler's HTTP transport: a dialer with the
// private-address guard (unless allowPrivate), sane timeouts and pooling.
// Other commands that fetch (archivist extract) use it too, so a URL
// refused by crawl is not fetched by them either.
func NewTransport(allowPrivate bool, timeout time.Duration) *http.Transport {
	d := &net.Dialer{Timeout: min(timeout, 15*time.Second), KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = guardControl
	}
	return &http.Transport{
		Proxy:                 nil, // the environment is read only in cmd/
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
}

// checkTargetContext is a cheap pre-check on literal IP hosts so obviously
// private seeds fail with a clear message before any dial.
func checkLiteralHost(ctx context.Context, host string, allowPrivate bool) error {
	_ = ctx
	if allowPrivate {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && isPrivate(ip) {
		return fmt.Errorf("%w: %s (use --allow-private)", ErrPrivateAddress, ip)
	}
	if host == "localhost" {
		return fmt.Errorf("%w: %s (use --allow-private)", ErrPrivateAddress, host)
	}
	return nil
}

// gzipGuard makes every response look already decoded to colly: colly
// gunzips .xml.gz paths and gzip Content-Encodings it did not ask for with
// no size bound, before its body limit applies. Content-Encoding gzip is
// decoded here behind a limit; gzip files (sitemaps) stay raw and
// parseSitemap inflates them behind its own bound.
type gzipGuard struct {
	rt    http.RoundTripper
	limit int64
	// pdfLimit, when set, is the limit of PDF responses, which may be
	// larger than pages (max_pdf_bytes); every other body keeps limit.
	pdfLimit int64
	// sitemapLimit, when set, is the limit of the requests fetch marks
	// with sitemapHeader: the protocol allows sitemaps of 50 MB.
	sitemapLimit int64
}

// sitemapHeader marks a sitemap request for gzipGuard, which removes it
// before the request is sent.
const sitemapHeader = "X-Archivist-Sitemap"

func (g gzipGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	sitemap := req.Header.Get(sitemapHeader) != ""
	if sitemap {
		req = req.Clone(req.Context())
		req.Header.Del(sitemapHeader)
	}
	res, err := g.rt.RoundTrip(req)
	if err != nil {
		return res, err
	}
	// Bodies stop at the page limit even though the collector reads up to
	// the largest one (a PDF's or a sitemap's).
	limit := g.limit
	switch {
	case sitemap && g.sitemapLimit > 0:
		limit = g.sitemapLimit
	case g.pdfLimit > 0 && isPDFType(strings.ToLower(res.Header.Get("Content-Type"))):
		limit = g.pdfLimit
	}
	res.Body = limitedBody{io.LimitReader(res.Body, limit), res.Body}
	if res.Uncompressed {
		return res, nil
	}
	if strings.Contains(strings.ToLower(res.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			res.Body.Close()
			return nil, fmt.Errorf("bad gzip response from %s: %w", req.URL.Host, err)
		}
		res.Body = limitedBody{io.LimitReader(zr, limit), res.Body}
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	}
	res.Uncompressed = true
	return res, nil
}

type limitedBody struct {
	io.Reader
	c io.Closer
}

func (b limitedBody) Close() error { return b.c.Close() }
