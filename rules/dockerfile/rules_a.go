package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesA lists the instruction-level DL rules: WORKDIR, USER, FROM, EXPOSE,
// HEALTHCHECK, ADD/COPY, stage names, exec form and MAINTAINER.
func rulesA() []*lint.Rule {
	return []*lint.Rule{
		DL3000, DL3002, DL3006, DL3007, DL3011, DL3012, DL3020, DL3021,
		DL3022, DL3023, DL3024, DL3025, DL4000,
	}
}
