package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The query language:
//
//	climate policy          both words (AND is implied)
//	"carbon tax"            exact phrase
//	a OR b, a AND b, NOT a  boolean operators (upper case); -a excludes, +a requires
//	(a OR b) c              grouping
//	migr*                   prefix
//	title:x author:x site:x topic:x lang:x   field terms (x may be a "phrase")

type nodeKind int

const (
	nodeWord nodeKind = iota
	nodePhrase
	nodePrefix
	nodeAnd
	nodeOr
	nodeNot
)

type node struct {
	kind  nodeKind
	field string // "" = title+body
	text  string
	kids  []*node
}

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokLParen
	tokRParen
	tokAnd
	tokOr
	tokNot
	tokPlus
	tokEOF
)

type token struct {
	kind  tokKind
	text  string
	field string
}

// queryFields are the prefixes recognised as fields.
var queryFields = map[string]string{
	"title": fTitle, "author": fAuthor, "by": fAuthor, "site": fSite,
	"topic": fTopic, "tag": fTopic, "lang": fLang, "language": fLang,
	"body": fBody, "text": fBody,
}

func lexQuery(q string) []token {
	var toks []token
	i := 0
	readPhrase := func() string {
		// q[i] is the opening quote
		j := strings.IndexByte(q[i+1:], '"')
		var s string
		if j < 0 {
			s, i = q[i+1:], len(q)
		} else {
			s, i = q[i+1:i+1+j], i+2+j
		}
		return s
	}
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{kind: tokLParen})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokRParen})
			i++
		case r == '"':
			toks = append(toks, token{kind: tokPhrase, text: readPhrase()})
		case (r == '-' || r == '+') && i+1 < len(q) && !isBreak(q[i+1]):
			if r == '-' {
				toks = append(toks, token{kind: tokNot})
			} else {
				toks = append(toks, token{kind: tokPlus})
			}
			i++
		default:
			j := i
			for j < len(q) && !isBreak(q[j]) && q[j] != '"' {
				j++
			}
			w := q[i:j]
			i = j
			switch w {
			case "AND", "&&":
				toks = append(toks, token{kind: tokAnd})
				continue
			case "OR", "||":
				toks = append(toks, token{kind: tokOr})
				continue
			case "NOT":
				toks = append(toks, token{kind: tokNot})
				continue
			}
			if k := strings.IndexByte(w, ':'); k > 0 {
				if f, ok := queryFields[strings.ToLower(w[:k])]; ok {
					rest := w[k+1:]
					if rest == "" && i < len(q) && q[i] == '"' {
						toks = append(toks, token{kind: tokPhrase, field: f, text: readPhrase()})
						continue
					}
					if rest != "" {
						toks = append(toks, token{kind: tokWord, field: f, text: rest})
						continue
					}
				}
			}
			toks = append(toks, token{kind: tokWord, text: w})
		}
	}
	return append(toks, token{kind: tokEOF})
}

func isBreak(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')'
}

type parser struct {
	toks  []token
	pos   int
	depth int
}

// parseQuery parses q; an empty query gives nil.
func parseQuery(q string) (n *node, err error) {
	p := &parser{toks: lexQuery(q)}
	n = p.or()
	if p.peek().kind != tokEOF {
		return nil, fmt.Errorf("%w: unexpected %q", ErrBadQuery, tokText(p.peek()))
	}
	return n, nil
}

func tokText(t token) string {
	switch t.kind {
	case tokRParen:
		return ")"
	case tokLParen:
		return "("
	}
	return t.text
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) or() *node {
	var kids []*node
	for {
		if n := p.and(); n != nil {
			kids = append(kids, n)
		}
		if p.peek().kind != tokOr {
			break
		}
		p.next()
	}
	return combine(nodeOr, kids)
}

func (p *parser) and() *node {
	var kids []*node
	for {
		switch p.peek().kind {
		case tokEOF, tokOr:
			return combine(nodeAnd, kids)
		case tokRParen:
			if p.depth > 0 {
				return combine(nodeAnd, kids)
			}
			p.next() // stray ")": ignore
			continue
		case tokAnd:
			p.next()
			continue
		}
		if n := p.unary(); n != nil {
			kids = append(kids, n)
		}
	}
}

func (p *parser) unary() *node {
	switch p.peek().kind {
	case tokNot:
		p.next()
		if n := p.unary(); n != nil {
			return &node{kind: nodeNot, kids: []*node{n}}
		}
		return nil
	case tokPlus:
		p.next()
		return p.unary()
	}
	return p.primary()
}

func (p *parser) primary() *node {
	t := p.next()
	switch t.kind {
	case tokLParen:
		if p.depth > 50 {
			return nil
		}
		p.depth++
		n := p.or()
		p.depth--
		if p.peek().kind == tokRParen {
			p.next()
		}
		return n
	case tokPhrase:
		if strings.TrimSpace(t.text) == "" {
			return nil
		}
		return &node{kind: nodePhrase, field: t.field, text: t.text}
	case tokWord:
		if strings.HasSuffix(t.text, "*") {
			s := strings.TrimRight(t.text, "*")
			if s == "" {
				return nil
			}
			return &node{kind: nodePrefix, field: t.field, text: s}
		}
		return &node{kind: nodeWord, field: t.field, text: t.text}
	}
	return nil
}

func combine(k nodeKind, kids []*node) *node {
	switch len(kids) {
	case 0:
		return nil
	case 1:
		return kids[0]
	}
	return &node{kind: k, kids: kids}
}
