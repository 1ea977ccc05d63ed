// Package config finds and reads the user's ballast configuration:
// .ballast.toml, [tool.ballast] in pyproject.toml, the user's config.toml,
// or, as a migration path, a .hadolint.yaml.
//
// Every problem is an error naming the file, line and column; nothing is
// silently ignored.
package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Source says where a File came from.
type Source string

// The places a configuration is read from.
const (
	None      Source = ""               // no configuration found
	Ballast   Source = ".ballast.toml"  // a .ballast.toml (or --config FILE)
	Pyproject Source = "pyproject.toml" // [tool.ballast] in a pyproject.toml
	User      Source = "user"           // the user config dir's ballast/config.toml
	Hadolint  Source = ".hadolint.yaml" // a .hadolint.yaml or .hadolint.yml
)

// NeverFail is the failure threshold of hadolint's "none": no finding fails
// the run. It is above every severity.
const NeverFail = lint.Error + 1

// File is one loaded configuration.
type File struct {
	// Path is the file read; empty when none was found.
	Path   string
	Source Source

	// Select and Ignore are codes or names (codes after Validate); nil
	// when the file does not set them.
	Select, Ignore []string
	// Severity overrides a rule's severity, by code after Validate.
	Severity map[string]lint.Severity
	// FailureThreshold is set when HasFailureThreshold; it may be NeverFail.
	FailureThreshold    lint.Severity
	HasFailureThreshold bool
	// Lint is what rules read.
	Lint lint.Config
	// PerFile drops findings of some rules in the files a glob matches
	// (relative to the configuration's folder).
	PerFile []PerFile
	// ShellCheck runs shellcheck on every shell-form RUN (key
	// `shellcheck = true`).
	ShellCheck bool

	refs []ref // every code or name written, for Validate
}

// PerFile is one [[per-file]] entry.
type PerFile struct {
	Path   string
	Ignore []string
}

// ref is a code or name as written, and where.
type ref struct {
	key  string // the key it is the value of, for messages
	text string
	pos  pos
	set  func(code string) // stores the resolved code
}

type pos struct{ line, col int }

// Dir is the folder the configuration's relative paths are relative to.
func (f *File) Dir() string {
	if f.Path == "" {
		return ""
	}
	return filepath.Dir(f.Path)
}

// MigrationNote is the note to print once when the configuration is a
// hadolint one; empty otherwise.
func (f *File) MigrationNote() string {
	if f.Source != Hadolint {
		return ""
	}
	return fmt.Sprintf("ballast: reading %s (%s); move these settings to .ballast.toml", filepath.Base(f.Path), f.Path)
}

// UserConfigDir is os.UserConfigDir; tests replace it.
var UserConfigDir = os.UserConfigDir

// Load finds the configuration for a file in startDir: explicit when set;
// else the first .ballast.toml or pyproject.toml with [tool.ballast] from
// startDir up to the repository root (the folder holding .git) or the
// filesystem root; else the user config dir's ballast/config.toml; else
// the first .hadolint.yaml (or .yml) of the same walk. No configuration
// is an empty File, not an error.
func Load(startDir, explicit string) (*File, error) {
	if explicit != "" {
		return loadExplicit(explicit)
	}
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return nil, err
	}
	hadolint := ""
	for {
		if p := filepath.Join(dir, ".ballast.toml"); isFile(p) {
			return loadBallast(display(p), Ballast)
		}
		if p := filepath.Join(dir, "pyproject.toml"); isFile(p) {
			f, err := loadPyproject(display(p))
			if err != nil || f != nil {
				return f, err
			}
		}
		if hadolint == "" {
			for _, name := range []string{".hadolint.yaml", ".hadolint.yml"} {
				if p := filepath.Join(dir, name); isFile(p) {
					hadolint = display(p)
					break
				}
			}
		}
		if exists(filepath.Join(dir, ".git")) {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if ucd, err := UserConfigDir(); err == nil && ucd != "" {
		if p := filepath.Join(ucd, "ballast", "config.toml"); isFile(p) {
			return loadBallast(display(p), User)
		}
	}
	if hadolint != "" {
		return loadHadolint(hadolint)
	}
	return &File{}, nil
}

// loadExplicit reads --config FILE by its name: a pyproject.toml, a YAML
// file (hadolint's format) or ballast's TOML.
func loadExplicit(path string) (*File, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	switch {
	case filepath.Base(path) == "pyproject.toml":
		f, err := loadPyproject(path)
		if err == nil && f == nil {
			return nil, fmt.Errorf("%s: no [tool.ballast] table", path)
		}
		return f, err
	case strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml"):
		return loadHadolint(path)
	}
	return loadBallast(path, Ballast)
}

// display shortens an absolute path under the working directory to a
// relative one, as file arguments are shown.
func display(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// isFile reports whether p names something other than a directory: a
// FIFO or device named .ballast.toml is then an error when read, not a
// configuration silently passed over.
func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// loadPyproject reads [tool.ballast]; nil when the file has none.
func loadPyproject(path string) (*File, error) {
	src, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := pyproject.Parse(path, src)
	if err != nil {
		return nil, err
	}
	if p.Ballast == nil {
		return nil, nil
	}
	d := &decoder{file: path, table: pos{p.BallastPos.Line, p.BallastPos.Col}}
	d.at = func(path string) pos {
		if q, ok := p.BallastKeys[path]; ok && q.IsValid() {
			return pos{q.Line, q.Col}
		}
		return d.table
	}
	f := &File{Path: path, Source: Pyproject}
	return f, d.decode(f, p.Ballast)
}

// loadBallast reads a ballast TOML file (.ballast.toml or the user's).
func loadBallast(path string, src Source) (*File, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %s", path, line, col, strings.TrimPrefix(de.Error(), "toml: "))
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	keys := tomlKeys(data)
	d := &decoder{file: path, table: pos{1, 1}}
	d.at = func(path string) pos {
		if q, ok := keys[path]; ok {
			return q
		}
		return d.table
	}
	f := &File{Path: path, Source: src}
	return f, d.decode(f, m)
}

// tomlKeys maps every key path of a valid TOML document (dotted, with [i]
// for array elements and [[tables]]) to where its key, or array element,
// is written.
func tomlKeys(data []byte) map[string]pos {
	lineStarts := []int{0}
	for i, c := range data {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	at := func(off int) pos {
		i, found := slices.BinarySearch(lineStarts, off)
		if !found {
			i--
		}
		return pos{i + 1, off - lineStarts[i] + 1}
	}
	keys := map[string]pos{}
	counts := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	prefix := ""
	keyPath := func(it unstable.Iterator) (string, int) {
		var parts []string
		off := -1
		for it.Next() {
			n := it.Node()
			if off < 0 {
				off = int(n.Raw.Offset)
			}
			parts = append(parts, string(n.Data))
		}
		return strings.Join(parts, "."), off
	}
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "." + b
	}
	var value func(path string, n *unstable.Node)
	value = func(path string, n *unstable.Node) {
		switch n.Kind {
		case unstable.Array:
			i := 0
			for it := n.Children(); it.Next(); i++ {
				c := it.Node()
				ip := path + "[" + strconv.Itoa(i) + "]"
				if c.Raw.Length > 0 {
					keys[ip] = at(int(c.Raw.Offset))
				} else {
					keys[ip] = keys[path]
				}
				value(ip, c)
			}
		case unstable.InlineTable:
			for it := n.Children(); it.Next(); {
				kv := it.Node()
				k, off := keyPath(kv.Key())
				kp := join(path, k)
				keys[kp] = at(off)
				value(kp, kv.Value())
			}
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			k, off := keyPath(e.Key())
			prefix = k
			if _, ok := keys[k]; !ok {
				keys[k] = at(off)
			}
		case unstable.ArrayTable:
			k, off := keyPath(e.Key())
			if _, ok := keys[k]; !ok {
				keys[k] = at(off)
			}
			prefix = k + "[" + strconv.Itoa(counts[k]) + "]"
			counts[k]++
			keys[prefix] = at(off)
		case unstable.KeyValue:
			k, off := keyPath(e.Key())
			kp := join(prefix, k)
			keys[kp] = at(off)
			value(kp, e.Value())
		}
	}
	return keys
}

// decoder turns plain values into a File, reporting errors at positions.
type decoder struct {
	file  string
	table pos
	at    func(path string) pos
}

func (d *decoder) errorf(path, format string, args ...any) error {
	p := d.at(path)
	return fmt.Errorf("%s:%d:%d: %s", d.file, p.line, p.col, fmt.Sprintf(format, args...))
}

func (d *decoder) bad(path, key, format string, args ...any) error {
	return d.errorf(path, "bad value for %q: %s", key, fmt.Sprintf(format, args...))
}

var labelTypes = []string{"text", "url", "semver", "hash", "rfc3339", "spdx", "email"}

func (d *decoder) decode(f *File, m map[string]any) error {
	ks := slices.Sorted(maps.Keys(m))
	// Report the first problem in file order, not key order.
	slices.SortStableFunc(ks, func(a, b string) int {
		pa, pb := d.at(a), d.at(b)
		if pa.line != pb.line {
			return pa.line - pb.line
		}
		return pa.col - pb.col
	})
	for _, k := range ks {
		v := m[k]
		var err error
		switch k {
		case "select":
			f.Select, err = d.codes(k, k, v, &f.refs)
			if f.Select == nil && err == nil {
				f.Select = []string{}
			}
		case "ignore":
			f.Ignore, err = d.codes(k, k, v, &f.refs)
			if f.Ignore == nil && err == nil {
				f.Ignore = []string{}
			}
		case "severity":
			err = d.severity(f, k, v)
		case "failure-threshold":
			var s string
			if s, err = d.str(k, k, v); err == nil {
				sev, perr := lint.ParseSeverity(s)
				if perr != nil || sev == lint.Off {
					err = d.bad(k, k, "want error, warning, info or style, got %q", s)
				}
				f.FailureThreshold, f.HasFailureThreshold = sev, true
			}
		case "trusted-registries":
			f.Lint.TrustedRegistries, err = d.strs(k, k, v)
		case "label-schema":
			err = d.labelSchema(f, k, v)
		case "strict-labels":
			b, ok := v.(bool)
			if !ok {
				err = d.bad(k, k, "want true or false, got %s", describe(v))
			}
			f.Lint.StrictLabels = b
		case "python":
			if f.Lint.Python, err = d.str(k, k, v); err == nil && !pythonRe.MatchString(f.Lint.Python) {
				err = d.bad(k, k, "want a Python version like \"3.12\", got %q", f.Lint.Python)
			}
		case "platform":
			if f.Lint.Platform, err = d.str(k, k, v); err == nil && !platformRe.MatchString(f.Lint.Platform) {
				err = d.bad(k, k, "want OS/ARCH[/VARIANT] like \"linux/arm64\", got %q", f.Lint.Platform)
			}
		case "disk-budget":
			f.Lint.DiskBudget, err = d.size(k, v)
		case "memory-budget":
			f.Lint.MemoryBudget, err = d.size(k, v)
		case "heavy-layer":
			f.Lint.HeavyLayer, err = d.size(k, v)
		case "per-file":
			err = d.perFile(f, k, v)
		case "shellcheck":
			b, ok := v.(bool)
			if !ok {
				err = d.bad(k, k, "want true or false, got %s", describe(v))
			}
			f.ShellCheck = b
		default:
			err = d.errorf(k, "unknown key %q", k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var (
	pythonRe   = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)
	platformRe = regexp.MustCompile(`^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$`)
)

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

func (d *decoder) str(path, key string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", d.bad(path, key, "want a string, got %s", describe(v))
	}
	return s, nil
}

func (d *decoder) strs(path, key string, v any) ([]string, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, d.bad(path, key, "want an array of strings, got %s", describe(v))
	}
	out := []string{}
	for i, it := range arr {
		s, err := d.str(fmt.Sprintf("%s[%d]", path, i), key, it)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// codes reads a list of codes or names, remembering each for Validate.
func (d *decoder) codes(path, key string, v any, refs *[]ref) ([]string, error) {
	list, err := d.strs(path, key, v)
	if err != nil {
		return nil, err
	}
	for i, s := range list {
		*refs = append(*refs, ref{key: key, text: s, pos: d.at(fmt.Sprintf("%s[%d]", path, i)), set: func(code string) { list[i] = code }})
	}
	return list, nil
}

func (d *decoder) severity(f *File, key string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return d.bad(key, key, "want a table of code = severity, got %s", describe(v))
	}
	f.Severity = map[string]lint.Severity{}
	for _, code := range slices.Sorted(maps.Keys(m)) {
		path := key + "." + code
		s, err := d.str(path, key, m[code])
		if err != nil {
			return err
		}
		sev, err := lint.ParseSeverity(s)
		if err != nil {
			return d.bad(path, key, "want error, warning, info, style or off, got %q", s)
		}
		f.Severity[code] = sev
		f.refs = append(f.refs, ref{key: key, text: code, pos: d.at(path), set: func(resolved string) {
			delete(f.Severity, code)
			f.Severity[resolved] = sev
		}})
	}
	return nil
}

func (d *decoder) labelSchema(f *File, key string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return d.bad(key, key, "want a table of label = type, got %s", describe(v))
	}
	f.Lint.LabelSchema = map[string]string{}
	for _, label := range slices.Sorted(maps.Keys(m)) {
		path := key + "." + label
		s, err := d.str(path, key, m[label])
		if err != nil {
			return err
		}
		if !slices.Contains(labelTypes, s) {
			return d.bad(path, key, "label %q: want %s, got %q", label, strings.Join(labelTypes, ", "), s)
		}
		f.Lint.LabelSchema[label] = s
	}
	return nil
}

func (d *decoder) perFile(f *File, key string, v any) error {
	var entries []any
	switch v := v.(type) {
	case []any:
		entries = v
	case []map[string]any:
		for _, e := range v {
			entries = append(entries, e)
		}
	default:
		return d.bad(key, key, "want [[per-file]] tables, got %s", describe(v))
	}
	for i, e := range entries {
		path := fmt.Sprintf("%s[%d]", key, i)
		m, ok := e.(map[string]any)
		if !ok {
			return d.bad(path, key, "want a table with path and ignore, got %s", describe(e))
		}
		var pf PerFile
		for _, k := range slices.Sorted(maps.Keys(m)) {
			kp := path + "." + k
			var err error
			switch k {
			case "path":
				if pf.Path, err = d.str(kp, key+".path", m[k]); err == nil {
					if !lint.ValidGlob(pf.Path) {
						err = d.bad(kp, key+".path", "bad glob %q", pf.Path)
					}
				}
			case "ignore":
				pf.Ignore, err = d.codes(kp, key+".ignore", m[k], &f.refs)
			default:
				err = d.errorf(kp, "unknown key %q", key+"."+k)
			}
			if err != nil {
				return err
			}
		}
		if pf.Path == "" {
			return d.bad(path, key, "each [[per-file]] needs a path")
		}
		f.PerFile = append(f.PerFile, pf)
	}
	return nil
}

var sizeRe = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*((?i)[kmgt]i?b|b)?$`)

// ParseSize reads "20GiB", "512MB", "1.5 GB" or a byte count: decimal
// units (KB … TB) and binary ones (KiB … TiB).
func ParseSize(s string) (int64, bool) {
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	mult := 1.0
	if u := m[2]; len(u) > 1 {
		base := 1000.0
		if strings.HasSuffix(strings.ToLower(u), "ib") {
			base = 1024
		}
		exp := strings.IndexByte("kmgt", strings.ToLower(u[:1])[0]) + 1
		mult = math.Pow(base, float64(exp))
	}
	b := n * mult
	if b > math.MaxInt64 || b != math.Trunc(b) {
		return 0, false
	}
	return int64(b), true
}

func (d *decoder) size(key string, v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		if v >= 0 {
			return v, nil
		}
	case string:
		if n, ok := ParseSize(v); ok {
			return n, nil
		}
	}
	return 0, d.bad(key, key, "want a size like \"20GiB\" or \"512MB\", got %s", describe(v))
}

// Validate checks every code or name against the registry and turns names
// into the codes findings carry (a rule's, or a code of the tool a rule
// fronts, such as ShellCheck's SC2086).
func (f *File) Validate(rules []*lint.Rule) error {
	registry := lint.Registry(rules)
	for _, r := range f.refs {
		if strings.EqualFold(r.text, "all") && r.key != "severity" {
			continue
		}
		code, ok := registry.Resolve(r.text)
		if !ok {
			return fmt.Errorf("%s:%d:%d: bad value for %q: unknown rule %q (see `ballast rules`)", f.Path, r.pos.line, r.pos.col, r.key, r.text)
		}
		r.set(code)
	}
	f.refs = nil
	// Drop what Validate emptied.
	f.Select = dropEmpty(f.Select)
	f.Ignore = dropEmpty(f.Ignore)
	delete(f.Severity, "")
	for i := range f.PerFile {
		f.PerFile[i].Ignore = dropEmpty(f.PerFile[i].Ignore)
	}
	return nil
}

func dropEmpty(list []string) []string {
	if list == nil {
		return nil
	}
	return slices.DeleteFunc(list, func(s string) bool { return s == "" })
}
