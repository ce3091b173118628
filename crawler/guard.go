package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// isPrivate reports whether ip must not be dialled by default: loopback,
// RFC 1918 / ULA private, link-local, unspecified, multicast, CGNAT.
func isPrivate(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return true
	}
	if ip.Is4() && cgnat.Contains(ip) {
		return true
	}
	return false
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

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

// newTransport returns the crawler's HTTP transport: a dialer with the
// private-address guard (unless allowPrivate), sane timeouts and pooling.
func newTransport(allowPrivate bool, timeout time.Duration) *http.Transport {
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
