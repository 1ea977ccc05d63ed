// Command ballast reads Dockerfiles and the Python lockfiles they install
// from and reports what is wrong or risky, before anything is built.
//
// Usage:
//
//	ballast check [flags] [PATH ...]   lint Dockerfiles (the default command)
//	ballast cost [flags] [PATH ...]    estimate what the dependency installs cost
//	ballast doctor [flags] [PATH ...]  check the machine that will build: docker, its free disk and memory
//	ballast rules                      list every rule
//	ballast explain CODE               print a rule's documentation
//	ballast completion bash|zsh|fish   print a shell completion script
//	ballast version                    print the version
//
// Exit codes: 0 no finding at or above the failure threshold, 1 findings at
// or above it, 2 usage or input error.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise
// it comes from the module version `go install` recorded.
var version = ""

const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// gcPercent is the garbage collector's target for the ballast binary: a
// run allocates a few tens of megabytes and exits, so collecting four
// times less often than Go's default (100) saves about a tenth of the
// time for about 15 MB more peak memory (23 → 38 MB over 172 Dockerfiles).
// GOGC in the environment wins.
const gcPercent = 400

// Once the collector would let the heap grow past bigHeap, which no
// ordinary run does (a Dockerfile of several MiB does), its target drops to
// bigHeapGCPercent: at 400 such a run would hold up to five times its live
// heap, at 50 one and a half times, for a few percent more time.
const (
	bigHeap          = 128 << 20
	bigHeapGCPercent = 50
)

var tuneOnce sync.Once

// tuneGC applies gcPercent unless the user set GOGC, and bigHeapGCPercent
// once the heap goal passes bigHeap.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	tuneOnce.Do(func() {
		debug.SetGCPercent(gcPercent)
		watchHeap()
	})
}

// watchHeap checks the heap goal after every collection, until it passes
// bigHeap: a cleanup on an object nothing keeps runs after the collection
// that found it unreachable, and arms the next.
//
// The goal is read from runtime.MemStats (NextGC) rather than
// runtime/metrics, whose package start-up alone costs every run about 1%.
func watchHeap() {
	var arm func()
	check := func(struct{}) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.NextGC > bigHeap {
			debug.SetGCPercent(bigHeapGCPercent)
			return
		}
		arm()
	}
	arm = func() {
		// Large enough for an allocation of its own: cleanups on objects
		// of the tiny allocator may never run.
		runtime.AddCleanup(new([64]byte), check, struct{}{})
	}
	arm()
}

// run is the whole program, with its environment passed in so tests can
// drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "check"
	if len(args) > 0 {
		switch args[0] {
		case "check", "cost", "doctor", "rules", "explain", "lsp", "completion", "version", "help":
			cmd, args = args[0], args[1:]
		case "-h", "--help":
			cmd, args = "help", args[1:]
		case "--version":
			cmd, args = "version", args[1:]
		default:
			if near, ok := mistypedCommand(args[0]); ok {
				fmt.Fprintf(stderr, "ballast: unknown command %q; did you mean %s? (see `ballast help`)\n", args[0], near)
				return exitError
			}
		}
	}
	switch cmd {
	case "completion":
		return runCompletion(args, stdout, stderr)
	case "cost":
		return runCost(args, stdin, stdout, stderr)
	case "doctor":
		return runDoctor(args, stdout, stderr)
	case "rules":
		return runRules(args, stdout, stderr)
	case "lsp":
		return runLSP(args, stdin, stdout, stderr)
	case "explain":
		return runExplain(args, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "ballast %s\n", Version())
		return exitOK
	case "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		return runCheck(args, stdin, stdout, stderr)
	}
}

// mistypedCommand returns the command arg was likely meant to be: an
// argument close to a command's name that names no file or directory
// (`ballast chek`); a path that exists is linted, as check is the default.
func mistypedCommand(arg string) (string, bool) {
	if arg == "" || arg == "-" || strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, `/\.`) {
		return "", false
	}
	if _, err := os.Lstat(arg); err == nil {
		return "", false
	}
	return lint.Nearest(arg, commandNames())
}

// Version is the version this binary reports.
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	// A build without a module version (-buildvcs stamps the commit
	// only): the commit, so a SARIF upload still says which build ran.
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	rev = rev[:min(len(rev), 12)]
	if dirty {
		rev += "-dirty"
	}
	return rev
}

const usage = `ballast: lint Dockerfiles and the uv.lock files they install, before anything is built

Usage:
  ballast check [flags] [PATH ...]   lint Dockerfiles (default command; PATH defaults to .)
  ballast cost [flags] [PATH ...]    what each dependency install downloads, writes and needs
  ballast doctor [flags] [PATH ...]  check the machine that will build: docker, its free disk and memory
  ballast rules [--format text|markdown]  list every rule
  ballast explain CODE               print a rule's documentation
  ballast lsp                        a Language Server on stdin/stdout, for editors
  ballast completion bash|zsh|fish   print a shell completion script
  ballast version                    print the version

Run 'ballast check -h', 'ballast cost -h' or 'ballast doctor -h' for their flags.
Exit codes: 0 nothing at or above the failure threshold, 1 findings at or above it, 2 usage or input error
(doctor: 0 no problem, 1 a problem, 2 it could not run).
`
