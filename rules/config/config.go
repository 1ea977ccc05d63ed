// Package config finds and reads the user's ballast configuration:
// .ballast.toml, [tool.ballast] in pyproject.toml, the user's config.toml,
// or, as a migration path, a .hadolint.yaml.
//
// Every problem is an error naming the file, line and column; nothing is
// silently ignored.
package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
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
	// when the file does not set them. ExtendSelect adds codes to the
	// preset's default set, where Select replaces it.
	Select, Ignore, ExtendSelect []string
	// Preset names the default rule set (lint.PresetBallast or
	// lint.PresetHadolint); empty when the file does not set it. A
	// .hadolint.yaml sets lint.PresetHadolint: a user migrating sees what
	// hadolint showed them.
	Preset string
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

	// Retired are the codes hadolint retired that a .hadolint.yaml
	// names; Validate drops them and MigrationNote says so.
	Retired []string

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
// hadolint one; empty otherwise. presetSet says whether the command line
// chose the preset, in which case the note does not speak of it.
func (f *File) MigrationNote(presetSet bool) string {
	if f.Source != Hadolint {
		return ""
	}
	note := fmt.Sprintf("ballast: reading %s (%s); move these settings to .ballast.toml", filepath.Base(f.Path), f.Path)
	if len(f.Retired) > 0 {
		note += fmt.Sprintf("\nballast: %s names %s, which hadolint retired; nothing reports them, so they are left out", filepath.Base(f.Path), strings.Join(f.Retired, ", "))
	}
	if !presetSet {
		note += "\nballast: running hadolint's default rules (preset \"hadolint\"); for ballast's defaults pass --preset ballast, or set preset = \"ballast\" in .ballast.toml"
	}
	return note
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
		if !ok && f.Source == Hadolint && slices.Contains(hadolintRetired, strings.ToUpper(r.text)) {
			f.Retired = append(f.Retired, strings.ToUpper(r.text))
			r.set("") // dropped below
			continue
		}
		if !ok && slices.Contains(hadolintRetired, strings.ToUpper(r.text)) {
			return fmt.Errorf("%s:%d:%d: bad value for %q: %s is a code hadolint retired; nothing reports it, remove it", f.Path, r.pos.line, r.pos.col, r.key, r.text)
		}
		if !ok {
			return fmt.Errorf("%s:%d:%d: bad value for %q: %w", f.Path, r.pos.line, r.pos.col, r.key, registry.UnknownRule(r.text))
		}
		r.set(code)
	}
	f.refs = nil
	// Drop what Validate emptied.
	f.Select = dropEmpty(f.Select)
	f.ExtendSelect = dropEmpty(f.ExtendSelect)
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
