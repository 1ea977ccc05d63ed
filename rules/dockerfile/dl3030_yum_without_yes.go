package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3030_yum_without_yes.md
var dl3030Doc string

// DL3030 flags yum install without -y.
var DL3030 = &lint.Rule{
	Code: "DL3030", Name: "yum-without-yes", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3030",
	Doc:      dl3030Doc,
	Requires: needsDockerfile,
	Run:      runDL3030,
}

// yumValueFlag reports whether a yum, dnf or microdnf option takes the
// next word.
func yumValueFlag(name string) bool {
	switch name {
	case "-c", "--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "--repo",
		"--repoid", "-d", "--debuglevel", "-e", "--errorlevel", "-x", "--exclude", "--setopt",
		"--downloaddir", "--destdir", "--rpmverbosity", "--forcearch":
		return true
	}
	return false
}

var yumInstallSubs = []string{"install", "groupinstall", "localinstall"}

func runDL3030(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"yum"}, yumInstallSubs, yumValueFlag, func(p *pmCall) {
		reportNoYes(pass, f, p)
	})
	return nil, nil
}

// reportNoYes reports a yum, dnf or microdnf call without -y, fixed by
// inserting -y after its subcommand.
func reportNoYes(pass *analysis.Pass, f *df.File, p *pmCall) {
	if p.Has("-y", "--assumeyes") {
		return
	}
	lint.Report(pass, f, p.head(), p.Call.Name+" "+p.sub().Value+" without -y stops at a confirmation prompt the build cannot answer",
		insertAfter(f, p.sub().Span, "Add -y", " -y"))
}
