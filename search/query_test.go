package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// show prints a parsed query as a compact prefix expression.
func show(n *node) string {
	if n == nil {
		return "<nil>"
	}
	var kids []string
	for _, k := range n.kids {
		kids = append(kids, show(k))
	}
	f := ""
	if n.field != "" {
		f = n.field + ":"
	}
	switch n.kind {
	case nodeWord:
		return f + n.text
	case nodePhrase:
		return f + `"` + n.text + `"`
	case nodePrefix:
		return f + n.text + "*"
	case nodeAnd:
		return "(AND " + strings.Join(kids, " ") + ")"
	case nodeOr:
		return "(OR " + strings.Join(kids, " ") + ")"
	case nodeNot:
		return "(NOT " + kids[0] + ")"
	}
	return "?"
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{``, `<nil>`},
		{`water`, `water`},
		{`water sahel`, `(AND water sahel)`},
		{`a OR b c`, `(OR a (AND b c))`},
		{`a b OR c`, `(OR (AND a b) c)`},
		{`a AND b`, `(AND a b)`},
		{`-water`, `(NOT water)`},
		{`sahel -water`, `(AND sahel (NOT water))`},
		{`NOT NOT water`, `(NOT (NOT water))`},
		{`+water`, `water`},
		{`"carbon tax" migr*`, `(AND "carbon tax" migr*)`},
		{`title:sahel`, `title:sahel`},
		{`title:"water security"`, `title:"water security"`},
		{`title:(sahel water)`, `(AND title:sahel title:water)`},
		{`title:(sahel OR "water security") -mali`, `(AND (OR title:sahel title:"water security") (NOT mali))`},
		{`title:(a author:b -c)`, `(AND title:a author:b (NOT title:c))`},
		{`title:(a (b OR c*))`, `(AND title:a (OR title:b title:c*))`},
		{`by:smith tag:climate language:fr text:x`, `(AND author:smith topic:climate lang:fr body:x)`},
		{`TITLE:x`, `title:x`},
		{`https://example.org/a`, `https://example.org/a`},
		{`10:30`, `10:30`},
		{`"foo:bar"`, `"foo:bar"`},
		{`c++ -`, `(AND c++ -)`},
	} {
		n, err := parseQuery(c.q)
		if err != nil {
			t.Errorf("%q: %v", c.q, err)
			continue
		}
		if got := show(n); got != c.want {
			t.Errorf("%q: got %s, want %s", c.q, got, c.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, c := range []struct {
		q    string
		col  int
		want string
	}{
		{`title:`, 1, "empty field `title:`"},
		{`site:`, 1, "empty field `site:`"},
		{`author:`, 1, "empty field `author:`"},
		{`water title: sahel`, 7, "empty field `title:`"},
		{`foo:water`, 1, "unknown field `foo:`"},
		{`water Note: x`, 7, "unknown field `Note:`"},
		{`"unclosed`, 1, "unclosed quote"},
		{`title:"x`, 7, "unclosed quote"},
		{`""`, 1, "empty phrase"},
		{`author:""`, 8, "empty phrase"},
		{`(a b`, 1, "unclosed ("},
		{`((a)`, 1, "unclosed ("},
		{`a)`, 2, "unmatched )"},
		{`)`, 1, "unmatched )"},
		{`()`, 1, "empty ()"},
		{`a OR`, 3, "OR needs a term after it"},
		{`OR a`, 1, "OR needs a term before it"},
		{`a AND AND b`, 3, "AND needs a term after it"},
		{`AND b`, 1, "AND needs a term before it"},
		{`a AND`, 3, "AND needs a term after it"},
		{`NOT`, 1, "NOT needs a term after it"},
		{`(a NOT)`, 4, "NOT needs a term after it"},
		{`a -)`, 4, "unmatched )"}, // "-" before a break is a word
		{`*`, 1, "empty prefix `*`"},
		{`topic:*`, 1, "empty prefix `*`"},
		{`é title:`, 3, "empty field `title:`"}, // columns count characters, not bytes
		{strings.Repeat("(", 200) + "a", 51, "nested too deeply"},
		{strings.Repeat("-", 200) + "a", 51, "nested too deeply"},
	} {
		_, err := parseQuery(c.q)
		var qe *QueryError
		if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: err %v, want a *QueryError wrapping ErrBadQuery", c.q, err)
			continue
		}
		if qe.Column != c.col || !strings.Contains(qe.Msg, c.want) {
			t.Errorf("%q: %q at column %d, want %q at column %d", c.q, qe.Msg, qe.Column, c.want, c.col)
		}
		if want := fmt.Sprintf("%s at column %d", c.want, c.col); !strings.Contains(err.Error(), want) {
			t.Errorf("%q: message %q does not say %q", c.q, err, want)
		}
		if CheckQuery(c.q) == nil {
			t.Errorf("%q: CheckQuery accepts it", c.q)
		}
	}
}

// Field groups find what the same field terms written out find.
func TestFieldGroupSearch(t *testing.T) {
	m := fixture()
	ix := openTest(t, "")
	mustSync(t, ix, m)
	for _, c := range [][2]string{
		{`title:(carbon tax)`, `title:carbon title:tax`},
		{`title:(carbon OR migration)`, `title:carbon OR title:migration`},
	} {
		got := urls(search(t, ix, m, Request{Query: c[0], Limit: 50}))
		want := urls(search(t, ix, m, Request{Query: c[1], Limit: 50}))
		if len(want) == 0 || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %v; %s: %v", c[0], got, c[1], want)
		}
	}
	if _, err := ix.Search(context.Background(), Request{Query: "title:"}, m); !errors.Is(err, ErrBadQuery) {
		t.Errorf("title: alone: %v, want ErrBadQuery", err)
	}
}
