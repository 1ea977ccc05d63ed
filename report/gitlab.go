package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/ballast-dev/ballast/rules/lint"
)

// GitLab writes GitLab's Code Quality report (a subset of Code Climate's
// issue format), a JSON array for `artifacts: reports: codequality:`,
//
//	[{"description":"BA201: uv sync runs without --locked or --frozen","check_name":"BA201",
//	  "fingerprint":"…","severity":"minor","location":{"path":"Dockerfile","lines":{"begin":5}}}]
//
// Severities: error is major, warning minor, info and style info. The
// fingerprint, which GitLab compares between the merge request's and the
// target branch's reports, hashes the code, the file and the text of the
// finding's line (not its number, so a line added above does not make the
// finding new), with how many identical findings came before it in the
// run to keep two identical lines apart.
func GitLab(w io.Writer, run *Run) error { return whole(NewGitLab(w, run), run) }

// NewGitLab renders as GitLab does, unit by unit.
func NewGitLab(w io.Writer, run *Run) Stream {
	seen := map[[sha256.Size]byte]int{}
	return &elementStream{w: w, run: run, open: "[", sep: ",", tail: "]\n", element: func(buf *bytes.Buffer, u *Unit, f *lint.Finding) error {
		path := run.RelPath(f.File)
		code := Code(f)
		h := sha256.New()
		for _, part := range [][]byte{[]byte(code), []byte(path), lineOf(u.Sources[f.File], f.Start)} {
			h.Write(part)
			h.Write([]byte{0})
		}
		var key [sha256.Size]byte
		h.Sum(key[:0])
		n := seen[key]
		seen[key] = n + 1
		h.Write([]byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)})
		description := f.Message
		if code != "" {
			description = code + ": " + f.Message
		}
		return compact(buf, gitlabIssue{
			Description: description,
			CheckName:   code,
			Fingerprint: hex.EncodeToString(h.Sum(nil)[:16]),
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: lineOrOne(f)}},
		})
	}}
}

func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "major"
	case lint.Warning:
		return "minor"
	default:
	}
	return "info"
}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}
