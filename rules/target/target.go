// Package target infers, for each stage of a Dockerfile, the environment an
// install runs in: the Python version of the base image, its libc and where
// each value came from. The knowledge is a table in code; an unknown base
// yields no guess.
package target

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"golang.org/x/tools/go/analysis"
)

// Base is what ballast knows about a base image reference.
type Base struct {
	// Ref is the reference with ARG defaults substituted.
	Ref string
	// Python is "3.12" or "3.12.7"; "" when the image has no known Python.
	Python string
	// Libc is "glibc 2.36", "musl", or "" when unknown.
	Libc string
	// Source says where the values came from: "FROM python:3.12-slim".
	Source string
}

// Stage is the inferred environment of one stage.
type Stage struct {
	Base
	// Known is false when the base image is not in the table.
	Known bool
}

// Result holds one Stage per stage of the Dockerfile, by index.
type Result struct {
	Stages []Stage
}

// Analyzer infers each stage's environment from its FROM line.
var Analyzer = &analysis.Analyzer{
	Name:       "target",
	Doc:        "infer each stage's Python version and libc from its base image\n\nUnknown bases are reported as unknown, never guessed.",
	Requires:   []*analysis.Analyzer{lint.DockerfileAnalyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	res := &Result{}
	if f == nil {
		return res, nil
	}
	lex := shell.NewLex('\\')
	defaults := metaArgDefaults(lex, f)
	byName := map[string]int{}
	for i, st := range f.Stages {
		ref := expand(lex, st.Typed.BaseName, defaults)
		var s Stage
		if parent, ok := byName[strings.ToLower(ref)]; ok {
			s = res.Stages[parent]
		} else if b, ok := Lookup(ref); ok {
			s = Stage{Base: b, Known: true}
			s.Source = "FROM " + ref
		} else {
			s = Stage{Base: Base{Ref: ref, Source: "FROM " + ref}}
		}
		res.Stages = append(res.Stages, s)
		if st.Name != "" {
			byName[st.Name] = i
		}
	}
	return res, nil
}

// metaArgDefaults collects the default values of the ARGs before the first
// FROM: build arguments are unknown to a static tool, so defaults stand in.
func metaArgDefaults(lex *shell.Lex, f *dockerfile.File) map[string]string {
	env := map[string]string{}
	for _, in := range f.MetaArgs {
		arg, ok := in.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range arg.Args {
			if kv.Value != nil {
				env[kv.Key] = expand(lex, *kv.Value, env)
			}
		}
	}
	return env
}

type mapEnv map[string]string

func (m mapEnv) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }
func (m mapEnv) Keys() []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// expand substitutes ARG defaults into word with lex; on error the word is
// kept.
func expand(lex *shell.Lex, word string, env map[string]string) string {
	if plainWord(word) {
		return word
	}
	res, err := lex.ProcessWordWithMatches(word, mapEnv(env))
	if err != nil {
		return word
	}
	return res.Result
}

// plainWord reports whether the lexer would return word unchanged: printable
// ASCII without expansions, quotes, escapes or heredoc marks. Most FROM
// lines are ("python:3.12-slim"), and they skip the lexer.
func plainWord(word string) bool {
	for i := range len(word) {
		c := word[i]
		if c < ' ' || c > '~' || strings.IndexByte(`$<'"\`, c) >= 0 {
			return false
		}
	}
	return true
}

var (
	pythonTag = regexp.MustCompile(`^(\d+\.\d+)(\.\d+)?(?:[abrc]+\d+)?(t)?(?:-(.*))?$`)
	uvTag     = regexp.MustCompile(`^(?:\d+\.\d+(?:\.\d+)?-)?python(\d+\.\d+)(?:\.\d+)?-(.*)$`)
)

// officialPython lists the repository names of the official python image,
// mirrors included.
var officialPython = map[string]bool{
	"python": true, "library/python": true, "docker.io/python": true, "docker.io/library/python": true,
	"index.docker.io/library/python": true, "public.ecr.aws/docker/library/python": true,
	"mirror.gcr.io/library/python": true, "registry.hub.docker.com/library/python": true,
}

// glibcByDistro is the glibc of each Debian or Ubuntu release a tag can name.
var glibcByDistro = map[string]string{
	"trixie": "glibc 2.41", "bookworm": "glibc 2.36", "bullseye": "glibc 2.31", "buster": "glibc 2.28",
	"noble": "glibc 2.39", "jammy": "glibc 2.35", "focal": "glibc 2.31",
}

// Lookup returns what the table knows of an image reference.
func Lookup(ref string) (Base, bool) {
	name, tag := splitRef(ref)
	b := Base{Ref: ref}
	switch {
	case officialPython[name]:
		m := pythonTag.FindStringSubmatch(tag)
		if m == nil {
			return b, false
		}
		b.Python = m[1] + m[2]
		b.Libc = libcOf(m[4], "glibc 2.41")
		return b, true
	case name == "ghcr.io/astral-sh/uv":
		m := uvTag.FindStringSubmatch(tag)
		if m == nil {
			return b, false
		}
		b.Python = m[1]
		b.Libc = libcOf(m[2], "")
		return b, true
	}
	return b, false
}

// libcOf reads the distribution from a tag suffix such as "slim-bookworm" or
// "alpine3.20"; def applies when the suffix names none.
func libcOf(suffix, def string) string {
	if strings.Contains(suffix, "alpine") {
		return "musl"
	}
	for _, part := range strings.Split(suffix, "-") {
		if g, ok := glibcByDistro[part]; ok {
			return g
		}
	}
	if strings.Contains(suffix, "windowsservercore") || strings.Contains(suffix, "nanoserver") {
		return ""
	}
	return def
}

// splitRef splits "registry/name:tag@digest" into a lower-case name and a
// tag ("latest" when absent).
func splitRef(ref string) (string, string) {
	ref, _, _ = strings.Cut(ref, "@")
	name, tag := ref, "latest"
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		name, tag = ref[:i], ref[i+1:]
	}
	return strings.ToLower(name), tag
}

// MinorOf splits "3.12" or "3.12.7" into 3 and 12.
func MinorOf(python string) (int, int, bool) {
	var major, minor int
	if _, err := fmt.Sscanf(python, "%d.%d", &major, &minor); err != nil {
		return 0, 0, false
	}
	return major, minor, true
}
