package config

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
)

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
		case "extend-select":
			f.ExtendSelect, err = d.codes(k, k, v, &f.refs)
		case "preset":
			if f.Preset, err = d.str(k, k, v); err == nil && !slices.Contains(lint.Presets, f.Preset) {
				err = d.bad(k, k, "want %s, got %q", strings.Join(lint.Presets, " or "), f.Preset)
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
			if f.Lint.Python, err = d.str(k, k, v); err == nil && !pythonRe().MatchString(f.Lint.Python) {
				err = d.bad(k, k, "want a Python version like \"3.12\", got %q", f.Lint.Python)
			}
		case "platform":
			if f.Lint.Platform, err = d.str(k, k, v); err == nil && !platformRe().MatchString(f.Lint.Platform) {
				err = d.bad(k, k, "want OS/ARCH[/VARIANT] like \"linux/arm64\", got %q", f.Lint.Platform)
			}
		case "disk-budget":
			f.Lint.DiskBudget, err = d.size(k, v)
		case "memory-budget":
			f.Lint.MemoryBudget, err = d.size(k, v)
		case "heavy-layer":
			f.Lint.HeavyLayer, err = d.size(k, v)
		case "image-store":
			if f.Lint.ImageStore, err = d.str(k, k, v); err == nil && f.Lint.ImageStore != "containerd" && f.Lint.ImageStore != "overlay2" {
				err = d.bad(k, k, "want containerd or overlay2, got %q", f.Lint.ImageStore)
			}
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

// The patterns compile on first use: most runs set neither key, and
// compiling at start-up cost every run.
var (
	pythonRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`) })
	platformRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$`) })
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

var sizeRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*((?i)[kmgt]i?b|b)?$`)
})

// ParseSize reads "20GiB", "512MB", "1.5 GB" or a byte count: decimal
// units (KB … TB) and binary ones (KiB … TiB).
func ParseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" { // an unset budget flag, on every run
		return 0, false
	}
	m := sizeRe().FindStringSubmatch(s)
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
