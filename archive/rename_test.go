package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

// redirected is a fetch of from that ended at to after the given hops.
func redirected(from, to string, at time.Time, body string, hops ...Redirect) Fetch {
	f := fetch(from, at, body)
	f.FinalURL, f.Redirects = to, hops
	return f
}

// TestRenameLinksPages: a page whose URL starts answering a permanent
// redirect (every hop 301/308) to another page of its site is recorded as
// moved there, both ways; temporary hops, other sites and a redirect to the
// page's own canonical URL are not renames; a page answering at its URL
// again is no longer moved.
func TestRenameLinksPages(t *testing.T) {
	ctx := context.Background()
	const (
		old    = "https://think.example/2025/old-slug"
		mid    = "https://think.example/p/123"
		nu     = "https://think.example/2025/new-slug"
		other  = "https://elsewhere.example/landing"
		temp   = "https://think.example/2025/temp"
		alias  = "https://think.example/?p=9"
		single = "https://think.example/2025/single"
	)
	cases := []struct {
		name  string
		hops  []Redirect
		to    string
		moved bool
	}{
		{"301", []Redirect{{old, 301}}, nu, true},
		{"308 chain", []Redirect{{old, 308}, {mid, 301}}, nu, true},
		{"302", []Redirect{{old, 302}}, nu, false},
		{"307", []Redirect{{old, 307}}, nu, false},
		{"301 then 302", []Redirect{{old, 301}, {mid, 302}}, nu, false},
		{"other site", []Redirect{{old, 301}}, other, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _ := openTest(t, nil)
			record(t, a, old, t0, "Report", "the first text of the report")
			record(t, a, c.to, t0.Add(time.Hour), "Report", "the report as it reads now")
			f := redirected(old, c.to, t0.Add(2*time.Hour), htmlFor("Report", "the report as it reads now"), c.hops...)
			res, err := a.Record(ctx, f, art(c.to, "Report", "the report as it reads now"))
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Equal(res.Renamed, []string{old}); got != c.moved {
				t.Errorf("result renamed %q", res.Renamed)
			}
			// Told once: the next fetch through the redirect is news no more.
			f.FetchedAt = t0.Add(3 * time.Hour)
			if res, err := a.Record(ctx, f, art(c.to, "Report", "the report as it reads now")); err != nil || len(res.Renamed) > 0 {
				t.Errorf("second fetch: renamed %q, %v", res.Renamed, err)
			}
			op, err := a.Page(ctx, old)
			if err != nil {
				t.Fatal(err)
			}
			np, err := a.Page(ctx, c.to)
			if err != nil {
				t.Fatal(err)
			}
			if got := op.MovedTo == c.to && op.MovedAt.Equal(t0.Add(2*time.Hour)) && op.LastSeen.Equal(t0) && slices.Equal(np.MovedFrom, []string{old}); got != c.moved {
				t.Fatalf("moved = %v, want %v: old %q at %v, new moved_from %q", got, c.moved, op.MovedTo, op.MovedAt, np.MovedFrom)
			}
		})
	}

	t.Run("alias redirect", func(t *testing.T) {
		// A short URL answering 301 to the page it is an alias of is no
		// rename; nor is a first fetch through a redirect.
		a, _ := openTest(t, nil)
		for i := range 2 {
			at := t0.Add(time.Duration(i) * time.Hour)
			if _, err := a.Record(ctx, redirected(alias, single, at, htmlFor("S", "one text"), Redirect{alias, 301}), art(single, "S", "one text")); err != nil {
				t.Fatal(err)
			}
		}
		p, err := a.Page(ctx, alias)
		if err != nil || p.URL != single || p.MovedTo != "" || len(p.MovedFrom) != 0 {
			t.Fatalf("page %+v, %v", p, err)
		}
	})

	t.Run("reverted", func(t *testing.T) {
		a, _ := openTest(t, nil)
		record(t, a, old, t0, "Report", "the first text of the report")
		record(t, a, nu, t0.Add(time.Hour), "Report", "the report as it reads now")
		if _, err := a.Record(ctx, redirected(old, nu, t0.Add(2*time.Hour), htmlFor("Report", "the report as it reads now"), Redirect{old, 301}), art(nu, "Report", "the report as it reads now")); err != nil {
			t.Fatal(err)
		}
		// The site reverts: the new URL now redirects to the old one,
		// which answers again.
		if _, err := a.Record(ctx, redirected(nu, old, t0.Add(3*time.Hour), htmlFor("Report", "the report restored"), Redirect{nu, 301}), art(old, "Report", "the report restored")); err != nil {
			t.Fatal(err)
		}
		op, _ := a.Page(ctx, old)
		np, _ := a.Page(ctx, nu)
		if op.MovedTo != "" || np.MovedTo != old || !slices.Contains(op.MovedFrom, nu) || !slices.Contains(np.MovedFrom, old) {
			t.Fatalf("old %+v\nnew %+v", op, np)
		}
	})

	t.Run("moved twice", func(t *testing.T) {
		// The site renames the article again, the old URL straight to
		// the latest: the old page is moved there, when it moved last;
		// a capture of the first move imported late changes nothing.
		a, _ := openTest(t, nil)
		const third = "https://think.example/2025/third-slug"
		record(t, a, old, t0, "Report", "the first text of the report")
		record(t, a, nu, t0.Add(time.Hour), "Report", "the report as it reads now")
		record(t, a, third, t0.Add(3*time.Hour), "Report", "the report as it reads last")
		for _, m := range []struct {
			to   string
			at   time.Duration
			text string
			news bool
		}{
			{nu, 2, "the report as it reads now", true},
			{third, 4, "the report as it reads last", true},
			{nu, 3, "the report as it reads now", false},
		} {
			f := redirected(old, m.to, t0.Add(m.at*time.Hour), htmlFor("Report", m.text), Redirect{old, 301})
			res, err := a.Record(ctx, f, art(m.to, "Report", m.text))
			if err != nil || (len(res.Renamed) == 1) != m.news {
				t.Fatalf("move to %s at +%dh: renamed %q, %v", m.to, m.at, res.Renamed, err)
			}
		}
		op, _ := a.Page(ctx, old)
		tp, _ := a.Page(ctx, third)
		if op.MovedTo != third || !op.MovedAt.Equal(t0.Add(4*time.Hour)) || !slices.Equal(tp.MovedFrom, []string{old}) {
			t.Fatalf("old %+v\nthird %+v", op, tp)
		}
	})

	t.Run("older import", func(t *testing.T) {
		// A redirect captured before the page last answered (an import
		// of an older WARC) is no rename.
		a, _ := openTest(t, nil)
		record(t, a, nu, t0, "Report", "the report as it reads now")
		record(t, a, old, t0.Add(5*time.Hour), "Report", "the first text of the report")
		if _, err := a.Record(ctx, redirected(old, nu, t0.Add(time.Hour), htmlFor("Report", "the report as it reads now"), Redirect{old, 301}), art(nu, "Report", "the report as it reads now")); err != nil {
			t.Fatal(err)
		}
		if op, _ := a.Page(ctx, old); op.MovedTo != "" {
			t.Fatalf("moved by an older capture: %+v", op)
		}
	})

	t.Run("RecordMove", func(t *testing.T) {
		// A redirect captured alone (a WARC's 301): a rename only between
		// two archived pages, once.
		a, _ := openTest(t, nil)
		record(t, a, old, t0, "Report", "the first text of the report")
		record(t, a, nu, t0.Add(time.Hour), "Report", "the report as it reads now")
		for _, c := range []struct {
			from, to string
			want     bool
		}{{temp, nu, false}, {old, temp, false}, {old, old, false}, {old, nu, true}, {old, nu, false}} {
			if news, err := a.RecordMove(ctx, c.from, c.to, t0.Add(2*time.Hour)); err != nil || news != c.want {
				t.Errorf("RecordMove(%s, %s) = %v, %v; want %v", c.from, c.to, news, err, c.want)
			}
		}
		if op, _ := a.Page(ctx, old); op.MovedTo != nu {
			t.Errorf("old page %+v", op)
		}
		// Undone later (a WARC's 301 back, new to old): the old page is
		// moved no more, or the two pages were each moved to the other.
		if news, err := a.RecordMove(ctx, nu, old, t0.Add(3*time.Hour)); err != nil || !news {
			t.Fatalf("RecordMove back: %v, %v", news, err)
		}
		op, _ := a.Page(ctx, old)
		np, _ := a.Page(ctx, nu)
		if op.MovedTo != "" || !op.MovedAt.IsZero() || np.MovedTo != old {
			t.Errorf("after the move back: old %+v\nnew %+v", op, np)
		}
	})

	t.Run("export", func(t *testing.T) {
		a, _ := openTest(t, nil)
		record(t, a, old, t0, "Report", "the first text of the report")
		record(t, a, nu, t0.Add(time.Hour), "Report", "the report as it reads now")
		if _, err := a.Record(ctx, redirected(old, nu, t0.Add(2*time.Hour), htmlFor("Report", "the report as it reads now"), Redirect{old, 301}), art(nu, "Report", "the report as it reads now")); err != nil {
			t.Fatal(err)
		}
		got := map[string]Record{}
		if err := a.Export(ctx, ExportFilter{}, func(r *Record) error { got[r.URL] = *r; return nil }); err != nil {
			t.Fatal(err)
		}
		if got[old].MovedTo != nu || !slices.Equal(got[nu].MovedFrom, []string{old}) {
			t.Fatalf("export: old moved_to %q, new moved_from %q", got[old].MovedTo, got[nu].MovedFrom)
		}
		var buf bytes.Buffer
		if _, _, err := a.ExportJSONL(ctx, ExportFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
		var r0, r1 map[string]any
		if len(lines) != 2 || json.Unmarshal(lines[0], &r0) != nil || json.Unmarshal(lines[1], &r1) != nil ||
			r0["moved_to"] != nu || r1["moved_from"] == nil {
			t.Fatalf("export lines:\n%s", buf.String())
		}
	})
}

// TestRenameThroughReadServer: a reader going through the read server of
// the process that holds the archive sees the rename links as the writer
// records them, while it renames a page back and forth (A→B→A: each move
// is a fetch landing at the other page); a page's links always name the
// other page, and the remote Page carries moved_at.
func TestRenameThroughReadServer(t *testing.T) {
	ctx := context.Background()
	const (
		pa = "https://think.example/2025/a"
		pb = "https://think.example/2025/b"
	)
	a, path := openTest(t, nil)
	record(t, a, pa, t0, "Report", "the report under a")
	record(t, a, pb, t0.Add(time.Hour), "Report", "the report under b")
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- NewReadServer(a).Serve(sctx, path) }()
	defer func() { cancel(); <-served }()
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := os.Stat(SocketPath(path)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no socket")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok := r.(*RemoteReader); !ok {
		t.Fatalf("reader is %T, want the read server's client", r)
	}
	const moves = 20
	wrote := make(chan error, 1)
	go func() {
		for i := range moves {
			from, to := pa, pb
			if i%2 == 1 {
				from, to = pb, pa
			}
			text := "the report under " + to[len(to)-1:]
			f := redirected(from, to, t0.Add(time.Duration(2+i)*time.Hour), htmlFor("Report", text), Redirect{from, 301})
			res, err := a.Record(ctx, f, art(to, "Report", text))
			if err == nil && !slices.Equal(res.Renamed, []string{from}) {
				err = fmt.Errorf("move %d: renamed %q, want %s", i, res.Renamed, from)
			}
			if err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()
	check := func(final bool) {
		for _, u := range []string{pa, pb} {
			p, err := r.Page(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			other := pa
			if u == pa {
				other = pb
			}
			if (p.MovedTo != "" && (p.MovedTo != other || p.MovedAt.IsZero())) || len(p.MovedFrom) > 1 || (len(p.MovedFrom) == 1 && p.MovedFrom[0] != other) {
				t.Fatalf("%s through the server: %+v", u, p)
			}
			if final {
				local, _ := a.Page(ctx, u)
				if p.MovedTo != local.MovedTo || !p.MovedAt.Equal(local.MovedAt) || !slices.Equal(p.MovedFrom, local.MovedFrom) {
					t.Errorf("%s: remote %+v, local %+v", u, p, local)
				}
			}
		}
	}
	for done := false; !done; {
		select {
		case err := <-wrote:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		default:
			check(false)
		}
	}
	check(true)
	// The last move (odd) went back to a: b is the page moved.
	if p, _ := r.Page(ctx, pb); p.MovedTo != pa {
		t.Errorf("b after the last move: %+v", p)
	}
}
