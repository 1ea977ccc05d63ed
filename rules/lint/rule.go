// Package lint is the leaf every rule imports: rule metadata (code, name,
// severity, status, fix safety, doc, the codes a rule reports), the input
// analyzers whose results rules consume, helpers to report findings at
// exact positions with their typed data, and Selection, the one answer to
// "is this code on, and at what severity".
package lint

import (
	"fmt"
	"go/token"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// Severity orders findings; a higher value is more severe.
type Severity int

// Severities, from least to most severe. Off disables a rule.
const (
	Off Severity = iota
	Style
	Info
	Warning
	Error
)

var severityNames = [...]string{Off: "off", Style: "style", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name as written in flags and config.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q (want error, warning, info, style or off)", name)
}

// Status says how a rule is enabled by default.
type Status int

const (
	// Stable rules run by default.
	Stable Status = iota
	// Pedantic rules are true but rarely worth a user's time on real
	// projects (unpinned OS packages, consecutive RUNs): they run only when
	// selected or added with extend-select, or through a preset.
	Pedantic
	// Experimental rules run only when selected, or for BuildKit checks when
	// a `# check=experimental=` directive names them.
	Experimental
)

func (s Status) String() string {
	switch s {
	case Pedantic:
		return "pedantic"
	case Experimental:
		return "experimental"
	default:
		return "stable"
	}
}

// FixSafety says whether a rule's fixes may be applied without review.
type FixSafety int

const (
	// NoFix means the rule never proposes an edit.
	NoFix FixSafety = iota
	// SafeFix means applying the edit keeps the build's meaning; `--fix` applies it.
	SafeFix
	// UnsafeFix means the edit may change behaviour; only `--unsafe-fixes` applies it.
	UnsafeFix
	// DisplayOnly means the edit is shown as a suggestion and never applied.
	DisplayOnly
)

func (f FixSafety) String() string {
	switch f {
	case SafeFix:
		return "safe"
	case UnsafeFix:
		return "unsafe"
	case DisplayOnly:
		return "display-only"
	default:
		return "none"
	}
}

// Rule is one check: its identity, its documentation and the analyzer that
// runs it. Rules are declared as package-level vars named by their code and
// listed explicitly in the registry; nothing registers itself.
type Rule struct {
	// Code is the stable identifier users put in ignore lists: DL3008,
	// BK001, BA201. It is also the analyzer's Name.
	Code string
	// Name is the kebab-case or upstream name (BuildKit's FromAsCasing).
	Name string
	// Category groups rules in docs and SARIF tags: "buildkit", "dockerfile",
	// "uv", "cost", "security".
	Category string
	Severity Severity
	// Status says whether the rule runs by default.
	Status Status
	// NamedOnly rules run only when their code, name or one of their codes
	// is selected, or Choice.Enable names them; "all" does not run them
	// (ShellCheck starts a process per file).
	NamedOnly bool
	// CheckDirective rules are BuildKit checks, which BuildKit's `# check=`
	// directive governs by Name: `experimental=` turns an experimental one
	// on; `skip=` turns any other off, in the file or, through the comment
	// above an instruction, in the findings reported with that instruction
	// as Diagnostic.CheckAt.
	CheckDirective bool
	// Reports, when set, is the codes the rule's findings carry in place of
	// Code: a rule that fronts a tool with codes of its own (ShellCheck's
	// SC2086). Nil means every finding carries Code.
	Reports *ToolCodes
	Fix     FixSafety
	// Aliases are the codes of other rules that report the same problem
	// (a BuildKit check and a hadolint rule): where both find it, the
	// problem is reported once, under this rule's code, with the others
	// named in Finding.Aliases. The primary is the rule whose finding has
	// the better position, message and fix.
	Aliases []string
	// AliasesInStage says an alias reports the same problem at another
	// instruction of the stage: BuildKit flags every CMD but the last,
	// hadolint every CMD but the first. Its findings pair with this rule's
	// in order, by stage and instruction keyword; otherwise they pair by
	// instruction.
	AliasesInStage bool
	// Doc is the title line, a blank line, then sections (## Why, ## Example,
	// ## Use instead, ## Fix safety, ## Options, ## References).
	Doc string
	// URL is the rule's documentation page; empty means its doc file in
	// the repository (DocsBase + DocPath).
	URL string
	// DocFile is the doc's path in the repository, for a rule whose doc
	// does not follow the layout DocPath assumes.
	DocFile string
	// SecuritySeverity marks a security rule (a secret in the image, a
	// script run from the network, a root user, an untrusted registry):
	// how grave a finding is on the CVSS scale GitHub's code scanning
	// reads, from 0.1 (low) to 10 (critical). Zero: not a security rule.
	SecuritySeverity float64
	// Requires lists the input analyzers (and only those) the rule reads.
	Requires []*analysis.Analyzer
	Run      func(*analysis.Pass) (any, error)

	once     sync.Once
	analyzer *analysis.Analyzer
}

// DocsBase is where the repository's rule families live on GitHub; a
// rule's own doc is DocsBase + DocPath.
const DocsBase = "https://github.com/ballast-dev/ballast/blob/main/"

// DocPath is the path of the rule's Markdown doc in the repository, by the
// layout every rule follows: rules/<category>/<code>_<name in snake
// case>.md (rules/uv/ba201_sync_not_locked.md). A test holds every rule
// that links to it to a file that exists.
func (r *Rule) DocPath() string {
	if r.DocFile != "" {
		return r.DocFile
	}
	return r.docAt("")
}

// docAt is base followed by DocPath of a rule without DocFile, built in
// one allocation: every run builds the address of every rule it loads.
func (r *Rule) docAt(base string) string {
	const dir, ext = "rules/", ".md"
	// Snake case adds at most one underscore per byte of the name.
	b := make([]byte, 0, len(base)+len(dir)+len(r.Category)+1+len(r.Code)+1+2*len(r.Name)+len(ext))
	b = append(b, base...)
	b = append(b, dir...)
	b = append(b, r.Category...)
	b = append(b, '/')
	b = appendLower(b, r.Code)
	b = append(b, '_')
	b = appendSnakeCase(b, r.Name)
	b = append(b, ext...)
	return string(b)
}

// appendLower appends s in lower case: byte by byte when s is ASCII, as
// codes are.
func appendLower(b []byte, s string) []byte {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// appendSnakeCase appends a kebab-case or CamelCase name
// (sync-not-locked, InvalidBaseImagePlatform, JSONArgsRecommended) in
// snake case; a run of capitals is one word.
func appendSnakeCase(b []byte, name string) []byte {
	upper := func(i int) bool { return i >= 0 && i < len(name) && name[i] >= 'A' && name[i] <= 'Z' }
	lower := func(i int) bool {
		return i >= 0 && i < len(name) && (name[i] >= 'a' && name[i] <= 'z' || name[i] >= '0' && name[i] <= '9')
	}
	for i := range len(name) {
		c := name[i]
		switch {
		case c == '-':
			b = append(b, '_')
		case upper(i):
			if lower(i-1) || upper(i-1) && lower(i+1) {
				b = append(b, '_')
			}
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return b
}

// Analyzer returns the rule's analyzer, built once from its fields.
func (r *Rule) Analyzer() *analysis.Analyzer {
	r.once.Do(func() {
		url := r.URL
		switch {
		case url != "":
		case r.DocFile != "":
			url = DocsBase + r.DocFile
		default:
			url = r.docAt(DocsBase)
		}
		r.analyzer = &analysis.Analyzer{
			Name:     r.Code,
			Doc:      strings.TrimSpace(r.Doc), // the Markdown file ends with a newline
			URL:      url,
			Requires: r.Requires,
			Run:      r.Run,
		}
	})
	return r.analyzer
}

// HelpURL is the rule's documentation address.
func (r *Rule) HelpURL() string { return r.Analyzer().URL }

// Title is the first line of the doc.
func (r *Rule) Title() string {
	title, _, _ := strings.Cut(r.Doc, "\n")
	return strings.TrimSpace(title)
}

// Body is the doc without its title line.
func (r *Rule) Body() string {
	_, body, _ := strings.Cut(r.Doc, "\n")
	return strings.TrimSpace(body)
}

// Section returns the text of one "## Name" section of the doc, or "".
func (r *Rule) Section(name string) string {
	lines := strings.Split(r.Doc, "\n")
	var out []string
	in := false
	for _, l := range lines {
		if strings.HasPrefix(l, "## ") {
			in = strings.TrimSpace(l[3:]) == name
			continue
		}
		if in {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// ToolCodes are the codes of an external tool that one rule fronts: Prefix
// followed by Digits decimal digits, any case (ShellCheck: SC and 4).
type ToolCodes struct {
	// Tool is the tool's name, for messages.
	Tool   string
	Prefix string
	Digits int
	// DocBase is where the tool documents a code: DocBase + code.
	DocBase string
}

// Match reports whether code is one of the tool's.
func (t *ToolCodes) Match(code string) bool {
	if len(code) != len(t.Prefix)+t.Digits || !strings.EqualFold(code[:len(t.Prefix)], t.Prefix) {
		return false
	}
	for _, c := range code[len(t.Prefix):] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Finding is one diagnostic after the driver has attached its rule, its
// effective severity and resolved positions. Lines and columns are 1-based;
// columns count bytes, as go/token does. Offsets are byte offsets.
type Finding struct {
	Rule *Rule
	// Code overrides Rule.Code for a rule that fronts an external tool and
	// reports many codes under one rule (ShellCheck: rule SC, findings
	// SC2086, SC2154, …); empty means Rule.Code. Renderers, --ignore,
	// --severity and pragmas read ID, which honours it.
	Code     string
	Severity Severity
	Message  string
	File     string
	Start    token.Position
	End      token.Position
	Fixes    []Fix
	// Aliases are the codes of other rules that found the same problem
	// and were merged into this finding (see Rule.Aliases).
	Aliases []string
}

// ID is the code the finding is shown and matched under: Code when set,
// else the rule's code.
func (f *Finding) ID() string {
	if f.Code != "" || f.Rule == nil {
		return f.Code
	}
	return f.Rule.Code
}

// Names reports whether the finding carries code, as its own code or as
// an alias, any case.
func (f *Finding) Names(code string) bool {
	if strings.EqualFold(code, f.ID()) {
		return true
	}
	for _, a := range f.Aliases {
		if strings.EqualFold(code, a) {
			return true
		}
	}
	return false
}

// HelpURL is the documentation address of the finding's code: the rule's,
// or for a finding with a tool's code, the tool's page of that code.
func (f *Finding) HelpURL() string {
	switch {
	case f.Rule == nil:
		return ""
	case f.Code != "" && f.Rule.Reports != nil:
		return f.Rule.Reports.DocBase + f.Code
	case f.Code != "":
		return ""
	}
	return f.Rule.HelpURL()
}

// Fix is a resolved SuggestedFix.
type Fix struct {
	Description string
	Safety      FixSafety
	Edits       []Edit
}

// Edit replaces the bytes [Start, End) of File with NewText.
type Edit struct {
	File    string
	Start   int
	End     int
	NewText string
}

// Fixable reports whether the finding carries a fix that --fix could apply.
func (f *Finding) Fixable() bool {
	for _, fx := range f.Fixes {
		if fx.Safety == SafeFix || fx.Safety == UnsafeFix {
			return true
		}
	}
	return false
}
