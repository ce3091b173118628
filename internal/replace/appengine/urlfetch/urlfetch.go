// Package urlfetch stands in for google.golang.org/appengine/urlfetch in
// archivist's build (see archivist's internal/replace/README.md). colly
// imports it for Collector.Appengine, which archivist never calls; the
// real package links App Engine's protobuf descriptors and their
// registration runs at every process start. This stub has the one
// function colly uses; its client fails every request with ErrNoAppEngine
// rather than silently fetching without urlfetch.
package urlfetch

import (
	"context"
	"errors"
	"net/http"
)

// ErrNoAppEngine is the error of every request made through Client.
var ErrNoAppEngine = errors.New("urlfetch: App Engine is not supported in this build (archivist replaces google.golang.org/appengine with a stub)")

// Client returns a client whose every request fails with ErrNoAppEngine.
func Client(context.Context) *http.Client {
	return &http.Client{Transport: noAppEngine{}}
}

type noAppEngine struct{}

func (noAppEngine) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close() // a RoundTripper must close the body, even on error
	}
	return nil, ErrNoAppEngine
}
