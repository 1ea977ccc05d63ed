// Package doctor is `ballast doctor`: a preflight of the machine that will
// build. It asks the docker CLI (by absolute path, with fixed arguments,
// each run under a timeout) what engine, plugins, builder and image store
// the machine has, reads the free disk where the build writes and the
// memory the daemon has, and holds each install step's cost estimate
// against them.
//
// Everything doctor reads of the machine goes through System, so that
// tests give it fake docker executables, a full disk or a WSL2 layout.
package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

// Verdict is what a check concluded.
type Verdict string

// The verdicts, in increasing gravity.
const (
	OK      Verdict = "ok"
	Warning Verdict = "warning"
	Problem Verdict = "problem"
)

// Check is one verdict on the machine, or on one install step against it.
type Check struct {
	// Name identifies the check: docker-cli, daemon, buildx, compose,
	// plugins, builder, image-store, disk, disk-image, memory, wslconfig,
	// step-disk, step-memory.
	Name    string  `json:"name"`
	Verdict Verdict `json:"verdict"`
	// Message is the one-line verdict with what was measured.
	Message string `json:"message"`
	// Fix says what to do when the verdict is not ok.
	Fix string `json:"fix,omitempty"`
	// File and Line place a step's check at its install command.
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Command string `json:"command,omitempty"`
	// Rewrites are the cost rules' findings on the step: edits that make
	// it need less.
	Rewrites []Rewrite `json:"rewrites,omitempty"`
	// Facts are the measured values behind the message.
	Facts Facts `json:"facts"`
}

// Rewrite is a cost rule's finding on an install step.
type Rewrite struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Fact is one measured value.
type Fact struct {
	Key   string
	Value any
}

// Facts keep the order they were measured in; JSON writes them as one
// object, which scripts read by key.
type Facts []Fact

// MarshalJSON writes the facts as one object.
func (fs Facts) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(fs))
	for _, f := range fs {
		m[f.Key] = f.Value
	}
	return json.Marshal(m)
}

// Machine is what doctor found of the machine; zero values are unknown.
type Machine struct {
	DockerPath    string           `json:"docker_path"`
	ClientVersion string           `json:"client_version"`
	ServerVersion string           `json:"server_version"`
	OS            string           `json:"operating_system"`
	Kernel        string           `json:"kernel_version"`
	DockerRootDir string           `json:"docker_root_dir"`
	Driver        string           `json:"driver"`
	ImageStore    build.ImageStore `json:"image_store"`
	Builder       string           `json:"builder"`
	MemTotal      int64            `json:"mem_total_bytes"`
	NCPU          int              `json:"ncpu"`
	DockerDesktop bool             `json:"docker_desktop"`
	// WSL2 is true when doctor runs in a WSL2 distribution or the
	// daemon's kernel is WSL2's.
	WSL2 bool `json:"wsl2"`
	// BuildDisk is the free space the build's writes land on, when seen.
	BuildDisk *Disk `json:"build_disk"`
}

// Disk is the free space of the filesystem a path is on.
type Disk struct {
	// Path is where it was read (/var/lib/docker, /mnt/c); Label names
	// it for the user ("C: (/mnt/c)").
	Path  string `json:"path"`
	Label string `json:"label"`
	Free  int64  `json:"free_bytes"`
	Total int64  `json:"total_bytes"`
}

// Report is doctor's whole answer.
type Report struct {
	Machine Machine `json:"machine"`
	Checks  []Check `json:"checks"`
	// StoreAssumed is true when the image store could not be read: the
	// estimates take the configuration's image-store, else the
	// containerd store's.
	StoreAssumed bool `json:"store_assumed"`
}

// Problems counts the checks whose verdict is Problem.
func (r *Report) Problems() int { return r.count(Problem) }

// Warnings counts the checks whose verdict is Warning.
func (r *Report) Warnings() int { return r.count(Warning) }

func (r *Report) count(v Verdict) int {
	n := 0
	for _, c := range r.Checks {
		if c.Verdict == v {
			n++
		}
	}
	return n
}

// Unit is one Dockerfile (or lock) costed for the machine's image store.
type Unit struct {
	File  string
	Steps []Step
}

// Step is one install step's estimate.
type Step struct {
	File    string
	Line    int
	Command string
	// PeakDisk is the step's peak; Before the layers earlier steps left
	// on the same disk, which the peak comes on top of.
	PeakDisk, Before, PeakMemory lint.Range
	// Err says why the step has no estimate.
	Err string
	// Rewrites are the cost rules' findings on this step.
	Rewrites []Rewrite
}

// Estimator costs the Dockerfiles doctor was given for the machine's
// image store; empty when it could not be read.
type Estimator func(store build.ImageStore) ([]Unit, error)

// Options are doctor's settings.
type Options struct {
	// Timeout bounds each program doctor runs.
	Timeout time.Duration
	// Estimate costs the Dockerfiles; nil when there are none.
	Estimate Estimator
}

// Run checks the machine, then each step of the Dockerfiles against it.
// Its error is the estimator's: doctor could not run.
func Run(ctx context.Context, sys System, opts Options) (*Report, error) {
	d := &doctor{sys: sys, opts: opts, ctx: ctx}
	d.checkDocker()
	d.checkDisk()
	d.blameFullDisk()
	d.checkMemory()
	store := d.rep.Machine.ImageStore
	d.rep.StoreAssumed = store == ""
	if opts.Estimate != nil {
		units, err := opts.Estimate(store)
		if err != nil {
			return nil, err
		}
		for _, u := range units {
			for _, s := range u.Steps {
				d.checkStep(s)
			}
		}
	}
	return &d.rep, nil
}

// doctor holds one run's state.
type doctor struct {
	sys  System
	opts Options
	ctx  context.Context
	rep  Report
	info *dockerInfo
	// diskFull is set when the build disk has less than the builder's
	// headroom: the SIGBUS of a plugin is then likely the disk's.
	diskFull bool
	// crashed are the indexes of the checks of programs a signal killed.
	crashed []int
}

// blameFullDisk puts freeing the disk before reinstalling in the fix of
// each program a signal killed: a program whose file cannot be paged in
// from a full disk dies of SIGBUS, and a reinstall onto it fails too.
func (d *doctor) blameFullDisk() {
	if !d.diskFull {
		return
	}
	where := "the disk"
	if disk := d.rep.Machine.BuildDisk; disk != nil {
		where = disk.Label
	}
	for _, i := range d.crashed {
		c := &d.rep.Checks[i]
		c.Fix = fmt.Sprintf("free space on %s first (see disk): a full disk kills programs with SIGBUS when their files cannot be paged in; if it still crashes, %s", where, c.Fix)
	}
}

func (d *doctor) add(c Check) {
	if c.Facts == nil {
		c.Facts = Facts{}
	}
	d.rep.Checks = append(d.rep.Checks, c)
}
