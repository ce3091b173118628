package archive

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/idna"
)

// ErrBadURL: the URL cannot identify a page (unparseable, not http(s), no host).
var ErrBadURL = errors.New("archive: bad URL")

// trackingParams are query parameters that only track the visitor; they
// never change what the page says, so they are dropped from page identity.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "igshid": true,
	"_hsenc": true, "_hsmi": true, "__hstc": true, "__hssc": true, "__hsfp": true, "hsctatracking": true,
	"mkt_tok": true, "oly_enc_id": true, "oly_anon_id": true, "vero_id": true, "vero_conv": true,
	"wickedid": true, "ncid": true, "cmpid": true, "s_cid": true, "sr_share": true, "at_medium": true, "at_campaign": true,
}

func isTrackingParam(k string) bool {
	k = strings.ToLower(k)
	return trackingParams[k] || strings.HasPrefix(k, "utm_") || strings.HasPrefix(k, "pk_") || strings.HasPrefix(k, "mtm_")
}

// NormalizeURL returns the identity of the page at raw: scheme and host
// lower-cased (IDN hosts in punycode), default port, fragment and userinfo
// dropped, percent-escapes normalised (RFC 3986 6.2.2: upper-case hex,
// unreserved characters decoded), dot segments resolved, an empty path
// made "/", session ids (;jsessionid=…, PHPSESSID=…) and tracking
// parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, …) dropped and the
// remaining query parameters sorted by name. Only http and https URLs are
// accepted. The crawler uses the same function, so both agree on identity.
func NormalizeURL(raw string) (string, error) { return normalizeURL(raw, false) }

// legacyNormalizeURL is NormalizeURL as it was before schema 4: escapes
// kept as written, session ids kept. A read-only open of an archive not
// yet migrated (see migrate3to4) finds its pages by it too.
func legacyNormalizeURL(raw string) (string, error) { return normalizeURL(raw, true) }

func normalizeURL(raw string, legacy bool) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("%w: empty", ErrBadURL)
	}
	if schemeless(raw) {
		// Typed or copied without its scheme ("example.org/a" is a path,
		// "host:8080/a" a scheme "host" to url.Parse): name what was meant.
		return "", fmt.Errorf("%w: %q has no http:// or https:// (did you mean %q?)", ErrBadURL, raw, "https://"+raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: %q: scheme must be http or https", ErrBadURL, raw)
	}
	host := strings.ToLower(u.Hostname())
	// An empty label (".x", "a..b", "x..") names no host; left in, it would
	// also normalise to a different URL each round (found by fuzzing).
	if strings.HasPrefix(host, ".") || strings.Contains(host, "..") {
		return "", fmt.Errorf("%w: %q: empty label in host", ErrBadURL, raw)
	}
	host = strings.TrimSuffix(host, ".") // the root label: example.org. = example.org
	if host == "" {
		return "", fmt.Errorf("%w: %q: no host", ErrBadURL, raw)
	}
	if a, err := idna.Lookup.ToASCII(host); err == nil && a != "" {
		host = a
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	out := url.URL{Scheme: u.Scheme, Host: host}

	p := u.EscapedPath()
	if !legacy {
		p = stripSessionParams(NormalizeEscapes(p))
	}
	if p == "" {
		p = "/"
	}
	if strings.Contains(p, "/.") {
		trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
		p = path.Clean(p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	dec, err := url.PathUnescape(p)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrBadURL, raw, err)
	}
	out.Path, out.RawPath = dec, p

	if u.RawQuery != "" {
		out.RawQuery = cleanQuery(u.RawQuery, legacy)
	}
	s := out.String()
	return s, nil
}

// cleanQuery drops tracking and session parameters and sorts the rest by
// name (keeping the order of repeated names), without re-escaping values
// beyond NormalizeEscapes.
func cleanQuery(q string, legacy bool) string {
	type kv struct{ k, raw string }
	var keep []kv
	if !legacy {
		// A raw space (url.Parse lets it through in a query) is escaped:
		// left as is, a trailing one was trimmed when the URL was read
		// again, another identity (found by fuzzing).
		q = NormalizeEscapes(strings.ReplaceAll(q, " ", "%20"))
	}
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, _, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isTrackingParam(k) || (!legacy && isSessionParam(k)) {
			continue
		}
		keep = append(keep, kv{k, part})
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].k < keep[j].k })
	parts := make([]string, len(keep))
	for i, p := range keep {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// NormalizeEscapes applies RFC 3986 6.2.2.1 and 6.2.2.2 to an escaped path
// or query, for NormalizeURL and the crawler's robots.txt checks:
// percent-escapes of unreserved characters (letters, digits, "-._~") are
// decoded, the others written in upper case. So /a%2fb and
// /a%2Fb, /%7euser and /~user are one page, fetched once. A "%" not
// followed by two hex digits is left as it is.
func NormalizeEscapes(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		c := s[i]
		if c != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b = append(b, c)
			continue
		}
		if v := unhex(s[i+1])<<4 | unhex(s[i+2]); isUnreserved(v) {
			b = append(b, v)
		} else {
			b = append(b, '%', upperHex(s[i+1]), upperHex(s[i+2]))
		}
		i += 2
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// isUnreserved: RFC 3986 2.3.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// sessionParams name a visitor's session (Java servlets, PHP, ASP,
// ColdFusion) when a site without cookies puts it in the URL: in a path
// parameter (/a;jsessionid=0A1B) or the query. The same page comes back
// under a new one at every visit.
var sessionParams = map[string]bool{
	"jsessionid": true, "phpsessid": true, "sessionid": true, "aspsessionid": true, "cfid": true, "cftoken": true,
}

func isSessionParam(k string) bool { return sessionParams[strings.ToLower(k)] }

// stripSessionParams drops session-id path parameters (";jsessionid=…")
// from an escaped path, keeping the other parameters of the segment.
func stripSessionParams(p string) string {
	if !strings.Contains(p, ";") {
		return p
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if !strings.Contains(seg, ";") {
			continue
		}
		params := strings.Split(seg, ";")
		kept := params[:1]
		for _, prm := range params[1:] {
			k, _, _ := strings.Cut(prm, "=")
			if dk, err := url.PathUnescape(k); err == nil {
				k = dk
			}
			if !isSessionParam(k) {
				kept = append(kept, prm)
			}
		}
		segs[i] = strings.Join(kept, ";")
	}
	return strings.Join(segs, "/")
}

// siteOf returns the site a normalised URL belongs to: its host without a
// leading "www.".
func siteOf(normalized string) string {
	u, err := url.Parse(normalized)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// sameSite reports whether two normalised URLs are on the same site.
func sameSite(a, b string) bool {
	sa, sb := siteOf(a), siteOf(b)
	return sa != "" && sa == sb
}

// siteMatches reports whether a page's site matches a --site filter: the
// same host, or a subdomain of it; or of one of several, comma-separated.
func siteMatches(site, filter string) bool {
	if strings.TrimSpace(filter) == "" {
		return true
	}
	for f := range strings.SplitSeq(filter, ",") {
		f = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(f)), "www.")
		if f != "" && (site == f || strings.HasSuffix(site, "."+f)) {
			return true
		}
	}
	return false
}

// schemeless reports whether raw looks like a host (and path) written
// without a scheme: "example.org/a", "localhost:8080/a"; not "mailto:x",
// "http:/x" or "/a".
func schemeless(raw string) bool {
	if strings.Contains(raw, "://") {
		return false
	}
	host, _, _ := strings.Cut(raw, "/")
	host, port, hasPort := strings.Cut(host, ":")
	if host == "" || strings.Trim(strings.ToLower(host), "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return false
	}
	if hasPort {
		return port != "" && strings.Trim(port, "0123456789") == ""
	}
	return strings.Contains(host, ".")
}
