package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesD lists the package-manager DL rules: apt-get, apk and pip pins,
// prompts, recommends and caches.
func rulesD() []*lint.Rule {
	return []*lint.Rule{
		DL3008, DL3009, DL3013, DL3014, DL3015, DL3018, DL3019, DL3042,
	}
}
