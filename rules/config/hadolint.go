package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/rules/lint"
	"go.yaml.in/yaml/v3"
)

// hadolintRetired are the codes hadolint no longer has (DL1000 was its
// parse error): a .hadolint.yaml written for an older hadolint may still
// ignore them, which hadolint itself accepts.
var hadolintRetired = []string{"DL1000", "DL3005", "DL3017", "DL3031", "DL3039"}

// hadolintIgnored are hadolint's keys that have no ballast setting (output
// format, colour, verbosity): accepted and not used.
var hadolintIgnored = []string{"no-fail", "no-color", "format", "verbose", "disable-ignore-pragma"}

// loadHadolint reads the settings of a .hadolint.yaml that ballast shares:
// ignored, trustedRegistries, label-schema, strict-labels, override and
// failure-threshold.
func loadHadolint(path string) (*File, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Source: Hadolint, Preset: lint.PresetHadolint}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file
	}
	h := &hadolintDecoder{file: path}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, h.bad(root, "", "want a mapping of settings")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "ignored":
			list, err := h.strs(v, k.Value)
			if err != nil {
				return nil, err
			}
			f.Ignore = list
			h.refs(f, k.Value, v, list)
		case "trustedRegistries":
			if f.Lint.TrustedRegistries, err = h.strs(v, k.Value); err != nil {
				return nil, err
			}
		case "label-schema":
			if v.Kind != yaml.MappingNode {
				return nil, h.bad(v, k.Value, "want a mapping of label: type")
			}
			f.Lint.LabelSchema = map[string]string{}
			for j := 0; j+1 < len(v.Content); j += 2 {
				lk, lv := v.Content[j], v.Content[j+1]
				if lv.Kind != yaml.ScalarNode || !slices.Contains(labelTypes, lv.Value) {
					return nil, h.bad(lv, k.Value, "label %q: want %s, got %q", lk.Value, strings.Join(labelTypes, ", "), lv.Value)
				}
				f.Lint.LabelSchema[lk.Value] = lv.Value
			}
		case "strict-labels":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				return nil, h.bad(v, k.Value, "want true or false, got %q", v.Value)
			}
			f.Lint.StrictLabels = b
		case "override":
			if err := h.override(f, k.Value, v); err != nil {
				return nil, err
			}
		case "failure-threshold":
			s := strings.ToLower(v.Value)
			switch s {
			case "none", "ignore":
				f.FailureThreshold, f.HasFailureThreshold = NeverFail, true
			default:
				sev, err := lint.ParseSeverity(s)
				if v.Kind != yaml.ScalarNode || err != nil || sev == lint.Off {
					return nil, h.bad(v, k.Value, "want error, warning, info, style or none, got %q", v.Value)
				}
				f.FailureThreshold, f.HasFailureThreshold = sev, true
			}
		default:
			if !slices.Contains(hadolintIgnored, k.Value) {
				return nil, fmt.Errorf("%s:%d:%d: unknown key %q", path, k.Line, k.Column, k.Value)
			}
		}
	}
	return f, nil
}

type hadolintDecoder struct{ file string }

func (h *hadolintDecoder) bad(n *yaml.Node, key, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if key != "" {
		msg = fmt.Sprintf("bad value for %q: %s", key, msg)
	}
	return fmt.Errorf("%s:%d:%d: %s", h.file, n.Line, n.Column, msg)
}

func (h *hadolintDecoder) strs(n *yaml.Node, key string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, h.bad(n, key, "want a list of strings")
	}
	out := []string{}
	for _, it := range n.Content {
		if it.Kind != yaml.ScalarNode {
			return nil, h.bad(it, key, "want a string")
		}
		out = append(out, it.Value)
	}
	return out, nil
}

// refs remembers the codes of a sequence for Validate.
func (h *hadolintDecoder) refs(f *File, key string, n *yaml.Node, list []string) {
	for i, it := range n.Content {
		f.refs = append(f.refs, ref{key: key, text: it.Value, pos: pos{it.Line, it.Column}, set: func(code string) { list[i] = code }})
	}
}

// override maps hadolint's {error: [codes], warning: …} to severities.
func (h *hadolintDecoder) override(f *File, key string, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return h.bad(n, key, "want a mapping of severity: [codes]")
	}
	if f.Severity == nil {
		f.Severity = map[string]lint.Severity{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		sev, err := lint.ParseSeverity(k.Value)
		if err != nil || sev == lint.Off {
			return fmt.Errorf("%s:%d:%d: unknown key %q", h.file, k.Line, k.Column, key+"."+k.Value)
		}
		codes, err := h.strs(v, key+"."+k.Value)
		if err != nil {
			return err
		}
		for j, code := range codes {
			it := v.Content[j]
			f.Severity[code] = sev
			f.refs = append(f.refs, ref{key: key, text: code, pos: pos{it.Line, it.Column}, set: func(resolved string) {
				delete(f.Severity, code)
				f.Severity[resolved] = sev
			}})
		}
	}
	return nil
}
