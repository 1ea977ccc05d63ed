package pep508

import (
	"fmt"
	"strings"
)

// maxDepth bounds parenthesis nesting so that hostile input cannot exhaust
// the stack; real markers nest one level.
const maxDepth = 100

type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokLParen
	tokRParen
	tokString
	tokWord // a variable name or one of and, or, in, not
	tokOp   // a version comparison operator
)

type token struct {
	kind tokenKind
	text string // the string's contents without quotes, the word or the operator
	pos  int    // byte offset of the token's first character
}

// describe names a token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of marker"
	case tokString:
		return "quoted string"
	default:
	}
	return fmt.Sprintf("%q", t.text)
}

type parser struct {
	src   string
	pos   int
	tok   token
	depth int
	err   *SyntaxError
}

// ParseMarker parses an environment marker. The empty (or all blank) marker
// is always true.
func ParseMarker(s string) (*Marker, error) {
	p := &parser{src: s}
	p.next()
	if p.tok.kind == tokEOF && p.err == nil {
		return &Marker{}, nil
	}
	root := p.parseOr()
	if p.err == nil && p.tok.kind != tokEOF {
		p.fail(p.tok.pos, "expected 'and', 'or' or end of marker, found %s", p.tok.describe())
	}
	if p.err != nil {
		return nil, p.err
	}
	return &Marker{root: root}, nil
}

// fail records the first error; later ones are consequences of it.
func (p *parser) fail(pos int, format string, args ...any) {
	if p.err == nil {
		p.err = &SyntaxError{Kind: "marker", Input: p.src, Column: pos + 1, Msg: fmt.Sprintf(format, args...)}
	}
	p.tok = token{kind: tokEOF, pos: len(p.src)}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.'
}

// next reads the following token into p.tok.
func (p *parser) next() {
	if p.err != nil {
		return
	}
	for p.pos < len(p.src) && isBlank(p.src[p.pos]) {
		p.pos++
	}
	start := p.pos
	if start == len(p.src) {
		p.tok = token{kind: tokEOF, pos: start}
		return
	}
	c := p.src[start]
	switch {
	case c == '(':
		p.pos++
		p.tok = token{kind: tokLParen, text: "(", pos: start}
	case c == ')':
		p.pos++
		p.tok = token{kind: tokRParen, text: ")", pos: start}
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.src[start+1:], c)
		if end < 0 {
			p.fail(start, "unterminated string")
			return
		}
		p.pos = start + 1 + end + 1
		p.tok = token{kind: tokString, text: p.src[start+1 : start+1+end], pos: start}
	case isWordByte(c):
		for p.pos < len(p.src) && isWordByte(p.src[p.pos]) {
			p.pos++
		}
		p.tok = token{kind: tokWord, text: p.src[start:p.pos], pos: start}
	case strings.ContainsRune("<>=!~", rune(c)):
		for _, op := range []string{"===", "==", "!=", "<=", ">=", "~=", "<", ">"} {
			if strings.HasPrefix(p.src[start:], op) {
				p.pos += len(op)
				p.tok = token{kind: tokOp, text: op, pos: start}
				return
			}
		}
		p.fail(start, "invalid operator %q", p.src[start:start+1])
	default:
		p.fail(start, "unexpected character %q", nextRune(p.src[start:]))
	}
}

func nextRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}

func (p *parser) isWord(w string) bool { return p.tok.kind == tokWord && p.tok.text == w }

func (p *parser) parseOr() *node {
	return p.parseList(orNode, "or", p.parseAnd)
}

func (p *parser) parseAnd() *node {
	return p.parseList(andNode, "and", p.parseAtom)
}

// parseList parses operands joined by the keyword, flattening operands of
// the same kind so that a and (b and c) is the list a, b, c.
func (p *parser) parseList(kind nodeKind, keyword string, operand func() *node) *node {
	first := operand()
	if !p.isWord(keyword) {
		return first
	}
	list := &node{kind: kind}
	add := func(n *node) {
		if n == nil {
			return
		}
		if n.kind == kind {
			list.kids = append(list.kids, n.kids...)
		} else {
			list.kids = append(list.kids, n)
		}
	}
	add(first)
	for p.isWord(keyword) {
		p.next()
		add(operand())
	}
	return list
}

func (p *parser) parseAtom() *node {
	if p.tok.kind == tokLParen {
		open := p.tok.pos
		if p.depth == maxDepth {
			p.fail(open, "parentheses nested deeper than %d", maxDepth)
			return nil
		}
		p.depth++
		p.next()
		n := p.parseOr()
		p.depth--
		if p.tok.kind != tokRParen {
			p.fail(p.tok.pos, "expected ')' to close '(' at column %d, found %s", open+1, p.tok.describe())
			return nil
		}
		p.next()
		return n
	}
	return p.parseComparison()
}

func (p *parser) parseComparison() *node {
	left := p.tok
	if !p.operand() {
		return nil
	}
	if left.kind == tokWord {
		if _, ok := p.variable(left); !ok {
			return nil
		}
	}
	p.next()
	opTok := p.tok
	op, ok := p.operator()
	if !ok {
		return nil
	}
	right := p.tok
	if !p.operand() {
		return nil
	}
	p.next()

	var v variable
	var value string
	reversed := false
	switch {
	case left.kind == tokWord && right.kind == tokWord:
		p.fail(right.pos, "expected a quoted string, found %s", right.describe())
		return nil
	case left.kind == tokString && right.kind == tokString:
		p.fail(right.pos, "expected a marker variable, found %s", right.describe())
		return nil
	case left.kind == tokWord:
		if v, ok = p.variable(left); !ok {
			return nil
		}
		value = right.text
	default:
		if v, ok = p.variable(right); !ok {
			return nil
		}
		value, reversed = left.text, true
	}
	if v == extraVar && op != opEq && op != opNe {
		p.fail(opTok.pos, "extra supports only == and !=, found %s", opTok.describe())
		return nil
	}
	return &node{kind: compareNode, cmp: newComparison(v, op, value, reversed)}
}

// operand checks that the current token can be a side of a comparison.
func (p *parser) operand() bool {
	t := p.tok
	switch {
	case t.kind == tokString:
		return true
	case t.kind == tokWord && t.text != "and" && t.text != "or" && t.text != "in" && t.text != "not":
		return true
	}
	p.fail(t.pos, "expected a marker variable or a quoted string, found %s", t.describe())
	return false
}

func (p *parser) variable(t token) (variable, bool) {
	v, ok := lookupVariable(t.text)
	if !ok {
		p.fail(t.pos, "unknown marker variable %q", t.text)
	}
	return v, ok
}

func (p *parser) operator() (operator, bool) {
	t := p.tok
	switch {
	case t.kind == tokOp:
		p.next()
		for i, name := range operatorNames {
			if name == t.text {
				return operator(i), true
			}
		}
	case p.isWord("in"):
		p.next()
		return opIn, true
	case p.isWord("not"):
		p.next()
		if !p.isWord("in") {
			p.fail(p.tok.pos, "expected 'in' after 'not', found %s", p.tok.describe())
			return 0, false
		}
		p.next()
		return opNotIn, true
	}
	p.fail(t.pos, "expected a comparison operator, found %s", t.describe())
	return 0, false
}
