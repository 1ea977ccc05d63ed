package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/sarif"
)

type checkFlags struct {
	format        string
	output        string
	selectCodes   string
	ignoreCodes   string
	threshold     string
	noColor       bool
	context       string
	stdinFilename string
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cf checkFlags
	fs := flag.NewFlagSet("ballast check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cf.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&cf.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&cf.selectCodes, "select", "", "run only these comma-separated rule `CODES` or names (or all), including rules off by default")
	fs.StringVar(&cf.ignoreCodes, "ignore", "", "comma-separated rule `CODES` or names to skip")
	fs.StringVar(&cf.threshold, "failure-threshold", "info", "exit 1 when a finding is at least this `SEVERITY`: error, warning, info or style")
	fs.BoolVar(&cf.noColor, "no-color", false, "never colour the text output (also: NO_COLOR set)")
	fs.StringVar(&cf.context, "context", "", "build context `DIR` (default: each Dockerfile's folder)")
	fs.StringVar(&cf.stdinFilename, "stdin-filename", "", "`NAME` to report for input read from standard input (PATH -)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ballast check [flags] [PATH ...]\n\nPATH is a Dockerfile, a directory searched for Dockerfiles, or - for standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	threshold, err := lint.ParseSeverity(cf.threshold)
	if err != nil || threshold == lint.Off {
		fmt.Fprintf(stderr, "ballast: --failure-threshold: want error, warning, info or style, got %q\n", cf.threshold)
		return exitError
	}
	switch cf.format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "ballast: --format: want text, json or sarif, got %q\n", cf.format)
		return exitError
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	inputs, err := collectInputs(paths, cf, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(inputs) == 0 {
		fmt.Fprintf(stderr, "ballast: no Dockerfile found in %s\n", strings.Join(paths, ", "))
		return exitError
	}
	registry := rules.All()
	res := driver.Run(inputs, driver.Options{
		Rules:  registry,
		Select: splitList(cf.selectCodes),
		Ignore: splitList(cf.ignoreCodes),
	})
	cwd, _ := os.Getwd()
	rep := &report.Run{
		Findings: res.Findings,
		Errors:   res.Errors,
		Sources:  res.Sources,
		Rules:    registry,
		Root:     cwd,
		Version:  Version(),
	}
	var buf bytes.Buffer
	switch cf.format {
	case "json":
		err = report.JSON(&buf, rep)
	case "sarif":
		err = sarif.Write(&buf, rep)
	default:
		color := cf.output == "" && !cf.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
		err = report.Text(&buf, rep, report.Options{Color: color})
	}
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if cf.output != "" {
		err = writeAtomic(cf.output, buf.Bytes())
	} else {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "ballast: %v\n", e)
	}
	if len(res.Errors) > 0 {
		return exitError
	}
	for _, f := range res.Findings {
		if f.Severity >= threshold {
			return exitFindings
		}
	}
	return exitOK
}

// parseInterspersed parses flags that may come after positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// collectInputs expands paths into Dockerfile inputs, reading stdin for "-".
func collectInputs(paths []string, cf checkFlags, stdin io.Reader) ([]driver.Input, error) {
	var inputs []driver.Input
	var files []string
	for _, p := range paths {
		if p != "-" {
			files = append(files, p)
			continue
		}
		src, err := io.ReadAll(io.LimitReader(stdin, driver.MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		name := cf.stdinFilename
		if name == "" {
			name = "Dockerfile"
		}
		if src == nil {
			src = []byte{}
		}
		ctx := cf.context
		if ctx == "" {
			ctx = filepath.Dir(name)
		}
		inputs = append(inputs, driver.Input{Path: name, Src: src, Context: ctx})
	}
	found, err := driver.Discover(files)
	if err != nil {
		return nil, err
	}
	for _, f := range found {
		inputs = append(inputs, driver.Input{Path: f, Context: cf.context})
	}
	return inputs, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers never see a partial report.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		_ = os.Chmod(tmp.Name(), st.Mode().Perm())
	} else {
		_ = os.Chmod(tmp.Name(), 0o644)
	}
	return os.Rename(tmp.Name(), path)
}
