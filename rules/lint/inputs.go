package lint

import (
	"errors"
	"go/token"
	"maps"
	"reflect"
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/input"
	"golang.org/x/tools/go/analysis"
)

// Unit is what one run of the analyzer graph looks at: a Dockerfile, its
// build context and the lockfile and pyproject.toml it installs from. The
// driver builds it (it has to read the Dockerfile to find the lock) and hands
// it to the graph as the result of the Unit analyzer.
type Unit struct {
	// Fset holds every file of the unit.
	Fset *token.FileSet
	// Dockerfile is nil for a unit that is a lockfile alone.
	Dockerfile *dockerfile.File
	// Context is the build context directory as the user named it.
	Context string
	// Dockerignore, Lock and Pyproject are nil when absent.
	Dockerignore *SourceFile
	Lock         *SourceFile
	Pyproject    *SourceFile
	// Rules is every rule the run knows (the registry), for rules that check
	// references to rule codes, such as pragmas; the driver sets it.
	Rules []*Rule
	// LockReason says how the lock was found ("COPY at Dockerfile:7",
	// "context root").
	LockReason string
	// Requirements are the requirements files that `pip install -r`,
	// `uv pip install -r` and `uv pip sync` name, found in the build
	// context, by the path as the command writes it; Requirement fills it
	// on first use.
	Requirements map[string]*SourceFile
	// ReadRequirement finds and reads a requirements file in the build
	// context by the path a command writes (nil, nil when absent); the
	// driver sets it. Rules call Requirement.
	ReadRequirement func(written string) (*SourceFile, error)
	// Locks, when set, keeps parsed locks between units and runs; the
	// driver sets it from its options.
	Locks *LockCache
}

// SourceFile is one input file of a unit, registered in the unit's FileSet.
type SourceFile struct {
	Path string
	Src  []byte
	TF   *token.File
	// NoLines is set while TF has no lines yet: a uv.lock's come from its
	// parser, which finds them anyway (SetLines), or from Src when a
	// finding in the file needs them before that (EnsureLines).
	NoLines bool
}

// SetLines gives TF, if it has no lines yet, the lines of Src that start
// at starts, as a parser of Src found them (a start at the end of Src,
// after a final newline, is not a line to token.File).
func (s *SourceFile) SetLines(starts []int) {
	if !s.NoLines {
		return
	}
	s.NoLines = false
	if n := len(starts); n > 1 && starts[n-1] == len(s.Src) {
		starts = starts[:n-1]
	}
	if !s.TF.SetLines(starts) {
		input.SetLines(s.TF, s.Src)
		return
	}
	input.SkipBOM(s.TF, s.Src)
}

// EnsureLines gives TF the lines of Src if it has none yet.
func (s *SourceFile) EnsureLines() {
	if s.NoLines {
		s.NoLines = false
		input.SetLines(s.TF, s.Src)
	}
}

// Pos converts a byte offset in the file to a token.Pos.
func (s *SourceFile) Pos(offset int) token.Pos {
	if offset > s.TF.Size() {
		offset = s.TF.Size()
	}
	return s.TF.Pos(offset)
}

// Files lists every file of the unit, the Dockerfile first.
func (u *Unit) Files() []*SourceFile {
	var files []*SourceFile
	if u.Dockerfile != nil {
		files = append(files, &SourceFile{Path: u.Dockerfile.Name, Src: u.Dockerfile.Src, TF: u.Dockerfile.TF})
	}
	for _, f := range []*SourceFile{u.Dockerignore, u.Lock, u.Pyproject} {
		if f != nil {
			files = append(files, f)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(u.Requirements)) {
		files = append(files, u.Requirements[name])
	}
	return files
}

// Requirement returns the requirements file a command names, read from
// the build context on first use; nil when it is not there.
func (u *Unit) Requirement(written string) (*SourceFile, error) {
	if f, ok := u.Requirements[written]; ok {
		return f, nil
	}
	if u.ReadRequirement == nil {
		return nil, nil
	}
	f, err := u.ReadRequirement(written)
	if err != nil || f == nil {
		return nil, err
	}
	if u.Requirements == nil {
		u.Requirements = map[string]*SourceFile{}
	}
	u.Requirements[written] = f
	return f, nil
}

// UnitAnalyzer has the unit itself as its result; the driver provides it.
var UnitAnalyzer = &analysis.Analyzer{
	Name:       "unit",
	Doc:        "the Dockerfile, build context and lockfiles being analyzed\n\nThe driver provides this result; it never runs.",
	Run:        func(*analysis.Pass) (any, error) { return nil, errors.New("the unit is provided by the driver") },
	ResultType: reflect.TypeFor[*Unit](),
}

// DockerfileAnalyzer has the unit's parsed Dockerfile as its result (nil
// for a lock-only unit).
var DockerfileAnalyzer = &analysis.Analyzer{
	Name:       "dockerfile",
	Doc:        "the parsed Dockerfile with exact positions and RUN shell trees\n\nRules read it through pass.ResultOf.",
	Requires:   []*analysis.Analyzer{UnitAnalyzer},
	Run:        func(pass *analysis.Pass) (any, error) { return UnitOf(pass).Dockerfile, nil },
	ResultType: reflect.TypeFor[*dockerfile.File](),
}

// UnitOf returns the pass's unit.
func UnitOf(pass *analysis.Pass) *Unit { return pass.ResultOf[UnitAnalyzer].(*Unit) }

// DockerfileOf returns the pass's parsed Dockerfile, or nil.
func DockerfileOf(pass *analysis.Pass) *dockerfile.File {
	return pass.ResultOf[DockerfileAnalyzer].(*dockerfile.File)
}
