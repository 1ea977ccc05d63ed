package doctor

import (
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

// checkStep holds one install step's peak disk and peak memory against
// the machine's free disk and memory.
func (d *doctor) checkStep(s Step) {
	if s.Err != "" {
		return
	}
	d.checkStepDisk(s)
	d.checkStepMemory(s)
}

// shortfallStep rounds a shortfall up to it, so "free 15.1 GB" is
// enough.
const shortfallStep = 100_000_000

func (d *doctor) checkStepDisk(s Step) {
	m := &d.rep.Machine
	c := Check{Name: "step-disk", File: s.File, Line: s.Line, Command: s.Command}
	needs := lint.FormatRange(s.PeakDisk) + " of free disk at its peak"
	if s.Before.Value > 0 {
		needs += fmt.Sprintf(", on top of %s of earlier layers", lint.FormatRange(s.Before))
	}
	need := s.Before.Add(s.PeakDisk)
	c.Facts = Facts{{"peak_disk_bytes", s.PeakDisk}, {"earlier_layers_bytes", s.Before}, {"headroom_bytes", build.DiskHeadroom}}
	if m.BuildDisk == nil {
		c.Verdict = Warning
		c.Message = "needs " + needs + "; the free disk where the build writes is not known (see disk)"
		c.Fix = "make sure the build disk has " + lint.FormatBytes(need.High+build.DiskHeadroom) + " free"
		d.add(c)
		return
	}
	free := m.BuildDisk.Free
	c.Facts = append(c.Facts, Fact{"free_bytes", free}, Fact{"disk", m.BuildDisk.Label})
	has := fmt.Sprintf("%s has %s free", m.BuildDisk.Label, lint.FormatBytes(free))
	plus := fmt.Sprintf(" (+ %s for the builder)", lint.FormatBytes(build.DiskHeadroom))
	switch {
	case free < need.Value+build.DiskHeadroom:
		short := need.Value + build.DiskHeadroom - free
		short = (short + shortfallStep - 1) / shortfallStep * shortfallStep
		c.Verdict = Problem
		c.Message = "needs " + needs + plus + "; " + has + ": the build would fail here"
		c.Fix = fmt.Sprintf("free at least %s on %s before building", lint.FormatBytes(short), m.BuildDisk.Label)
		if len(s.Rewrites) > 0 {
			c.Fix += ", or apply a rewrite below that makes the step smaller"
		}
		c.Rewrites = s.Rewrites
		c.Facts = append(c.Facts, Fact{"shortfall_bytes", short})
	case free < need.High+build.DiskHeadroom:
		c.Verdict = Warning
		c.Message = "needs " + needs + plus + "; " + has + ": enough for the estimate, not for its high end"
		c.Fix = fmt.Sprintf("free %s more on %s to be safe", lint.FormatBytes(need.High+build.DiskHeadroom-free), m.BuildDisk.Label)
		c.Rewrites = s.Rewrites
	default:
		c.Verdict = OK
		c.Message = "needs " + needs + plus + "; " + has
	}
	d.add(c)
}

func (d *doctor) checkStepMemory(s Step) {
	m := &d.rep.Machine
	c := Check{Name: "step-memory", File: s.File, Line: s.Line, Command: s.Command,
		Facts: Facts{{"peak_memory_bytes", s.PeakMemory}, {"mem_total_bytes", m.MemTotal}}}
	needs := "needs " + lint.FormatRange(s.PeakMemory) + " of memory at its peak"
	switch {
	case m.MemTotal <= 0:
		c.Verdict = Warning
		c.Message = needs + "; the daemon's memory is not known (see daemon)"
		c.Fix = "make sure the builder has " + lint.FormatBytes(s.PeakMemory.High) + " of memory"
	case s.PeakMemory.Value > m.MemTotal:
		c.Verdict = Problem
		c.Message = fmt.Sprintf("%s; the daemon has %s: the install would be killed for memory", needs, lint.FormatBytes(m.MemTotal))
		c.Fix = "give the builder more memory (Docker Desktop › Settings › Resources; .wslconfig memory= under WSL2), or build fewer packages at once (UV_CONCURRENT_BUILDS, MAX_JOBS)"
	case s.PeakMemory.High > m.MemTotal:
		c.Verdict = Warning
		c.Message = fmt.Sprintf("%s; the daemon has %s: enough for the estimate, not for its high end", needs, lint.FormatBytes(m.MemTotal))
		c.Fix = "give the builder more memory, or build fewer packages at once (UV_CONCURRENT_BUILDS, MAX_JOBS)"
	default:
		c.Verdict = OK
		c.Message = fmt.Sprintf("%s; the daemon has %s", needs, lint.FormatBytes(m.MemTotal))
	}
	d.add(c)
}
