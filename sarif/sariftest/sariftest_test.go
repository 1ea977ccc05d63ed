package sariftest_test

import (
	"errors"
	"testing"

	"github.com/ballast-dev/ballast/sarif/sariftest"
)

func TestCheck(t *testing.T) {
	const valid = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"ballast","rules":[]}},"results":[]}]}`
	err := sariftest.Check([]byte(valid))
	if errors.Is(err, sariftest.ErrNoSchema) {
		sariftest.Validate(t, []byte(valid)) // skips, or fails under CI=true
		return
	}
	if err != nil {
		t.Fatalf("valid document rejected: %v", err)
	}
	sariftest.Validate(t, []byte(valid))

	invalid := map[string]string{
		"wrong version":  `{"version":"2.0.0","runs":[]}`,
		"no driver name": `{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}`,
		"column zero": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"b"}},"results":[{"message":{"text":"m"},` +
			`"locations":[{"physicalLocation":{"artifactLocation":{"uri":"Dockerfile"},"region":{"startLine":1,"startColumn":0}}}]}]}]}`,
		"bad level":    `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"b"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`,
		"unknown prop": `{"version":"2.1.0","runs":[],"extra":1}`,
		"not json":     `{`,
	}
	for name, doc := range invalid {
		if err := sariftest.Check([]byte(doc)); err == nil {
			t.Errorf("%s: invalid document accepted", name)
		}
	}
}
