package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// TestRobotsUnreadableMeansDisallow: a robots.txt that cannot be read whole
// (the connection drops, or is cut inside the body) is "unreachable" in
// RFC 9309 §2.3.1.4: the host is off limits until it can be read. It used
// to mean allow-all for the whole run, so a server restarting at the
// wrong moment had its Disallow'd pages fetched and archived; the next
// run, with robots.txt readable, crawls the site and still keeps out.
func TestRobotsUnreadableMeansDisallow(t *testing.T) {
	const rules = "User-agent: *\nDisallow: /private/\n"
	for name, broken := range map[string]func(w http.ResponseWriter){
		"dropped": func(w http.ResponseWriter) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		},
		"cut-short": func(w http.ResponseWriter) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(rules), rules[:len("User-agent: *\nDis")])
			buf.Flush()
			conn.Close()
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := startHosts(t, 1)[0]
			var reads atomic.Int32
			h.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				if reads.Add(1) == 1 {
					broken(w)
					return
				}
				fmt.Fprint(w, rules)
			})
			secret := "/private/2025/03/internal-memo-on-staffing"
			h.HTML("/", HubHTMLLinks(articlePath(1), secret))
			h.HTML(articlePath(1), article(1))
			h.HTML(secret, article(2))
			a, _ := openArchive(t)
			src := Source{Name: "s", Seeds: []string{h.URL + "/"}}

			src.Delay = noDelay()
			c, err := New(a, src, testOpts())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Run(context.Background()); !errors.Is(err, ErrNothingFetched) {
				t.Errorf("run with robots.txt unreadable: %v, want %v (its only seed was not fetched)", err, ErrNothingFetched)
			}
			if n := h.Hits(secret); n != 0 {
				t.Fatalf("robots.txt could not be read, yet its Disallow'd page was fetched %d times", n)
			}
			crawl(t, a, src, nil)
			if !hasVersion(t, a, h.URL+articlePath(1)) {
				t.Errorf("with robots.txt readable again, the next run did not archive the site")
			}
			if n := h.Hits(secret); n != 0 {
				t.Errorf("the Disallow'd page was fetched %d times", n)
			}
		})
	}
}
