// Package pep508 reads PEP 508 environment markers and requirement strings
// and evaluates markers against the marker environment of a concrete target
// interpreter, as a uv.lock walker needs them.
//
// Comparisons follow the dependency specifiers specification:
//
//   - python_version, python_full_version and implementation_version compare
//     as PEP 440 versions; when a side does not parse as a version they
//     compare as strings (lexicographically).
//   - platform_release and platform_version compare as versions when both
//     sides parse as versions, and as strings otherwise.
//   - The other variables are plain strings: == and != test equality, <= and
//     >= also test equality, < and > are always false, and ~= is undefined
//     (false). "in" and "not in" test substring containment for every
//     variable.
//   - extra names are normalized (PEP 685) and looked up in the set of active
//     extras. uv's conflict encoding ('extra-8-nanochat-cpu', 'group-…',
//     'project-…') is just another name in that set.
package pep508

import (
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep440"
)

// SyntaxError is a marker or requirement that does not parse. Column is the
// 1-based byte column in Input.
type SyntaxError struct {
	Kind   string // "marker" or "requirement"
	Input  string
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid %s %q: column %d: %s", e.Kind, e.Input, e.Column, e.Msg)
}

// Marker is a parsed environment marker.
type Marker struct {
	root *node // nil for the empty marker, which is always true
}

type nodeKind uint8

const (
	compareNode nodeKind = iota
	andNode
	orNode
)

// node is an and/or of its kids (never of the same kind: nested and/or are
// flattened) or a single comparison.
type node struct {
	kind nodeKind
	kids []*node
	cmp  comparison
}

type variable uint8

const (
	implementationName variable = iota
	implementationVersion
	osName
	platformMachine
	platformPythonImplementation
	platformRelease
	platformSystem
	platformVersion
	pythonFullVersion
	pythonVersion
	sysPlatform
	extraVar
	numVariables
)

var variableNames = [numVariables]string{
	"implementation_name", "implementation_version", "os_name", "platform_machine",
	"platform_python_implementation", "platform_release", "platform_system",
	"platform_version", "python_full_version", "python_version", "sys_platform", "extra",
}

// legacyName reads the pre-PEP 508 spellings that packaging and uv still
// accept.
func legacyName(name string) (variable, bool) {
	switch name {
	case "os.name":
		return osName, true
	case "sys.platform":
		return sysPlatform, true
	case "platform.version":
		return platformVersion, true
	case "platform.machine":
		return platformMachine, true
	case "platform.python_implementation", "python_implementation":
		return platformPythonImplementation, true
	}
	return 0, false
}

func lookupVariable(name string) (variable, bool) {
	for i, n := range variableNames {
		if n == name {
			return variable(i), true
		}
	}
	return legacyName(name)
}

// versionSlot is the index of v in envVersions, or -1 when v never compares
// as a version.
func versionSlot(v variable) int {
	switch v {
	case pythonVersion:
		return 0
	case pythonFullVersion:
		return 1
	case implementationVersion:
		return 2
	case platformRelease:
		return 3
	case platformVersion:
		return 4
	default:
	}
	return -1
}

func (e *Env) value(v variable) string {
	switch v {
	case implementationName:
		return e.ImplementationName
	case implementationVersion:
		return e.ImplementationVersion
	case osName:
		return e.OSName
	case platformMachine:
		return e.PlatformMachine
	case platformPythonImplementation:
		return e.PlatformPythonImplementation
	case platformRelease:
		return e.PlatformRelease
	case platformSystem:
		return e.PlatformSystem
	case platformVersion:
		return e.PlatformVersion
	case pythonFullVersion:
		return e.PythonFullVersion
	case pythonVersion:
		return e.PythonVersion
	case sysPlatform:
		return e.SysPlatform
	default:
	}
	return ""
}

type operator uint8

const (
	opEq operator = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opCompatible
	opArbitrary
	opIn
	opNotIn
)

var operatorNames = [...]string{"==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"}

// flipped is the operator that gives the same result with the operands
// swapped, for the operators where one exists.
func (o operator) flipped() operator {
	switch o {
	case opLt:
		return opGt
	case opLe:
		return opGe
	case opGt:
		return opLt
	case opGe:
		return opLe
	default:
	}
	return o
}

// comparison is `variable op 'value'`, or `'value' op variable` when
// reversed. Everything that depends only on the literal is computed once at
// parse time so that evaluation does not allocate.
type comparison struct {
	variable variable
	op       operator
	value    string
	reversed bool
	// spec is "variable op value" (operator flipped when reversed) as a PEP
	// 440 specifier; nil when the literal is not a version.
	spec pep440.Specifiers
	// literal is the parsed value, for reversed ~= (which cannot be flipped).
	literal   pep440.Version
	literalOK bool
	extra     string // normalized value, for the extra variable
}

func newComparison(v variable, op operator, value string, reversed bool) comparison {
	c := comparison{variable: v, op: op, value: value, reversed: reversed}
	if v == extraVar {
		c.extra = NormalizeName(value)
		return c
	}
	if versionSlot(v) < 0 || op == opIn || op == opNotIn || strings.ContainsRune(value, ',') {
		return c
	}
	if reversed && op == opCompatible {
		if lit, err := pep440.Parse(value); err == nil {
			c.literal, c.literalOK = lit, true
		}
		return c
	}
	if spec, err := pep440.ParseSpecifiers(operatorNames[op.flippedIf(reversed)] + value); err == nil && len(spec) == 1 {
		c.spec = spec
	}
	return c
}

func (o operator) flippedIf(reversed bool) operator {
	if reversed {
		return o.flipped()
	}
	return o
}

// envVersions memoizes the parsed version-typed variables of the
// environments seen last, one slot per variable.
type envVersions struct {
	slots [5]struct {
		set, ok bool
		s       string
		v       pep440.Version
	}
}

func (e *envVersions) get(slot int, s string) (pep440.Version, bool) {
	sl := &e.slots[slot]
	if !sl.set || sl.s != s {
		v, err := pep440.Parse(s)
		sl.set, sl.s, sl.v, sl.ok = true, s, v, err == nil
	}
	return sl.v, sl.ok
}

var emptyEnv Env

// Eval reports whether the marker holds in env. extras reports whether an
// extra (given normalized, see NormalizeName) is active; nil means none is.
// A nil env is the empty environment, in which every variable is "".
// Eval parses the environment's versions on every call; a Cache keeps them.
func (m *Marker) Eval(env *Env, extras func(name string) bool) bool {
	var versions envVersions
	return m.eval(env, extras, &versions)
}

func (m *Marker) eval(env *Env, extras func(string) bool, versions *envVersions) bool {
	if m == nil || m.root == nil {
		return true
	}
	if env == nil {
		env = &emptyEnv
	}
	return m.root.eval(env, extras, versions)
}

func (n *node) eval(env *Env, extras func(string) bool, versions *envVersions) bool {
	switch n.kind {
	case andNode:
		for _, k := range n.kids {
			if !k.eval(env, extras, versions) {
				return false
			}
		}
		return true
	case orNode:
		for _, k := range n.kids {
			if k.eval(env, extras, versions) {
				return true
			}
		}
		return false
	default:
	}
	return n.cmp.eval(env, extras, versions)
}

func (c *comparison) eval(env *Env, extras func(string) bool, versions *envVersions) bool {
	if c.variable == extraVar {
		active := extras != nil && extras(c.extra)
		return active == (c.op == opEq)
	}
	s := env.value(c.variable)
	if slot := versionSlot(c.variable); slot >= 0 && (c.spec != nil || c.literalOK) {
		if v, ok := versions.get(slot, s); ok {
			if c.literalOK {
				return compatible(c.literal, v)
			}
			return c.spec.Contains(v)
		}
	}
	left, right := s, c.value
	if c.reversed {
		left, right = right, left
	}
	return compareStrings(left, c.op, right, versionSlot(c.variable) >= 0)
}

// compatible reports whether v satisfies "~=base".
func compatible(v, base pep440.Version) bool {
	if len(base.Release) < 2 || pep440.Compare(v, base) < 0 {
		return false
	}
	for i, p := range base.Release[:len(base.Release)-1] {
		if i >= len(v.Release) && p != 0 || i < len(v.Release) && v.Release[i] != p {
			return false
		}
	}
	return true
}

// compareStrings evaluates "left op right" on strings. Ordering is
// lexicographic for version-typed variables whose value is not a version;
// for plain string variables < and > are false and <=, >= mean equality.
func compareStrings(left string, op operator, right string, lexicographic bool) bool {
	switch op {
	case opEq, opArbitrary:
		return left == right
	case opNe:
		return left != right
	case opIn:
		return strings.Contains(right, left)
	case opNotIn:
		return !strings.Contains(right, left)
	case opLe:
		return left == right || lexicographic && left < right
	case opGe:
		return left == right || lexicographic && left > right
	case opLt:
		return lexicographic && left < right
	case opGt:
		return lexicographic && left > right
	default:
	}
	return false // ~= is not defined on strings
}

// String is the marker in normal form: single spaces, single quotes (double
// when the value holds a single quote), canonical variable names, and only
// the parentheses the precedence needs. The empty marker is "".
func (m *Marker) String() string {
	if m == nil || m.root == nil {
		return ""
	}
	var b strings.Builder
	m.root.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	if n.kind == compareNode {
		n.cmp.write(b)
		return
	}
	sep := " and "
	if n.kind == orNode {
		sep = " or "
	}
	for i, k := range n.kids {
		if i > 0 {
			b.WriteString(sep)
		}
		paren := n.kind == andNode && k.kind == orNode
		if paren {
			b.WriteByte('(')
		}
		k.write(b)
		if paren {
			b.WriteByte(')')
		}
	}
}

func (c *comparison) write(b *strings.Builder) {
	quote := "'"
	if strings.ContainsRune(c.value, '\'') {
		quote = `"`
	}
	lit := quote + c.value + quote
	left, right := variableNames[c.variable], lit
	if c.reversed {
		left, right = right, left
	}
	b.WriteString(left)
	b.WriteByte(' ')
	b.WriteString(operatorNames[c.op])
	b.WriteByte(' ')
	b.WriteString(right)
}

// NormalizeName normalizes a package or extra name (PEP 503, PEP 685):
// lower case, with every run of '-', '_' and '.' replaced by one '-'.
func NormalizeName(name string) string {
	// Most names are normal already: a lower-case letter (or any byte
	// after it) is looked at once.
	normal := true
	for i := range len(name) {
		c := name[i]
		if c >= 'a' {
			continue
		}
		if 'A' <= c && c <= 'Z' || c == '_' || c == '.' || c == '-' && i > 0 && name[i-1] == '-' {
			normal = false
			break
		}
	}
	if normal {
		return name
	}
	var b strings.Builder
	b.Grow(len(name))
	for i := range len(name) {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.':
			if i == 0 || !isSeparator(name[i-1]) {
				b.WriteByte('-')
			}
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isSeparator(c byte) bool { return c == '-' || c == '_' || c == '.' }

// Vars is a set of the environment variables markers read (extra is not
// one: its value comes from the extras in effect, not the environment).
type Vars uint16

// Vars returns the environment variables m reads.
func (m *Marker) Vars() Vars {
	if m.root == nil {
		return 0
	}
	return m.root.vars()
}

func (n *node) vars() Vars {
	if n.kind == compareNode {
		if n.cmp.variable == extraVar {
			return 0
		}
		return 1 << n.cmp.variable
	}
	var s Vars
	for _, k := range n.kids {
		s |= k.vars()
	}
	return s
}

// AppendValues appends to b the values env gives the variables of s, each
// ended by a zero byte: environments that append the same bytes give every
// marker reading only s the same value.
func (e *Env) AppendValues(b []byte, s Vars) []byte {
	for v := range numVariables {
		if s&(1<<v) != 0 {
			b = append(append(b, e.value(v)...), 0)
		}
	}
	return b
}
