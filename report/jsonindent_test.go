package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodingJSON is what the JSON report wrote through encoding/json before
// indentedJSON: the oracle the hand-written encoder must match byte for byte.
func encodingJSON(t *testing.T, v any, prefix string, escapeHTML bool) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

var awkwardStrings = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
	"<html> & </html>", "bad utf-8 \xff\xfe end", "\xe2\x80", "line\u2028para\u2029sep", "héllo wörld ☃ 😀",
}

func TestIndentedJSONMatchesEncodingJSON(t *testing.T) {
	var diags []jsonDiagnostic
	for i, s := range awkwardStrings {
		d := jsonDiagnostic{Code: s, Name: "n" + s, Severity: "warning", Message: s, File: s,
			Line: i, Column: -i, EndLine: 1 << 40, EndColumn: 0, URL: s, Fixable: i%2 == 0}
		switch i % 4 {
		case 0:
			d.Fixes = []jsonFix{}
		case 1:
			d.Aliases = []string{s, "BK005"}
			d.Fixes = []jsonFix{{Description: s, Safe: true, Edits: []jsonEdit{}}}
		case 2:
			d.Aliases = []string{}
			d.Fixes = []jsonFix{{Description: s, Edits: []jsonEdit{{File: s, Start: 1, End: 2, NewText: s}, {NewText: "\n"}}}, {}}
		}
		diags = append(diags, d)
	}
	for _, d := range diags {
		w := indentedJSON{prefix: jsonElemIndent}
		w.diagnostic(&d)
		if got, want := string(w.b), encodingJSON(t, d, jsonElemIndent, false); got != want {
			t.Errorf("diagnostic %q:\n got %s\nwant %s", d.Code, got, want)
		}
	}
	for _, s := range awkwardStrings {
		for _, html := range []bool{false, true} {
			w := indentedJSON{prefix: "  ", escapeHTML: html}
			w.tool(jsonTool{Name: "ballast", Version: s})
			if got, want := string(w.b), encodingJSON(t, jsonTool{Name: "ballast", Version: s}, "  ", html); got != want {
				t.Errorf("tool %q (html %v):\n got %s\nwant %s", s, html, got, want)
			}
		}
	}
	for _, list := range [][]string{nil, {}, {"Dockerfile"}, awkwardStrings} {
		w := indentedJSON{prefix: "  "}
		w.strs(list)
		if got, want := string(w.b), encodingJSON(t, list, "  ", false); got != want {
			t.Errorf("strings %q:\n got %s\nwant %s", list, got, want)
		}
	}
	c := counts{Error: 1, Warning: 22, Info: 0, Style: 4}
	w := indentedJSON{prefix: "  "}
	w.counts(c)
	if got, want := string(w.b), encodingJSON(t, c, "  ", false); got != want {
		t.Errorf("counts:\n got %s\nwant %s", got, want)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range awkwardStrings {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, html bool) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := string(appendJSONString(nil, s, html)), string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))); got != want {
			t.Errorf("appendJSONString(%q, %v) = %s, want %s", s, html, got, want)
		}
	})
}
