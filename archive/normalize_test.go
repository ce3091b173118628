package archive

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"HTTPS://Example.ORG/Path", "https://example.org/Path"},
		{"https://example.org", "https://example.org/"},
		{"http://example.org:80/a", "http://example.org/a"},
		{"https://example.org:443/a", "https://example.org/a"},
		{"https://example.org:8443/a", "https://example.org:8443/a"},
		{"https://example.org/a#section-2", "https://example.org/a"},
		{"https://example.org/a?utm_source=tw&utm_medium=social&id=7", "https://example.org/a?id=7"},
		{"https://example.org/a?fbclid=abc", "https://example.org/a"},
		{"https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&_ga=4&b=2&a=1", "https://example.org/a?a=1&b=2"},
		{"https://example.org/a?UTM_Campaign=x&q=go+lang", "https://example.org/a?q=go+lang"},
		{"https://example.org/a?b=2&a=1&b=1", "https://example.org/a?a=1&b=2&b=1"},
		{"https://example.org/a/./b/../c", "https://example.org/a/c"},
		{"https://example.org/a/b/", "https://example.org/a/b/"},
		{"https://user:pw@example.org/a", "https://example.org/a"},
		{"https://example.org./a", "https://example.org/a"},
		{"https://bücher.example/a", "https://xn--bcher-kva.example/a"},
		{"https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"},
		{"https://example.org/a%2Fb", "https://example.org/a%2Fb"},
		{"  https://example.org/a  ", "https://example.org/a"},
		{"https://[::1]:443/x", "https://[::1]/x"},
		// RFC 3986 6.2.2: escapes in upper case, unreserved characters
		// decoded, in the path and the query; then dot segments.
		{"https://example.org/a%2fb", "https://example.org/a%2Fb"},
		{"https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9"},
		{"https://example.org/%7euser/%7Ebob", "https://example.org/~user/~bob"},
		{"https://example.org/%41%62c%2D%2e%5F%30", "https://example.org/Abc-._0"},
		{"https://example.org/a/%2E%2E/b", "https://example.org/b"},
		{"https://example.org/a?q=%7e%2f%41&r=%e9", "https://example.org/a?q=~%2FA&r=%E9"},
		{"https://example.org/a?%75tm_source=x&b=1", "https://example.org/a?b=1"},
		// Session ids in path parameters and in the query name a visit,
		// not the page.
		{"https://example.org/a;jsessionid=0A1B2C", "https://example.org/a"},
		{"https://example.org/a;JSESSIONID=0A1B2C?id=3", "https://example.org/a?id=3"},
		{"https://example.org/a;phpsessid=9f;v=2/b", "https://example.org/a;v=2/b"},
		{"https://example.org/a;v=2", "https://example.org/a;v=2"},
		{"https://example.org/a?PHPSESSID=9f&jsessionid=1&id=3", "https://example.org/a?id=3"},
	}
	for _, c := range cases {
		got, err := NormalizeURL(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		// Idempotent.
		if again, err := NormalizeURL(got); err != nil || again != got {
			t.Errorf("not idempotent: %q -> %q (%v)", got, again, err)
		}
	}
	for _, bad := range []string{"", "ftp://example.org/x", "mailto:a@b.c", "/relative/path", "https://", "http://%zz/", "::::"} {
		if got, err := NormalizeURL(bad); !errors.Is(err, ErrBadURL) {
			t.Errorf("NormalizeURL(%q) = %q, %v; want ErrBadURL", bad, got, err)
		}
	}
}

func TestSites(t *testing.T) {
	if !sameSite("https://www.ex.org/a", "https://ex.org/b") || sameSite("https://ex.org/a", "https://other.org/a") {
		t.Error("sameSite")
	}
	if !siteMatches("news.ex.org", "ex.org") || !siteMatches("ex.org", "www.ex.org") || siteMatches("notex.org", "ex.org") {
		t.Error("siteMatches")
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://example.org/a?utm_source=x#y", "http://[::1]:80/", "https://ex.org/%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeURL(s)
		if err != nil {
			return
		}
		if again, err := NormalizeURL(n); err != nil || again != n {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", s, n, again, err)
		}
	})
}

func TestSocketPathLong(t *testing.T) {
	if p := SocketPath("/tmp/a.db"); p != "/tmp/a.db.sock" {
		t.Error(p)
	}
	long := "/tmp/" + strings.Repeat("d", 120) + "/a.db"
	p := SocketPath(long)
	if len(p) > maxSocketPath || p != SocketPath(long) {
		t.Errorf("%q", p)
	}
}

func TestVersionCodecRoundTrip(t *testing.T) {
	in := &versionRec{Seq: 7, URL: "https://ex.org/a", Site: "ex.org", FirstSeen: t0, FetchedAt: t0.Add(1),
		Status: 200, FinalURL: "https://ex.org/a?x", Header: encodeHeader(map[string][]string{"Etag": {`"1"`}}),
		RawSize: 123, Blob: "ab", Hash: "cd", Words: 9, Title: "Tïtle", Authors: []string{"A", ""},
		Published: "2024-01-02", Summary: "s", Extractor: "1", Stored: 55}
	out, err := decodeVersion(in.encode())
	if err != nil || !reflect.DeepEqual(in, out) {
		t.Fatalf("%v\n%+v\n%+v", err, in, out)
	}
	enc := in.encode()
	for i := 0; i < len(enc); i++ { // truncated records fail cleanly
		if _, err := decodeVersion(enc[:i]); err == nil {
			t.Errorf("truncated at %d decoded", i)
		}
	}
}

func TestAppendFieldsMatchesStringsFields(t *testing.T) {
	inputs := []string{"", "  a  b\n\nc\t", "\u00a0x\u2003y\u3000", "é  ü", "a\xffb", strings.Repeat("word  ", 2000)}
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "bc", "é", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\xff", "\u4e2d"}
	for range 300 {
		var b strings.Builder
		for n := rng.Intn(3000); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		h := sha256.New()
		h.Write(appendFields(nil, s, h)) // what it flushed, then the rest
		want := sha256.Sum256([]byte(strings.Join(strings.Fields(s), " ")))
		if !bytes.Equal(h.Sum(nil), want[:]) {
			t.Errorf("%.80q...: hash differs from strings.Fields'", s)
		}
	}
}

func TestSchemeless(t *testing.T) {
	for raw, want := range map[string]bool{
		"example.org/a": true, "www.example.org": true, "localhost:8080/a": true, "think.example:8080/a": true,
		"mailto:a@b.org": false, "http:/example.org": false, "/a": false, "javascript:void(0)": false,
		"https://example.org/": false, "word": false, "a b.org/x": false,
	} {
		if got := schemeless(raw); got != want {
			t.Errorf("schemeless(%q) = %v, want %v", raw, got, want)
		}
	}
}
