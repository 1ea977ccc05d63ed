package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
)

// runMount is one `--mount` of a RUN.
type runMount struct{ Type, Target string }

// runMounts reads the --mount flags of a RUN; type defaults to bind as in
// BuildKit.
func runMounts(in *df.Instruction) []runMount {
	var ms []runMount
	for _, fl := range in.Flags {
		if fl.Name != "mount" {
			continue
		}
		m := runMount{Type: "bind"}
		for field := range strings.SplitSeq(fl.Value, ",") {
			k, v, _ := strings.Cut(field, "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "type":
				m.Type = strings.ToLower(v)
			case "target", "dst", "destination":
				m.Target = strings.TrimRight(v, "/")
			}
		}
		ms = append(ms, m)
	}
	return ms
}

// hasCacheMount reports whether in mounts a cache or tmpfs at a target
// for which match is true.
func hasCacheMount(in *df.Instruction, match func(target string) bool) bool {
	for _, m := range runMounts(in) {
		if (m.Type == "cache" || m.Type == "tmpfs") && match(m.Target) {
			return true
		}
	}
	return false
}
