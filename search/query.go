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
//	title:x author:x site:x topic:x lang:x   field terms (x may be a "phrase"
//	                        or a group: title:(a OR b) searches both in titles)
//
// It is strict: a query that cannot mean what it says (an empty or unknown
// field, an unclosed quote or parenthesis, an operator with nothing on one
// side) is a *QueryError naming the column, never a silent "no results".

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
	tokField // "title:" directly before "(": the group's default field
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
	pos   int // byte offset in the query
}

// queryFields are the prefixes recognised as fields.
var queryFields = map[string]string{
	"title": fTitle, "author": fAuthor, "by": fAuthor, "site": fSite,
	"topic": fTopic, "tag": fTopic, "lang": fLang, "language": fLang,
	"body": fBody, "text": fBody, "kind": fKind,
}

// fieldNames lists the fields for messages.
const fieldNames = "title, author, site, topic, lang, kind, body"

// QueryError is a syntax error in a query, at a position a person can find.
// It wraps ErrBadQuery.
type QueryError struct {
	Query  string
	Column int    // 1-based, in characters
	Msg    string // what is wrong, e.g. "empty field `title:`"
	Hint   string // how to write it instead; may be ""
}

func (e *QueryError) Error() string {
	s := fmt.Sprintf("%v: %s at column %d", ErrBadQuery, e.Msg, e.Column)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *QueryError) Unwrap() error { return ErrBadQuery }

// CheckQuery reports the first syntax error in q as a *QueryError, or nil.
// Search returns the same errors; CheckQuery lets a caller reject a query
// before it opens anything.
func CheckQuery(q string) error {
	_, err := parseQuery(q)
	return err
}

func queryErr(q string, pos int, format string, args ...any) *QueryError {
	return &QueryError{Query: q, Column: utf8.RuneCountInString(q[:pos]) + 1, Msg: fmt.Sprintf(format, args...)}
}

func (e *QueryError) hint(format string, args ...any) *QueryError {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

func lexQuery(q string) ([]token, error) {
	var toks []token
	i := 0
	// readPhrase reads the phrase whose opening quote is at q[i].
	readPhrase := func() (string, error) {
		open := i
		j := strings.IndexByte(q[i+1:], '"')
		if j < 0 {
			return "", queryErr(q, open, "unclosed quote").hint(`close the phrase with "`)
		}
		s := q[i+1 : i+1+j]
		i += 2 + j
		if strings.TrimSpace(s) == "" {
			return "", queryErr(q, open, "empty phrase")
		}
		return s, nil
	}
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		start := i
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{kind: tokLParen, pos: start})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokRParen, pos: start})
			i++
		case r == '"':
			s, err := readPhrase()
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokPhrase, text: s, pos: start})
		case (r == '-' || r == '+') && i+1 < len(q) && !isBreak(q[i+1]):
			if r == '-' {
				toks = append(toks, token{kind: tokNot, text: "-", pos: start})
			} else {
				toks = append(toks, token{kind: tokPlus, text: "+", pos: start})
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
				toks = append(toks, token{kind: tokAnd, text: w, pos: start})
				continue
			case "OR", "||":
				toks = append(toks, token{kind: tokOr, text: w, pos: start})
				continue
			case "NOT":
				toks = append(toks, token{kind: tokNot, text: w, pos: start})
				continue
			}
			if k := strings.IndexByte(w, ':'); k > 0 && isFieldName(w[:k]) && !strings.HasPrefix(w[k+1:], "//") {
				name, rest := w[:k], w[k+1:]
				f, ok := queryFields[strings.ToLower(name)]
				switch {
				case !ok:
					return nil, queryErr(q, start, "unknown field `%s:`", name).hint("fields are %s; to search the text, quote it: \"%s\"", fieldNames, w)
				case rest != "":
					toks = append(toks, token{kind: tokWord, field: f, text: rest, pos: start})
				case i < len(q) && q[i] == '"':
					s, err := readPhrase()
					if err != nil {
						return nil, err
					}
					toks = append(toks, token{kind: tokPhrase, field: f, text: s, pos: start})
				case i < len(q) && q[i] == '(':
					toks = append(toks, token{kind: tokField, field: f, text: w, pos: start})
				default:
					return nil, queryErr(q, start, "empty field `%s`", w).hint("write %sword, %s\"a phrase\" or %s(a OR b), with no space", w, w, w)
				}
				continue
			}
			toks = append(toks, token{kind: tokWord, text: w, pos: start})
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(q)}), nil
}

// isFieldName reports whether s, the text before a colon, reads as a field
// name (letters only): "title" does, "10" in 10:30 does not.
func isFieldName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isBreak(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')'
}

// maxDepth bounds nested parentheses (and NOT chains) so a hostile query
// cannot exhaust the stack.
const maxDepth = 50

type parser struct {
	q     string
	toks  []token
	pos   int
	depth int
	field string // default field inside a field group, "" = title+body
}

// parseQuery parses q; an empty query gives nil. Errors are *QueryError.
func parseQuery(q string) (*node, error) {
	toks, err := lexQuery(q)
	if err != nil {
		return nil, err
	}
	p := &parser{q: q, toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		// or() stops only at EOF or a ")" it cannot match.
		return nil, p.errAt(t, "unmatched )")
	}
	return n, nil
}

func (p *parser) errAt(t token, format string, args ...any) error {
	e := queryErr(p.q, t.pos, format, args...)
	switch t.kind {
	case tokNot, tokOr, tokAnd:
		if t.text != "-" {
			// Only upper-case AND, OR and NOT are operators.
			e.hint("to search the word, write it in lower case or quote it")
		}
	}
	return e
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

// endsTerm reports whether t cannot start a term.
func endsTerm(t token) bool {
	return t.kind == tokEOF || t.kind == tokOr || t.kind == tokAnd || t.kind == tokRParen
}

func (p *parser) or() (*node, error) {
	var kids []*node
	for {
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokOr {
			if len(n) > 0 {
				kids = append(kids, combine(nodeAnd, n))
			}
			break
		}
		op := p.next()
		if len(n) == 0 {
			return nil, p.errAt(op, "%s needs a term before it", op.text)
		}
		if endsTerm(p.peek()) {
			return nil, p.errAt(op, "%s needs a term after it", op.text)
		}
		kids = append(kids, combine(nodeAnd, n))
	}
	return combine(nodeOr, kids), nil
}

// and returns the terms of one conjunction (nil: none before OR, ")" or
// the end).
func (p *parser) and() ([]*node, error) {
	var kids []*node
	for {
		t := p.peek()
		switch t.kind {
		case tokEOF, tokOr:
			return kids, nil
		case tokRParen:
			if p.depth == 0 {
				return nil, p.errAt(t, "unmatched )")
			}
			return kids, nil
		case tokAnd:
			p.next()
			if len(kids) == 0 {
				return nil, p.errAt(t, "%s needs a term before it", t.text)
			}
			if endsTerm(p.peek()) {
				return nil, p.errAt(t, "%s needs a term after it", t.text)
			}
			continue
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
}

func (p *parser) unary() (*node, error) {
	t := p.peek()
	switch t.kind {
	case tokNot, tokPlus:
		p.next()
		if endsTerm(p.peek()) {
			return nil, p.errAt(t, "%s needs a term after it", t.text)
		}
		if p.depth >= maxDepth {
			return nil, p.errAt(t, "query nested too deeply")
		}
		p.depth++
		n, err := p.unary()
		p.depth--
		if err != nil || t.kind == tokPlus {
			return n, err
		}
		return &node{kind: nodeNot, kids: []*node{n}}, nil
	}
	return p.primary()
}

func (p *parser) primary() (*node, error) {
	t := p.next()
	field := t.field
	if field == "" {
		field = p.field
	}
	switch t.kind {
	case tokField:
		// The lexer emits tokField only before "(".
		outer := p.field
		p.field = t.field
		n, err := p.primary()
		p.field = outer
		return n, err
	case tokLParen:
		if p.depth >= maxDepth {
			return nil, p.errAt(t, "query nested too deeply")
		}
		p.depth++
		n, err := p.or()
		p.depth--
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokRParen {
			return nil, p.errAt(t, "unclosed (")
		}
		if n == nil {
			return nil, p.errAt(t, "empty ()")
		}
		p.next()
		return n, nil
	case tokPhrase:
		return &node{kind: nodePhrase, field: field, text: t.text}, nil
	case tokWord:
		if strings.HasSuffix(t.text, "*") {
			s := strings.TrimRight(t.text, "*")
			if s == "" {
				return nil, queryErr(p.q, t.pos, "empty prefix `%s`", t.text).hint("migr* finds words starting with migr")
			}
			return &node{kind: nodePrefix, field: field, text: s}, nil
		}
		return &node{kind: nodeWord, field: field, text: t.text}, nil
	}
	// Callers check endsTerm first; anything else here is a bug, reported
	// as a bad query rather than a panic.
	return nil, p.errAt(t, "unexpected %q", t.text)
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
