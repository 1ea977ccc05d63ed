package shellcheck_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/rules/shellcheck"
)

// fakeShellCheck puts on PATH a shellcheck that logs its arguments and
// the files it was given, and prints output (json1) whatever the input.
func fakeShellCheck(t *testing.T, output string) (logPath string) {
	t.Helper()
	dir := t.TempDir()
	logPath = filepath.Join(dir, "calls.log")
	out := filepath.Join(dir, "out.json")
	if err := os.WriteFile(out, []byte(output), 0o644); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$*\" >> '" + logPath + "'\nfor a in \"$@\"; do case $a in -*) ;; *) echo \"== $a\" >> '" + logPath + "'; cat \"$a\" >> '" + logPath + "'; echo >> '" + logPath + "';; esac; done\ncat '" + out + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "shellcheck"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/bin:/usr/bin")
	return logPath
}

func check(t *testing.T, src string, opts driver.Options) []lint.Finding {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Rules, opts.Jobs = shellcheck.Rules(), 1
	res := driver.Run([]driver.Input{{Path: path}}, opts)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Findings
}

func lines(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(filepath.Base(f.File) + ":" + itoa(f.Start.Line) + ":" + itoa(f.Start.Column) + "-" + itoa(f.End.Line) + ":" + itoa(f.End.Column) + " " + f.ID() + " " + f.Severity.String() + " " + f.Message + "\n")
	}
	return b.String()
}

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

const twoStages = `FROM alpine AS base
ARG VERSION
ENV APP_HOME=/app
RUN echo $VERSION \
    && cp $src "$APP_HOME"
ONBUILD RUN echo $later
FROM base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN echo "é" $x
`

// The fake's canned output: sh-1.sh is the RUN on lines 4-5 (8 proxy
// variables + APP_HOME + VERSION = 10 export lines, then the logical line
// with the continuation joined, as BuildKit runs it), sh-2.sh the ONBUILD
// RUN, bash-1.sh the last RUN (columns count characters: é is one).
const canned = `{"comments":[
{"file":"sh-1.sh","line":11,"endLine":11,"column":25,"endColumn":29,"level":"warning","code":2154,"message":"src is referenced but not assigned."},
{"file":"sh-2.sh","line":11,"endLine":11,"column":6,"endColumn":12,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting."},
{"file":"bash-1.sh","line":11,"endLine":11,"column":10,"endColumn":12,"level":"style","code":2250,"message":"Prefer braces."},
{"file":"bash-1.sh","line":3,"endLine":3,"column":1,"endColumn":5,"level":"error","code":1000,"message":"in an export line: dropped."}
]}`

func TestFakeShellCheck(t *testing.T) {
	log := fakeShellCheck(t, canned)
	got := lines(check(t, twoStages, driver.Options{ShellCheck: true}))
	want := `Dockerfile:5:11-5:15 SC2154 warning src is referenced but not assigned
Dockerfile:6:18-6:24 SC2086 info Double quote to prevent globbing and word splitting
Dockerfile:9:15-9:17 SC2250 style Prefer braces
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for l := range strings.SplitSeq(string(data), "\n") {
		if strings.HasPrefix(l, "--norc") {
			calls++
		}
	}
	if calls != 2 {
		t.Errorf("%d shellcheck processes, want one per dialect (2):\n%s", calls, data)
	}
	for _, s := range []string{
		"--norc --format=json1 --shell=sh --exclude=SC1090,SC1091,SC2187 sh-1.sh sh-2.sh",
		"--shell=bash",
		"== sh-1.sh\nexport APP_HOME=1\nexport FTP_PROXY=1\n",
		"export VERSION=1\nexport ftp_proxy=1\n",
		"export no_proxy=1\necho $VERSION     && cp $src \"$APP_HOME\"",
		"== bash-1.sh\n", // the stage FROM base inherits its variables
	} {
		if !strings.Contains(string(data), s) {
			t.Errorf("shellcheck input lacks %q:\n%s", s, data)
		}
	}
}

func TestFakeShellCheckIgnoreAndSeverity(t *testing.T) {
	fakeShellCheck(t, canned)
	src := strings.Replace(twoStages, "ONBUILD", "# ballast ignore=SC2086\nONBUILD", 1)
	got := lines(check(t, src, driver.Options{ShellCheck: true, Ignore: []string{"SC2250"}, Severity: map[string]lint.Severity{"SC2154": lint.Error}}))
	want := "Dockerfile:5:11-5:15 SC2154 error src is referenced but not assigned\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if fs := check(t, twoStages, driver.Options{}); len(fs) != 0 {
		t.Errorf("ran without being enabled: %s", lines(fs))
	}
	if got := lines(check(t, twoStages, driver.Options{Select: []string{"SC2250"}})); got != "Dockerfile:9:15-9:17 SC2250 style Prefer braces\n" {
		t.Errorf("select SC2250: got\n%s", got)
	}
}

func TestFakeShellCheckFailure(t *testing.T) {
	fakeShellCheck(t, "not json")
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte(twoStages), 0o644); err != nil {
		t.Fatal(err)
	}
	res := driver.Run([]driver.Input{{Path: path}}, driver.Options{Rules: shellcheck.Rules(), ShellCheck: true})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "shellcheck: unreadable output") {
		t.Errorf("got errors %v", res.Errors)
	}
}

// TestRealShellCheck runs the shellcheck on PATH; CI installs it, so there
// its absence is a failure.
func TestRealShellCheck(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("shellcheck is not on PATH in CI")
		}
		t.Skip("shellcheck not on PATH")
	}
	src := "FROM debian:12\nARG FILES\nRUN for f in $FILES; do \\\n      cp $f /opt; done\nRUN <<EOF\nset -e\necho $FILES $z\nEOF\n"
	got := lines(check(t, src, driver.Options{ShellCheck: true}))
	for _, want := range []string{
		"Dockerfile:4:10-4:12 SC2086 info ",
		"Dockerfile:7:13-7:15 SC2154 warning z is referenced but not assigned",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "FILES is referenced") {
		t.Errorf("ARG FILES not declared:\n%s", got)
	}
}
