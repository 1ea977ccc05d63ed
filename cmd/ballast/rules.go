package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/lint"
)

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ballast rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "text or markdown")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitError
	}
	all := rules.All()
	switch *format {
	case "markdown":
		fmt.Fprint(stdout, rules.MarkdownTable(all))
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tNAME\tSEVERITY\tSTATUS\tFIX\tTITLE")
		for _, r := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Severity, r.Status, r.Fix, r.Title())
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "ballast: --format: want text or markdown, got %q\n", *format)
		return exitError
	}
	return exitOK
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: ballast explain CODE")
		return exitError
	}
	registry := lint.Registry(rules.All())
	r := registry.Lookup(args[0])
	if code, _ := registry.Resolve(args[0]); r != nil && code != r.Code {
		// A tool's codes are its own; the tool documents each one.
		fmt.Fprintf(stdout, "%s is a %s check, reported with --%s (rule %s).\n\n%s%s\n", code, r.Reports.Tool, r.Name, r.Code, r.Reports.DocBase, code)
		return exitOK
	}
	if r == nil {
		fmt.Fprintf(stderr, "ballast: %v\n", registry.UnknownRule(args[0]))
		return exitError
	}
	fmt.Fprintf(stdout, "%s (%s): %s\n\n", r.Code, r.Name, r.Title())
	status := r.Status.String()
	if r.Status == lint.Pedantic && !r.NamedOnly {
		status += " (off by default; --extend-select " + r.Code + " turns it on)"
	}
	fmt.Fprintf(stdout, "Severity: %s. Status: %s. Fix: %s. Category: %s.\n", r.Severity, status, r.Fix, r.Category)
	if partners := registry.Partners(r); len(partners) > 0 {
		if len(r.Aliases) > 0 {
			fmt.Fprintf(stdout, "Aliases: %s (the same problem; reported once, as %s).\n", strings.Join(partners, ", "), r.Code)
		} else {
			fmt.Fprintf(stdout, "Alias of: %s (the same problem; reported once, under that code).\n", strings.Join(partners, ", "))
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, strings.TrimSpace(r.Body()))
	fmt.Fprintf(stdout, "\n%s\n", r.HelpURL())
	return exitOK
}
