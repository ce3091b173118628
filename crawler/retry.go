package crawler

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryable reports whether an HTTP status is worth retrying.
func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusRequestTimeout ||
		code == http.StatusBadGateway || code == http.StatusServiceUnavailable ||
		code == http.StatusGatewayTimeout || code == http.StatusInternalServerError
}

// retryAfter parses Retry-After (seconds or an HTTP date); ok=false when
// absent or unparsable.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// backoff is the wait before retry n (1-based): exponential from base with
// full jitter on the upper half, so retries of many pages spread out.
func backoff(base time.Duration, n int) time.Duration {
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	d := base << min(n-1, 6)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
