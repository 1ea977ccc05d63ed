package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3046_useradd_without_no_log_init.md
var dl3046Doc string

// DL3046 flags useradd with a large uid and no -l.
var DL3046 = &lint.Rule{
	Code: "DL3046", Name: "useradd-without-no-log-init", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3046",
	Doc:      dl3046Doc,
	Requires: needsDockerfile,
	Run:      runDL3046,
}

// useraddValueFlag reports whether a useradd option takes the next word.
func useraddValueFlag(name string) bool {
	switch name {
	case "-u", "--uid", "-g", "--gid", "-G", "--groups", "-c", "--comment", "-d", "--home-dir", "-b",
		"--base-dir", "-s", "--shell", "-k", "--skel", "-K", "--key", "-e", "--expiredate", "-f",
		"--inactive", "-p", "--password", "-R", "--root", "-P", "--prefix", "-Z", "--selinux-user":
		return true
	}
	return false
}

func runDL3046(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		calls := runCallsNaming(f, in, "useradd")
		for i := range calls {
			c := &calls[i]
			if c.Name != "useradd" {
				continue
			}
			flags, _ := c.Flags(useraddValueFlag)
			var uid *df.CmdFlag
			noLog := false
			for j := range flags {
				switch flags[j].Name {
				case "-l", "--no-log-init":
					noLog = true
				case "-u", "--uid":
					uid = &flags[j]
				}
			}
			if noLog || uid == nil || !uid.Literal || len(uid.Value) <= 5 {
				continue
			}
			lint.Report(pass, f, uid.Span, "useradd with uid "+uid.Value+" and without -l writes gigabytes of sparse lastlog and faillog into the layer",
				insertAfter(f, c.NameSpan, "Add -l", " -l"))
		}
	})
	return nil, nil
}
