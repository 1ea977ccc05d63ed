package main

import (
	"io"
	"strings"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/sarif"
)

// formats are the report formats of check, in the order help lists them.
var formats = []string{
	"text", "json", "sarif", "github", "gitlab", "checkstyle", "junit",
	"rdjson", "json-lines", "gnu", "concise", "hadolint-json",
}

// outputSpec is one report of a run: a format and where it goes ("" is
// standard output).
type outputSpec struct {
	format, path string
}

// outputSpecs is the repeatable --output-format FORMAT[=FILE] flag.
type outputSpecs []outputSpec

func (o *outputSpecs) String() string { return "" }

func (o *outputSpecs) Set(v string) error {
	format, path, _ := strings.Cut(v, "=")
	if path == "-" {
		path = ""
	}
	*o = append(*o, outputSpec{format: format, path: path})
	return nil
}

// newStream returns the renderer of format over w.
func newStream(format string, w io.Writer, rep *report.Run, color bool, sarifRun *report.Run, sarifOpts sarif.Options) report.Stream {
	switch format {
	case "json":
		return report.NewJSON(w, rep)
	case "sarif":
		return sarif.NewStream(w, sarifRun, sarifOpts)
	case "github":
		return report.NewGitHub(w, rep)
	case "gitlab":
		return report.NewGitLab(w, rep)
	case "checkstyle":
		return report.NewCheckstyle(w, rep)
	case "junit":
		return report.NewJUnit(w, rep)
	case "rdjson":
		return report.NewRDJSON(w, rep)
	case "json-lines":
		return report.NewJSONLines(w, rep)
	case "gnu", "concise":
		return report.NewGNU(w, rep)
	case "hadolint-json":
		return report.NewHadolintJSON(w, rep)
	}
	return report.NewText(w, rep, report.Options{Color: color})
}
