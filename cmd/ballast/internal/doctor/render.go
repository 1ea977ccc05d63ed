package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// WriteText writes the report for a terminal: one line per check, its
// fix and rewrites indented below, the steps under their file:line.
func WriteText(w io.Writer, r *Report) {
	var b strings.Builder
	at := ""
	for _, c := range r.Checks {
		if c.File != "" {
			here := c.File
			if c.Line > 0 {
				here += fmt.Sprintf(":%d", c.Line)
			}
			if here != at {
				at = here
				fmt.Fprintf(&b, "\n%s: %s\n", here, c.Command)
			}
		}
		fmt.Fprintf(&b, "%-8s %-12s %s\n", c.Verdict, c.Name, c.Message)
		if c.Fix != "" && c.Verdict != OK {
			fmt.Fprintf(&b, "%s fix: %s\n", indent, c.Fix)
		}
		for _, rw := range c.Rewrites {
			fmt.Fprintf(&b, "%s rewrite: %s %s\n", indent, rw.Code, rw.Message)
		}
	}
	if r.StoreAssumed {
		b.WriteString("\nnote: the image store is not known; the estimates take the configuration's image-store, else the containerd store's compressed copy of each layer\n")
	}
	p, w2 := r.Problems(), r.Warnings()
	fmt.Fprintf(&b, "\n%s, %s", count(p, "problem"), count(w2, "warning"))
	if p > 0 {
		b.WriteString(": fix the problems before building")
	}
	b.WriteString("\n")
	_, _ = io.WriteString(w, b.String())
}

// indent (21 spaces) lines a check's fix up under its message.
const indent = "                     "

func count(n int, what string) string {
	return fmt.Sprintf("%d %s", n, lint.Plural(n, what, what+"s"))
}

// WriteJSON writes the report as one JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	doc := struct {
		Version int `json:"version"`
		*Report
		Problems int `json:"problems"`
		Warnings int `json:"warnings"`
	}{1, r, r.Problems(), r.Warnings()}
	if doc.Checks == nil {
		doc.Checks = []Check{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("doctor: writing JSON: %w", err)
	}
	return nil
}
