package build

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"github.com/ballast-dev/ballast/parsers/wheel"
)

// The accuracy cases compare the lock walk (uvlock.Lock.Walk) and the
// artifact choice (chooseArtifacts) with what an independent
// implementation, testdata/cost/oracle.py, says uv sync installs for real
// locks of the corpus. The expectations are written by running the oracle
// by hand from the repository root:
//
//	/usr/bin/python3 testdata/cost/oracle.py --corpus ../shared/corpus/uvlock
//
// This test only reads them; a disagreement is either a bug here or in the
// oracle, to be settled against shared/notes/uvlock-format.md.
const accuracyDir = "../../testdata/cost/accuracy"

// accuracyCase is one row of CASES.tsv.
type accuracyCase struct {
	name, lock                       string
	python, os, arch, libc, libcVers string
	flags                            []string
}

func TestAccuracy(t *testing.T) {
	corpus := uvlocktest.Dir(t)
	cases := readAccuracyCases(t, filepath.Join(accuracyDir, "CASES.tsv"))
	if len(cases) < 16 {
		t.Fatalf("CASES.tsv lists %d cases, want at least 16", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(accuracyDir, c.name+".txt"))
			if err != nil {
				t.Fatalf("no expectation (run testdata/cost/oracle.py): %v", err)
			}
			got, err := accuracyRun(corpus, c)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("install set differs from the oracle (- oracle, + ballast):\n%s", lineDiff(string(want), got))
			}
		})
	}
}

// accuracyRun walks the case's lock for its selection and target and
// renders the chosen artifacts as the oracle does.
func accuracyRun(corpus string, c accuracyCase) (string, error) {
	src, err := os.ReadFile(filepath.Join(corpus, c.lock+".uv.lock"))
	if err != nil {
		return "", err
	}
	lock, err := uvlock.Parse(c.lock+".uv.lock", src)
	if err != nil {
		return "", err
	}
	var proj *pyproject.Project
	if src, err := os.ReadFile(filepath.Join(corpus, c.lock+".pyproject.toml")); err == nil {
		if proj, err = pyproject.Parse(c.lock+".pyproject.toml", src); err != nil {
			return "", err
		}
	}
	sel, err := accuracySelection(c.flags, proj)
	if err != nil {
		return "", err
	}
	env := Env{
		Python:         Value{V: c.python, Source: "case"},
		Implementation: Value{V: "cpython", Source: "case"},
		OS:             Value{V: c.os, Source: "case"},
		Arch:           Value{V: c.arch, Source: "case"},
		Libc:           Value{V: c.libc, Source: "case"},
		LibcVersion:    Value{V: c.libcVers, Source: "case"},
	}
	markers := markerEnv(env)
	installs, err := lock.Walk(sel, &markers, nil)
	if err != nil {
		return "", err
	}
	items := chooseArtifacts(installs, wheel.NewTags(interpreter(env), platform(env)))
	return renderAccuracy(items), nil
}

// accuracySelection reads the uv sync flags of a case as the Dockerfile
// reader does (syncSelection), defaults from the pyproject included.
func accuracySelection(flags []string, proj *pyproject.Project) (*uvlock.Selection, error) {
	sel := &uvlock.Selection{}
	var only, groups []string
	allGroups, noDefaults := false, false
	for i := 0; i < len(flags); i++ {
		flag := flags[i]
		var value string
		switch flag {
		case "--extra", "--no-extra", "--group", "--no-group", "--only-group", "--package", "--no-install-package":
			if i+1 == len(flags) {
				return nil, fmt.Errorf("%s needs a value", flag)
			}
			i++
			value = flags[i]
		}
		switch flag {
		case "--extra":
			sel.Extras = append(sel.Extras, value)
		case "--no-extra":
			sel.NoExtras = append(sel.NoExtras, value)
		case "--all-extras":
			sel.AllExtras = true
		case "--group":
			groups = append(groups, value)
		case "--no-group":
			sel.NoGroups = append(sel.NoGroups, value)
		case "--only-group":
			only = append(only, value)
		case "--only-dev":
			only = append(only, "dev")
		case "--no-dev":
			sel.NoGroups = append(sel.NoGroups, "dev")
		case "--all-groups":
			allGroups = true
		case "--no-default-groups":
			noDefaults = true
		case "--package":
			sel.Packages = append(sel.Packages, value)
		case "--all-packages":
			sel.AllPackages = true
		case "--no-install-project":
			sel.NoInstallProject = true
		case "--no-install-workspace":
			sel.NoInstallWorkspace = true
		case "--no-install-local":
			sel.NoInstallLocal = true
		case "--no-install-package":
			sel.NoInstallPackages = append(sel.NoInstallPackages, value)
		default:
			return nil, fmt.Errorf("unknown uv sync flag %q", flag)
		}
	}
	if len(only) > 0 {
		sel.OnlyGroups, sel.Groups = true, only
		return sel, nil
	}
	if !noDefaults {
		sel.Groups, sel.AllGroups = defaultGroups(proj)
	}
	sel.Groups = append(sel.Groups, groups...)
	sel.AllGroups = sel.AllGroups || allGroups
	return sel, nil
}

// renderAccuracy writes items in the oracle's format: "name version kind
// file size" sorted by name, "-" for what is absent, then the total of
// the sizes the lock records and the count of artifacts without one.
func renderAccuracy(items []Item) string {
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	lines := make([]string, 0, len(items))
	var total int64
	missing := 0
	for _, it := range items {
		size := "-"
		if it.Kind == KindWheel || it.Kind == KindSdist {
			if it.SizeKnown {
				size = strconv.FormatInt(it.Download.Value, 10)
				total += it.Download.Value
			} else {
				missing++
			}
		}
		lines = append(lines, strings.Join([]string{it.Name, dash(it.Version), string(it.Kind), dash(it.File), size}, " "))
	}
	slices.Sort(lines)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "total_download_bytes %d missing_sizes %d\n", total, missing)
	return b.String()
}

func readAccuracyCases(t *testing.T, path string) []accuracyCase {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []accuracyCase
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 8 {
			t.Fatalf("%s:%d: %d fields, want 8", path, n, len(f))
		}
		c := accuracyCase{name: f[0], lock: f[1], python: f[2], os: f[3], arch: f[4], libc: f[5], libcVers: f[6]}
		if f[7] != "-" {
			c.flags = strings.Fields(f[7])
		}
		cases = append(cases, c)
	}
	return cases
}

// lineDiff lists the lines only in want (-) or only in got (+), in order,
// from a longest common subsequence of the two.
func lineDiff(want, got string) string {
	a := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	b := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i, v := range slices.Backward(a) {
		for j := len(b) - 1; j >= 0; j-- {
			if v == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out.WriteString("- " + a[i] + "\n")
			i++
		default:
			out.WriteString("+ " + b[j] + "\n")
			j++
		}
	}
	return out.String()
}

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc\nt 1\n", "a\nc\nd\nt 2\n")
	want := "- b\n- t 1\n+ d\n+ t 2\n"
	if got != want {
		t.Errorf("lineDiff = %q, want %q", got, want)
	}
}
