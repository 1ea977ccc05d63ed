package dockerfile

import (
	_ "embed"
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3026_untrusted_registry.md
var dl3026Doc string

// DL3026 flags an image pulled from a registry that the configuration does
// not trust.
var DL3026 = &lint.Rule{
	Code: "DL3026", Name: "untrusted-registry", Category: "dockerfile", Severity: lint.Error,
	SecuritySeverity: 6.0, // code from a registry nobody vetted: medium
	URL:              "https://github.com/hadolint/hadolint/wiki/DL3026",
	Doc:              dl3026Doc,
	Requires:         needsConfig,
	Run:              runDL3026,
}

func runDL3026(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	trusted := lint.ConfigOf(pass).TrustedRegistries
	if f == nil || len(trusted) == 0 {
		return nil, nil
	}
	check := func(image string, sp df.Span) {
		if image == "" || strings.Contains(image, "$") || strings.EqualFold(image, "scratch") {
			return
		}
		reg := df.ParseImageRef(image).Registry()
		if registryTrusted(reg, trusted) {
			return
		}
		lint.Reportf(pass, f, sp, "image %s comes from registry %s, which is not among the trusted registries (%s)",
			image, reg, strings.Join(trusted, ", "))
	}
	earlier := map[string]bool{}
	for _, st := range f.Stages {
		if w, ok := fromImageWord(st.From); ok && !earlier[strings.ToLower(w.Value)] {
			check(w.Value, w.Span)
		}
		for _, in := range st.Instructions {
			switch {
			case in.Is("COPY"):
				if fl := in.Flag("from"); fl != nil && fl.HasValue && !stageRef(fl.Value, st, earlier) {
					check(fl.Value, fl.ValueSpan)
				}
			case in.Is("RUN"):
				// The mount gives from=, the flag's text only places it.
				for _, mf := range in.MountFlags() {
					m, fl := mf.Mount, *mf.Flag
					if m.From == "" || stageRef(m.From, st, earlier) {
						continue
					}
					sp := fl.ValueSpan
					if at := strings.Index(fl.Value, "="+m.From); at >= 0 {
						sp = flagValueSubSpan(f, fl, at+1, at+1+len(m.From))
					}
					check(m.From, sp)
				}
			}
		}
		if st.Name != "" {
			earlier[st.Name] = true
		}
	}
	return nil, nil
}

// stageRef reports whether a --from value names an earlier stage, by name
// or index.
func stageRef(v string, st *df.Stage, earlier map[string]bool) bool {
	if earlier[strings.ToLower(v)] {
		return true
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n >= 0 && n < st.Index
	}
	return false
}

// flagValueSubSpan is the span of fl.Value[i:j], or the whole value when
// the value is not written contiguously.
func flagValueSubSpan(f *df.File, fl df.Flag, i, j int) df.Span {
	return wordSubSpan(f, df.Word{Value: fl.Value, Span: fl.ValueSpan}, i, j)
}

// registryTrusted reports whether reg matches one of the trusted patterns:
// "*", "*.suffix", "prefix*" or an exact name. Docker Hub's two names,
// docker.io and hub.docker.com, stand for each other.
func registryTrusted(reg string, trusted []string) bool {
	for _, pat := range trusted {
		pat = strings.ToLower(strings.TrimSpace(pat))
		switch {
		case pat == "*":
			return true
		case strings.HasPrefix(pat, "*"):
			if strings.HasSuffix(reg, pat[1:]) {
				return true
			}
		case strings.HasSuffix(pat, "*"):
			if strings.HasPrefix(reg, pat[:len(pat)-1]) {
				return true
			}
		case pat == reg:
			return true
		case reg == "docker.io" && pat == "hub.docker.com":
			return true
		}
	}
	return false
}
