package uv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

// corpusPair is a uv.lock of the shared corpus with the pyproject.toml
// beside it.
type corpusPair struct {
	name string
	lock *uvlock.Lock
	proj *pyproject.Project
	src  []byte
}

func corpusPairs(tb testing.TB) []corpusPair {
	tb.Helper()
	corpusDir := uvlocktest.Dir(tb)
	locks, err := filepath.Glob(filepath.Join(corpusDir, "*.uv.lock"))
	if err != nil {
		tb.Fatal(err)
	}
	var pairs []corpusPair
	for _, lp := range locks {
		name := strings.TrimSuffix(filepath.Base(lp), ".uv.lock")
		src, err := os.ReadFile(filepath.Join(corpusDir, name+".pyproject.toml"))
		if err != nil {
			continue
		}
		lb, err := os.ReadFile(lp)
		if err != nil {
			tb.Fatal(err)
		}
		lock, err := uvlock.Parse(lp, lb)
		if err != nil {
			tb.Fatal(err)
		}
		proj, err := pyproject.Parse(name+".pyproject.toml", src)
		if err != nil {
			tb.Fatal(err)
		}
		pairs = append(pairs, corpusPair{name, lock, proj, src})
	}
	if len(pairs) < 30 {
		tb.Fatalf("found %d lock and pyproject pairs in %s", len(pairs), corpusDir)
	}
	return pairs
}

// TestStaleRequirementsCorpus runs BA205's comparison over every real
// lock and pyproject.toml pair. All are fresh but one: uv's test package
// built-by-uv dropped its dev group from pyproject.toml, and its lock
// (revision 0) still records dev = [pytest>=8.3.3].
func TestStaleRequirementsCorpus(t *testing.T) {
	want := map[string][]string{
		"astral-sh__uv__test__packages__built-by-uv": {
			`1:1 uv.lock was made with group "dev", which pyproject.toml does not declare: run uv lock`,
		},
	}
	for _, p := range corpusPairs(t) {
		var got []string
		for _, d := range staleRequirements(p.lock, p.proj) {
			got = append(got, d.pos.String()+" "+d.msg)
		}
		if !slices.Equal(got, want[p.name]) {
			t.Errorf("%s:\n got %q\nwant %q", p.name, got, want[p.name])
		}
	}
}

// TestStaleRequirementsCorpusDropped removes the first dependency of each
// fresh corpus project: the lock then records a requirement pyproject.toml
// no longer has, and every finding names it.
func TestStaleRequirementsCorpusDropped(t *testing.T) {
	checked := 0
	for _, p := range corpusPairs(t) {
		if len(p.proj.Dependencies) == 0 || len(staleRequirements(p.lock, p.proj)) > 0 {
			continue
		}
		root := rootPackage(p.lock, p.proj.Name)
		if root == nil || root.Metadata == nil || slices.Contains(p.proj.Dynamic, "dependencies") {
			continue
		}
		dropped := p.proj.Dependencies[0]
		name := pep508.NormalizeName(dropped.Name)
		p.proj.Dependencies = p.proj.Dependencies[1:]
		got := staleRequirements(p.lock, p.proj)
		if len(got) == 0 {
			t.Errorf("%s: dropping %q from dependencies is not reported", p.name, dropped.Requirement)
		}
		for _, d := range got {
			if !strings.Contains(pep508.NormalizeName(d.msg), name) || d.pos != p.proj.ProjectPos {
				t.Errorf("%s: dropping %q: unexpected finding %s %s", p.name, dropped.Requirement, d.pos, d.msg)
			}
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d corpus projects checked", checked)
	}
}

// TestStaleRequirementsCorpusRaised raises the bound of the first plain
// dependency (no marker, URL or [tool.uv.sources] entry) of each fresh
// corpus project: exactly that requirement is reported, with the one the
// lock recorded.
func TestStaleRequirementsCorpusRaised(t *testing.T) {
	checked := 0
	for _, p := range corpusPairs(t) {
		if len(staleRequirements(p.lock, p.proj)) > 0 || slices.Contains(p.proj.Dynamic, "dependencies") {
			continue
		}
		root := rootPackage(p.lock, p.proj.Name)
		if root == nil || root.Metadata == nil {
			continue
		}
		i := slices.IndexFunc(p.proj.Dependencies, func(d pyproject.Dependency) bool {
			req, err := pep508.ParseRequirement(d.Requirement)
			return err == nil && req.Marker == "" && req.URL == "" && !hasSource(p.proj, req.NormalizedName)
		})
		if i < 0 {
			continue
		}
		deps := slices.Clone(p.proj.Dependencies)
		deps[i].Requirement = deps[i].Name + ">=9999"
		p.proj.Dependencies = deps
		got := staleRequirements(p.lock, p.proj)
		prefix := `pyproject.toml requires "` + deps[i].Name + `>=9999" but uv.lock was made from "`
		if len(got) != 1 || got[0].pos != deps[i].Pos || !strings.HasPrefix(got[0].msg, prefix) {
			t.Errorf("%s: raising %s: got %v", p.name, deps[i].Name, got)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d corpus projects checked", checked)
	}
}

func BenchmarkStaleRequirements(b *testing.B) {
	var pair corpusPair
	for _, p := range corpusPairs(b) {
		if p.name == "huggingface__lerobot" {
			pair = p
		}
	}
	if pair.lock == nil {
		b.Skip("huggingface__lerobot not in the corpus")
	}
	for b.Loop() {
		staleRequirements(pair.lock, pair.proj)
	}
}

func hasSource(proj *pyproject.Project, name string) bool {
	if proj.UV == nil {
		return false
	}
	for k := range proj.UV.Sources {
		if pep508.NormalizeName(k) == name {
			return true
		}
	}
	return false
}

func TestSameSpecifiers(t *testing.T) {
	var pythons []pep440.Version
	for _, s := range []string{"3.9.0", "3.10.0", "3.11.0", "3.11.4", "3.12.0", "3.13.0", "4.0.0"} {
		v, err := pep440.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		pythons = append(pythons, v)
	}
	tests := []struct {
		a, b    string
		samples bool
		want    bool
	}{
		{">=1.0,<2", "<2, >=1.0", false, true},
		{">= 1.0", ">=1.0.0", false, true},
		{">=1.0rc1", ">=1.0RC1", false, true},
		{"==2.*", "==2.*", false, true},
		{">=1.0", ">1.0", false, false},
		{">=1.0", ">=1.1", false, false},
		{"", "", false, true},
		{"", ">=1", false, false},
		{"~=3.10", ">=3.10, <4", false, false},
		{"~=3.10", ">=3.10, <4", true, true},
		{">=3.11", ">=3.11.4", true, false},
		{"==3.12.*", ">=3.12, <3.13", true, true},
	}
	for _, tt := range tests {
		var samples []pep440.Version
		if tt.samples {
			samples = pythons
		}
		if got := sameSpecifiers(tt.a, tt.b, samples); got != tt.want {
			t.Errorf("sameSpecifiers(%q, %q, samples=%v) = %v, want %v", tt.a, tt.b, tt.samples, got, tt.want)
		}
	}
}

func TestMarkerExtras(t *testing.T) {
	tests := map[string][]string{
		"":               nil,
		"extra == 'cpu'": {"cpu"},
		"sys_platform == 'linux' and extra == \"Format_Audio\"": {"format-audio"},
		"extra == 'a' or extra == 'b'":                          {"a", "b"},
		"extra != 'a'":                                          nil,
		"extra == ":                                             nil,
		"extra == 'unterminated":                                nil,
	}
	for marker, want := range tests {
		if got := markerExtras(marker); !slices.Equal(got, want) {
			t.Errorf("markerExtras(%q) = %q, want %q", marker, got, want)
		}
	}
}

func TestSameMarker(t *testing.T) {
	lock := &uvlock.Lock{RequiresPython: ">=3.10"}
	c := newLockComparer(lock, &pyproject.Project{Name: "app"})
	within, err := pep440.ParseSpecifiers(">=3.12")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		declared []string
		recorded string
		extra    string
		within   pep440.Specifiers
		want     bool
	}{
		{[]string{""}, "", "", nil, true},
		{[]string{"python_version < '3.12'"}, "python_full_version < '3.12'", "", nil, true},
		{[]string{"python_version <= '3.12'"}, "python_full_version < '3.13'", "", nil, true},
		{[]string{"python_version <= '3.12'"}, "python_full_version < '3.12'", "", nil, false},
		{[]string{"platform_system == 'Windows'"}, "sys_platform == 'win32'", "", nil, true},
		{[]string{"sys_platform == 'linux'"}, "sys_platform == 'linux' and extra == 'gpu'", "gpu", nil, true},
		{[]string{""}, "extra == 'gpu'", "gpu", nil, true},
		{[]string{"sys_platform == 'linux'"}, "extra == 'gpu'", "gpu", nil, false},
		{[]string{"sys_platform == 'linux'", "python_version >= '3.11'"}, "python_full_version >= '3.11' and sys_platform == 'linux' and extra == 'all'", "all", nil, true},
		{[]string{""}, "python_full_version >= '3.12'", "", within, true},
		{[]string{""}, "python_full_version >= '3.12'", "", nil, false},
		{[]string{"os_name == 'nt'"}, "not a marker", "", nil, false},
	}
	for _, tt := range tests {
		if got := c.sameMarker(tt.declared, tt.recorded, tt.extra, tt.within); got != tt.want {
			t.Errorf("sameMarker(%q, %q, extra %q, within %v) = %v, want %v", tt.declared, tt.recorded, tt.extra, tt.within, got, tt.want)
		}
	}
}

func TestExpandGroup(t *testing.T) {
	dep := func(req string) pyproject.Dependency { return pyproject.Dependency{Requirement: req} }
	include := func(g string) pyproject.Dependency { return pyproject.Dependency{IncludeGroup: g} }
	groups := map[string][]pyproject.Dependency{
		"test":  {dep("pytest>=8")},
		"Lint":  {dep("ruff")},
		"dev":   {include("test"), include("lint"), dep("ipython")},
		"loop":  {include("loop2")},
		"loop2": {include("loop")},
		"bad":   {include("missing")},
	}
	deps, ok := expandGroup(groups, "dev", nil)
	var got []string
	for _, d := range deps {
		got = append(got, d.Requirement)
	}
	if !ok || !slices.Equal(got, []string{"pytest>=8", "ruff", "ipython"}) {
		t.Errorf("expandGroup(dev) = %q, %v", got, ok)
	}
	for _, g := range []string{"loop", "bad"} {
		if _, ok := expandGroup(groups, g, nil); ok {
			t.Errorf("expandGroup(%s) succeeded", g)
		}
	}
}

func TestLockedText(t *testing.T) {
	tests := []struct {
		req   uvlock.Requirement
		extra string
		want  string
	}{
		{uvlock.Requirement{Name: "httpx", Specifier: ">=0.27"}, "", "httpx>=0.27"},
		{uvlock.Requirement{Name: "uvicorn", Extras: []string{"standard"}, Specifier: ">=0.30", Marker: "sys_platform != 'win32'"}, "", "uvicorn[standard]>=0.30; sys_platform != 'win32'"},
		{uvlock.Requirement{Name: "typer", Specifier: ">=0.12", Marker: "sys_platform == 'linux' and extra == 'cli'"}, "cli", "typer>=0.12; sys_platform == 'linux'"},
		{uvlock.Requirement{Name: "typer", Marker: "extra == 'cli'"}, "cli", "typer"},
		{uvlock.Requirement{Name: "lib", Source: uvlock.Source{Kind: uvlock.Git, Value: "https://example.com/lib.git?rev=v1"}}, "", "lib @ https://example.com/lib.git?rev=v1"},
	}
	for _, tt := range tests {
		if got := lockedText(&tt.req, tt.extra); got != tt.want {
			t.Errorf("lockedText(%+v, %q) = %q, want %q", tt.req, tt.extra, got, tt.want)
		}
	}
}

// FuzzMarkerExtras checks that any marker text yields normalized extra
// names without failing.
func FuzzMarkerExtras(f *testing.F) {
	for _, s := range []string{"extra == 'cpu'", "extra == \"A_B\" or extra == 'c'", "extra == '", "extra == "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, marker string) {
		for _, e := range markerExtras(marker) {
			if pep508.NormalizeName(e) != e {
				t.Errorf("%q: extra %q is not normalized", marker, e)
			}
		}
	})
}

// TestSameMarkerTriesEveryEnvironment holds sameMarker, which tries once
// each group of sample environments that agree on the variables the
// markers read, to the comparison on every environment, over pairs of the
// markers of the corpus locks' dependency edges.
func TestSameMarkerTriesEveryEnvironment(t *testing.T) {
	seen := map[string]bool{}
	var markers []string
	for _, file := range uvlocktest.Locks(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lock, err := uvlock.Parse(file, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range lock.Packages {
			for _, d := range p.Dependencies {
				if !seen[d.Marker] && len(markers) < 60 {
					seen[d.Marker] = true
					markers = append(markers, d.Marker)
				}
			}
		}
	}
	lock := &uvlock.Lock{RequiresPython: ">=3.9"}
	c := newLockComparer(lock, &pyproject.Project{Name: "app"})
	within, err := pep440.ParseSpecifiers(">=3.12")
	if err != nil {
		t.Fatal(err)
	}
	every := func(declared []string, recorded, extra string, within pep440.Specifiers) bool {
		active := func(e string) bool { return e == extra }
		for i := range c.envs {
			dv := within == nil || within.Contains(c.envPythons[i])
			for _, m := range declared {
				v, err := c.markers.Eval(m, &c.envs[i], active)
				if err != nil {
					return false
				}
				dv = dv && v
			}
			rv, err := c.markers.Eval(recorded, &c.envs[i], active)
			if err != nil || dv != rv {
				return false
			}
		}
		return true
	}
	checked, equal := 0, 0
	for _, a := range markers {
		for _, b := range markers {
			for _, w := range []pep440.Specifiers{nil, within} {
				// Two declared markers, so that the normal-form shortcut
				// does not decide.
				declared := []string{a, ""}
				got, want := c.sameMarker(declared, b, "", w), every(declared, b, "", w)
				if got != want {
					t.Fatalf("sameMarker(%q, %q, within %v) = %v, every environment says %v", a, b, w, got, want)
				}
				checked++
				if got {
					equal++
				}
			}
		}
	}
	if equal == 0 || equal == checked {
		t.Fatalf("%d pairs, %d the same: the test tells nothing apart", checked, equal)
	}
}
