package crawler

import (
	"errors"
	"fmt"
	"net/http"
)

var (
	// ErrConfig: the sources file or flags are invalid (see *ConfigError).
	ErrConfig = errors.New("crawler: bad configuration")
	// ErrScheme: only http and https URLs are crawled.
	ErrScheme = errors.New("crawler: only http and https URLs are allowed")
	// ErrPrivateAddress: the host resolved to a loopback, private or
	// link-local address and Options.AllowPrivate is off.
	ErrPrivateAddress = errors.New("crawler: refusing private address")
	// ErrBodyTooLarge: the response exceeded Options.MaxBodySize.
	ErrBodyTooLarge = errors.New("crawler: response body too large")
	// ErrRobots: robots.txt disallows the URL.
	ErrRobots = errors.New("crawler: disallowed by robots.txt")
	// ErrNotHTML: the response is not HTML (skipped by type).
	ErrNotHTML = errors.New("crawler: not HTML")
	// ErrNothingFetched: the run got no response at all because every seed,
	// feed and sitemap was refused or failed; the reasons are in the run's
	// Failures ('archivist crawls --failures').
	ErrNothingFetched = errors.New("crawler: nothing fetched: every seed was refused or failed")
	// ErrBusy: a run of this source is already in progress (serve).
	ErrBusy = errors.New("crawler: source already running")
)

// StatusError is an HTTP response the crawler could not use; callers branch
// on Code (colly would only give the status text).
type StatusError struct {
	Code int
	URL  string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}
