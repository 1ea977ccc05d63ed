package driver_test

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// TestStreamInInputOrderAndBounded: outcomes come in the order of the
// jobs (not of their paths, not of completion), errors in their place,
// and workers never run more than a few units ahead of the caller, so
// a run holds a bounded number of parsed units.
func TestStreamInInputOrderAndBounded(t *testing.T) {
	var analyzed atomic.Int64
	counter := &lint.Rule{
		Code: "ZZ002", Name: "counter", Category: "test", Severity: lint.Info,
		Doc:      "counter\n\n## Why\ntest",
		Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			analyzed.Add(1)
			return nil, nil
		},
	}
	dir := t.TempDir()
	const n, workers = 60, 3
	var jobs []driver.Job
	opts := &driver.Options{Rules: []*lint.Rule{counter}}
	for i := range n {
		// Names sort the other way round from the jobs.
		name := fmt.Sprintf("svc%02d/Dockerfile", n-i)
		content := "FROM python:3.12\n"
		if i%7 == 3 {
			content = "# no instruction\n"
		}
		write(t, dir, map[string]string{name: content})
		jobs = append(jobs, driver.Job{Input: driver.Input{Path: filepath.Join(dir, filepath.FromSlash(name))}, Options: opts})
	}
	next := 0
	maxAhead := int64(0)
	driver.Stream(jobs, workers, func(o *driver.Outcome) {
		if o.Input.Path != jobs[next].Input.Path {
			t.Fatalf("outcome %d is %s, want %s", next, o.Input.Path, jobs[next].Input.Path)
		}
		if wantErr := next%7 == 3; (o.Err != nil) != wantErr {
			t.Errorf("outcome %d: error %v, want one: %v", next, o.Err, wantErr)
		}
		if o.Err == nil && (o.Unit == nil || len(o.Files) == 0) {
			t.Errorf("outcome %d has no unit", next)
		}
		// Units analyzed so far, beyond those already emitted.
		maxAhead = max(maxAhead, analyzed.Load()-int64(next-next/7))
		next++
		// A slow reader (a full pipe): unbounded workers would race ahead.
		time.Sleep(2 * time.Millisecond)
	})
	if next != n {
		t.Fatalf("%d outcomes, want %d", next, n)
	}
	if limit := int64(4*workers + workers); maxAhead > limit {
		t.Errorf("workers ran %d units ahead of the caller, want at most %d", maxAhead, limit)
	}
}
