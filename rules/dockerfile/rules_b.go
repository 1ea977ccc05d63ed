package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesB lists the instruction-level DL rules on FROM --platform, ONBUILD,
// ENV, ARG, LABEL, COPY, USER, CMD, ENTRYPOINT and HEALTHCHECK.
// DL3043 and DL3061 never fire: BuildKit rejects every Dockerfile they
// would report (see their ## Limitations).
func rulesB() []*lint.Rule {
	return []*lint.Rule{
		DL3029, DL3043, DL3044, DL3045, DL3048, DL3057, DL3061, DL3063,
		DL3064, DL3065, DL3066, DL3067, DL4003, DL4004,
	}
}
