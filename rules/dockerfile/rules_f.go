package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesF lists the DL rules for the other package managers (yum, dnf,
// zypper, npm, yarn, gem, go), useradd and archives COPY'd then extracted.
func rulesF() []*lint.Rule {
	return []*lint.Rule{
		DL3010, DL3016, DL3028, DL3030, DL3032, DL3033, DL3034, DL3035, DL3036,
		DL3037, DL3038, DL3040, DL3041, DL3046, DL3060, DL3062,
	}
}
