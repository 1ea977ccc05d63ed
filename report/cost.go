package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// CostUnit is the cost of one unit as `ballast cost --format json` and
// `ballast check --format json` write it: the image totals and one object
// per install step in the shape of DESIGN's cost object.
type CostUnit struct {
	File     string     `json:"file"`
	Lock     string     `json:"lock,omitempty"`
	Steps    []CostStep `json:"steps"`
	Download int64      `json:"download_bytes"`
	// DownloadRange differs from download_bytes only when some sizes are
	// missing from the lock and were estimated.
	DownloadRange lint.Range `json:"download_range"`
	Installed     lint.Range `json:"installed_bytes"`
	Layer         lint.Range `json:"layer_bytes"`
	PeakDisk      lint.Range `json:"peak_disk_bytes"`
	PeakMemory    lint.Range `json:"peak_memory_bytes"`
}

// CostStep is one install step.
type CostStep struct {
	File          string        `json:"file,omitempty"`
	Line          int           `json:"line,omitempty"`
	Column        int           `json:"column,omitempty"`
	Command       string        `json:"command"`
	Target        CostTarget    `json:"target"`
	Sync          *CostSync     `json:"sync"`
	Packages      []CostPackage `json:"packages"`
	Download      int64         `json:"download_bytes"`
	DownloadRange lint.Range    `json:"download_range"`
	MissingSizes  int           `json:"missing_sizes"`
	// NotInLock names the packages the command installs that no lock
	// covers (pip install NAME, a requirement the lock does not pin): sized
	// from the built-in catalog, or not counted.
	NotInLock []string `json:"not_in_lock,omitempty"`
	// FetchedSizes counts the sizes fetched from the package index
	// (--fetch-sizes) because the lock records none.
	FetchedSizes int        `json:"fetched_sizes,omitempty"`
	Installed    lint.Range `json:"installed_bytes"`
	Layer        lint.Range `json:"layer_bytes"`
	PeakDisk     lint.Range `json:"peak_disk_bytes"`
	PeakMemory   lint.Range `json:"peak_memory_bytes"`
	Notes        []string   `json:"notes"`
	Error        string     `json:"error,omitempty"`
}

// CostTarget is the target an install runs for, with where it came from.
type CostTarget struct {
	Python   string `json:"python"`
	Platform string `json:"platform"`
	Libc     string `json:"libc"`
	// CUDA and Torch are what the base image holds ("" when none).
	CUDA  string `json:"cuda,omitempty"`
	Torch string `json:"torch,omitempty"`
	// Source is where the Python came from; Sources says it for every
	// value: "FROM python:3.12-slim", "--python 3.12 (Dockerfile:9)",
	// "config", "default".
	Source  string            `json:"source"`
	Sources map[string]string `json:"sources"`
}

// CostSync is what a uv sync selects.
type CostSync struct {
	Dev            bool     `json:"dev"`
	Extras         []string `json:"extras"`
	Groups         []string `json:"groups"`
	InstallProject bool     `json:"install_project"`
}

// CostPackage is one installed package and its chosen artifact.
type CostPackage struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	File      string `json:"file"`
	Kind      string `json:"kind"`
	Download  int64  `json:"download_bytes"`
	SizeKnown bool   `json:"size_known"`
	// SizeSource cites the fallback used when the lock has no size.
	SizeSource string     `json:"size_source,omitempty"`
	Family     string     `json:"family"`
	Installed  lint.Range `json:"installed_bytes"`
}

// Rel returns u with its paths passed through rel (to make them relative
// to the project root, as the reports do).
func (u CostUnit) Rel(rel func(string) string) CostUnit {
	u.File, u.Lock = rel(u.File), rel(u.Lock)
	steps := make([]CostStep, len(u.Steps))
	for i, s := range u.Steps {
		if s.File != "" {
			s.File = rel(s.File)
		}
		steps[i] = s
	}
	u.Steps = steps
	return u
}

// familyTitle names the subtotal groups of the text table.
func familyTitle(family string) string {
	switch family {
	case "cuda":
		return "CUDA libraries"
	case "torch":
		return "torch"
	case "native":
		return "other native"
	case "pure":
		return "pure Python"
	}
	return ""
}

// CostTextOptions tune the text table.
type CostTextOptions struct {
	// Top is how many packages the table lists before summing the rest.
	Top int
	// Width is the width of the widest bar.
	Width int
	// Said holds the notes already written: a note that applies to many
	// steps (how the model estimates, what the target assumes) is said
	// once per report, at the first step it applies to. Share one map
	// across the units of a report; nil means once per unit.
	Said map[string]bool
}

// WriteCostText writes a unit's cost as a terminal table: per step the target,
// the heaviest packages with proportional bars, family subtotals and
// totals with ranges; then the image totals when there are several steps.
func WriteCostText(w io.Writer, u CostUnit, opt CostTextOptions) {
	if opt.Top == 0 {
		opt.Top = 15
	}
	if opt.Width == 0 {
		opt.Width = 24
	}
	if opt.Said == nil {
		opt.Said = map[string]bool{}
	}
	if len(u.Steps) == 0 {
		fmt.Fprintf(w, "%s: no dependency install found\n", u.File)
		return
	}
	for i, s := range u.Steps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeStep(w, u, s, opt)
	}
	// The image's download says only which steps it leaves out; each
	// step said where its sizes come from.
	src := sizeSources{image: true}
	for _, s := range u.Steps {
		if s.Error != "" {
			src.notCosted++
		}
	}
	// Totals of steps none of which was costed would be zeros.
	if len(u.Steps) > 1 && src.notCosted < len(u.Steps) {
		fmt.Fprintf(w, "\n%s: all %d install steps\n", u.File, len(u.Steps))
		writeTotals(w, u.DownloadRange, src, u.Installed, u.Layer, u.PeakDisk, u.PeakMemory)
	}
}

func writeStep(w io.Writer, u CostUnit, s CostStep, opt CostTextOptions) {
	if s.Line > 0 {
		fmt.Fprintf(w, "%s:%d: %s\n", s.File, s.Line, s.Command)
	} else {
		fmt.Fprintf(w, "%s: %s\n", u.Lock, s.Command)
	}
	t := s.Target
	fmt.Fprintf(w, "  target   Python %s, %s, %s (%s)\n", t.Python, t.Platform, orUnknown(t.Libc), targetSources(t))
	if s.Sync != nil {
		fmt.Fprintf(w, "  selects  groups: %s; extras: %s; project: %s\n", listOrNone(s.Sync.Groups), listOrNone(s.Sync.Extras), installedOrNot(s.Sync.InstallProject))
	}
	if s.Error != "" {
		fmt.Fprintf(w, "  not costed: %s\n", s.Error)
		return
	}
	if len(s.Packages) == 0 {
		fmt.Fprintf(w, "  installs nothing ballast can size for this target\n")
		writeNotes(w, s.Notes, opt.Said)
		return
	}
	var top int64
	for _, p := range s.Packages {
		top = max(top, p.Download)
	}
	nameW := 7
	for i, p := range s.Packages {
		if i < opt.Top {
			nameW = max(nameW, len(p.Name)+1+len(p.Version))
		}
	}
	fmt.Fprintf(w, "\n  %-*s  %10s  %-*s  %s\n", nameW, "package", "download", opt.Width, "", "installed (estimate)")
	var restN int
	var rest int64
	for i, p := range s.Packages {
		if i >= opt.Top {
			restN++
			rest += p.Download
			continue
		}
		size := lint.FormatBytes(p.Download)
		if !p.SizeKnown {
			size = "~" + size
		}
		fmt.Fprintf(w, "  %-*s  %10s  %-*s  %s%s\n", nameW, p.Name+" "+p.Version, size, opt.Width, bar(p.Download, top, opt.Width), lint.FormatRange(p.Installed), kindNote(p))
	}
	if restN > 0 {
		fmt.Fprintf(w, "  %-*s  %10s\n", nameW, fmt.Sprintf("… %d more", restN), lint.FormatBytes(rest))
	}
	sums := map[string]int64{}
	for _, p := range s.Packages {
		sums[p.Family] += p.Download
	}
	var line strings.Builder
	for _, fam := range []string{"cuda", "torch", "native", "pure"} {
		if sums[fam] > 0 {
			fmt.Fprintf(&line, "  %s %s", familyTitle(fam), lint.FormatBytes(sums[fam]))
		}
	}
	if line.String() != "" {
		fmt.Fprintf(w, "\n  by family%s\n", line.String())
	} else {
		fmt.Fprintln(w)
	}
	writeTotals(w, s.DownloadRange, sizeSources{missing: s.MissingSizes, notInLock: len(s.NotInLock), fetched: s.FetchedSizes}, s.Installed, s.Layer, s.PeakDisk, s.PeakMemory)
	writeNotes(w, s.Notes, opt.Said)
}

// writeNotes writes the notes not said yet, and remembers them.
func writeNotes(w io.Writer, notes []string, said map[string]bool) {
	for _, n := range notes {
		if said[n] {
			continue
		}
		said[n] = true
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}

// sizeSources says where the download figure of a step or of the image
// comes from.
type sizeSources struct {
	// missing sizes were estimated; notInLock packages no lock covers;
	// fetched sizes came from the package index; notCosted steps are left
	// out of the figures.
	missing, notInLock, fetched, notCosted int
	// image is true for the image's totals, which sum the steps.
	image bool
}

// writeTotals writes the figures of a step or of the image. The download
// is called exact only when every size in it is: "from the lock" only
// when the lock gave every one.
func writeTotals(w io.Writer, download lint.Range, src sizeSources, installed, layer, disk, mem lint.Range) {
	dl := lint.FormatRange(download)
	var why []string
	if src.notCosted > 0 {
		why = append(why, fmt.Sprintf("%d %s not costed, left out", src.notCosted, lint.Plural(src.notCosted, "step", "steps")))
	}
	if src.notInLock > 0 {
		why = append(why, fmt.Sprintf("%d %s not in a lock: sized from the built-in catalog, or not counted", src.notInLock, lint.Plural(src.notInLock, "package", "packages")))
	}
	switch {
	case src.missing > 0 && src.notInLock > 0:
		why = append(why, fmt.Sprintf("%d %s estimated", src.missing, lint.Plural(src.missing, "size", "sizes")))
	case src.missing > 0:
		why = append(why, fmt.Sprintf("%d %s estimated: no size in the lock", src.missing, lint.Plural(src.missing, "size", "sizes")))
	case src.notInLock > 0, !download.IsExact():
	case src.fetched > 0:
		why = append(why, "exact, from the lock and the package index")
	case src.notCosted == 0 && !src.image:
		why = append(why, "exact, from the lock")
	}
	if len(why) > 0 {
		dl += " (" + strings.Join(why, "; ") + ")"
	}
	fmt.Fprintf(w, "  download     %s\n", dl)
	fmt.Fprintf(w, "  installed    %s  estimate\n", lint.FormatRange(installed))
	fmt.Fprintf(w, "  layer        %s  estimate\n", lint.FormatRange(layer))
	fmt.Fprintf(w, "  peak disk    %s  estimate\n", lint.FormatRange(disk))
	fmt.Fprintf(w, "  peak memory  %s  estimate\n", lint.FormatRange(mem))
}

// targetSources says where the target's values came from: one source when
// they share it, else each value's.
func targetSources(t CostTarget) string {
	py, pl, lc := t.Sources["python"], t.Sources["platform"], t.Sources["libc"]
	if pl == py && (lc == py || lc == "") {
		return py
	}
	s := "python: " + py + "; platform: " + pl
	if lc != "" && lc != py && lc != pl {
		s += "; libc: " + lc
	}
	return s
}

func bar(n, top int64, width int) string {
	if top <= 0 || n <= 0 {
		return ""
	}
	eighths := int(n * int64(width) * 8 / top)
	if eighths == 0 {
		eighths = 1
	}
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s + strings.Repeat(" ", width-len([]rune(s)))
}

func kindNote(p CostPackage) string {
	// The kinds are rules/build's ArtifactKind values, as the JSON writes them.
	switch p.Kind {
	case "sdist":
		return "  builds from source"
	case "local":
		return "  local build"
	case "missing":
		return "  no wheel or sdist for this target"
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "libc unknown"
	}
	return s
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

func installedOrNot(b bool) string {
	if b {
		return "installed"
	}
	return "not installed"
}
