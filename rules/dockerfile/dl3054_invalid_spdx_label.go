package dockerfile

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3054_invalid_spdx_label.md
var dl3054Doc string

// DL3054 flags an spdx-typed label whose value is not an SPDX licence.
var DL3054 = &lint.Rule{
	Code: "DL3054", Name: "invalid-spdx-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3054",
	Doc:      dl3054Doc,
	Requires: needsConfig,
	Run:      runDL3054,
}

func runDL3054(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "spdx", "an SPDX licence identifier or expression", isSPDXExpression)
	return nil, nil
}

// isSPDXExpression reports whether v is an SPDX licence expression:
// licences joined by AND/OR, with parentheses, each optionally followed by
// WITH and an exception.
func isSPDXExpression(v string) bool {
	toks := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(v))
	p := spdxParser{toks: toks}
	return p.expr() && p.i == len(toks)
}

type spdxParser struct {
	toks []string
	i    int
}

func (p *spdxParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

// expr := term { (AND|OR) term }
func (p *spdxParser) expr() bool {
	if !p.term() {
		return false
	}
	for op := strings.ToUpper(p.peek()); op == "AND" || op == "OR"; op = strings.ToUpper(p.peek()) {
		p.i++
		if !p.term() {
			return false
		}
	}
	return true
}

// term := "(" expr ")" | licence [WITH exception]
func (p *spdxParser) term() bool {
	switch t := p.peek(); {
	case t == "(":
		p.i++
		if !p.expr() || p.peek() != ")" {
			return false
		}
		p.i++
		return true
	case !spdxLicence(t):
		return false
	}
	p.i++
	if strings.EqualFold(p.peek(), "WITH") {
		p.i++
		if !spdxExceptions()[strings.ToLower(p.peek())] {
			return false
		}
		p.i++
	}
	return true
}

// spdxLicence reports whether t is a licence identifier (optionally with
// "+") or a LicenseRef.
func spdxLicence(t string) bool {
	ref := t
	if _, after, ok := strings.Cut(t, ":"); ok && strings.HasPrefix(strings.ToLower(t), "documentref-") {
		ref = after
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(ref), "licenseref-"); ok {
		return rest != "" && strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz0123456789.-") == ""
	}
	return spdxIDs()[strings.ToLower(strings.TrimSuffix(t, "+"))]
}

// spdxIDs holds the commonly used licence identifiers of the SPDX License
// List 3.25, lower-cased (SPDX identifiers are case-insensitive).
// Built on first use: most Dockerfiles have no license label, and an
// on-save lint should not pay for the table at start-up.
var spdxIDs = sync.OnceValue(func() map[string]bool {
	return lowerSet(`
0BSD AAL AFL-1.1 AFL-1.2 AFL-2.0 AFL-2.1 AFL-3.0 AGPL-1.0 AGPL-1.0-only
AGPL-1.0-or-later AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later Aladdin AMDPLPA AML
AMPAS ANTLR-PD Apache-1.0 Apache-1.1 Apache-2.0 APL-1.0 APSL-1.0 APSL-1.1
APSL-1.2 APSL-2.0 Artistic-1.0 Artistic-1.0-cl8 Artistic-1.0-Perl Artistic-2.0
Beerware BitTorrent-1.0 BitTorrent-1.1 BlueOak-1.0.0 BSD-1-Clause BSD-2-Clause
BSD-2-Clause-Patent BSD-2-Clause-Views BSD-3-Clause BSD-3-Clause-Attribution
BSD-3-Clause-Clear BSD-3-Clause-LBNL BSD-3-Clause-Modification
BSD-3-Clause-No-Nuclear-License BSD-3-Clause-No-Nuclear-Warranty
BSD-3-Clause-Open-MPI BSD-4-Clause BSD-4-Clause-UC BSD-Protection
BSD-Source-Code BSL-1.0 BUSL-1.1 bzip2-1.0.6 CAL-1.0
CAL-1.0-Combined-Work-Exception CATOSL-1.1 CC-BY-1.0 CC-BY-2.0 CC-BY-2.5
CC-BY-3.0 CC-BY-4.0 CC-BY-NC-1.0 CC-BY-NC-2.0 CC-BY-NC-2.5 CC-BY-NC-3.0
CC-BY-NC-4.0 CC-BY-NC-ND-1.0 CC-BY-NC-ND-2.0 CC-BY-NC-ND-2.5 CC-BY-NC-ND-3.0
CC-BY-NC-ND-4.0 CC-BY-NC-SA-1.0 CC-BY-NC-SA-2.0 CC-BY-NC-SA-2.5
CC-BY-NC-SA-3.0 CC-BY-NC-SA-4.0 CC-BY-ND-1.0 CC-BY-ND-2.0 CC-BY-ND-2.5
CC-BY-ND-3.0 CC-BY-ND-4.0 CC-BY-SA-1.0 CC-BY-SA-2.0 CC-BY-SA-2.5 CC-BY-SA-3.0
CC-BY-SA-4.0 CC-PDDC CC0-1.0 CDDL-1.0 CDDL-1.1 CDLA-Permissive-1.0
CDLA-Permissive-2.0 CDLA-Sharing-1.0 CECILL-1.0 CECILL-1.1 CECILL-2.0
CECILL-2.1 CECILL-B CECILL-C ClArtistic CNRI-Jython CNRI-Python
CNRI-Python-GPL-Compatible CPAL-1.0 CPL-1.0 CUA-OPL-1.0 curl ECL-1.0 ECL-2.0
EFL-1.0 EFL-2.0 Entessa EPL-1.0 EPL-2.0 ErlPL-1.1 etalab-2.0 EUDatagrid
EUPL-1.0 EUPL-1.1 EUPL-1.2 Fair Frameworx-1.0 FSFAP FSFUL FSFULLR FTL
GFDL-1.1 GFDL-1.1-only GFDL-1.1-or-later GFDL-1.2 GFDL-1.2-only
GFDL-1.2-or-later GFDL-1.3 GFDL-1.3-only GFDL-1.3-or-later GPL-1.0 GPL-1.0+
GPL-1.0-only GPL-1.0-or-later GPL-2.0 GPL-2.0+ GPL-2.0-only GPL-2.0-or-later
GPL-2.0-with-classpath-exception GPL-3.0 GPL-3.0+ GPL-3.0-only
GPL-3.0-or-later GPL-3.0-with-GCC-exception HPND HPND-sell-variant ICU IJG
ImageMagick Imlib2 Info-ZIP Intel IPA IPL-1.0 ISC JasPer-2.0 JSON LAL-1.2
LAL-1.3 LGPL-2.0 LGPL-2.0+ LGPL-2.0-only LGPL-2.0-or-later LGPL-2.1 LGPL-2.1+
LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0 LGPL-3.0+ LGPL-3.0-only
LGPL-3.0-or-later LGPLLR libpng libpng-2.0 libtiff LiLiQ-P-1.1 LiLiQ-R-1.1
LiLiQ-Rplus-1.1 LPL-1.0 LPL-1.02 LPPL-1.0 LPPL-1.1 LPPL-1.2 LPPL-1.3a
LPPL-1.3c MirOS MIT MIT-0 MIT-advertising MIT-CMU MIT-enna MIT-feh MIT-Modern-Variant
MITNFA Motosoto MPL-1.0 MPL-1.1 MPL-2.0 MPL-2.0-no-copyleft-exception MS-PL
MS-RL MulanPSL-1.0 MulanPSL-2.0 Multics NASA-1.3 Naumen NCSA NGPL Nokia NPL-1.0
NPL-1.1 NPOSL-3.0 NTP ODbL-1.0 ODC-By-1.0 OFL-1.0 OFL-1.1 OGL-UK-3.0 OGTSL
OLDAP-2.8 OpenSSL OPL-1.0 OSL-1.0 OSL-1.1 OSL-2.0 OSL-2.1 OSL-3.0 PDDL-1.0
PHP-3.0 PHP-3.01 PostgreSQL PSF-2.0 Python-2.0 Python-2.0.1 QPL-1.0 RPL-1.1
RPL-1.5 RPSL-1.0 RSCPL Ruby SGI-B-2.0 SISSL SimPL-2.0 Sleepycat SMLNJ SPL-1.0
SSPL-1.0 TCL UCL-1.0 Unicode-3.0 Unicode-DFS-2015 Unicode-DFS-2016 Unlicense
UPL-1.0 Vim VSL-1.0 W3C W3C-20150513 Watcom-1.0 WTFPL X11 Xnet XSkat YPL-1.1
Zed Zend-2.0 Zimbra-1.3 Zlib zlib-acknowledgement ZPL-1.1 ZPL-2.0 ZPL-2.1
`)
})

// spdxExceptions holds the common licence exceptions of the same list.
var spdxExceptions = sync.OnceValue(func() map[string]bool {
	return lowerSet(`
389-exception Autoconf-exception-2.0 Autoconf-exception-3.0 Bison-exception-2.2
Bootloader-exception Classpath-exception-2.0 CLISP-exception-2.0
FLTK-exception Font-exception-2.0 freertos-exception-2.0
GCC-exception-2.0 GCC-exception-3.1 gnu-javamail-exception
GPL-3.0-linking-exception GPL-3.0-linking-source-exception
GPL-CC-1.0 i2p-gpl-java-exception LGPL-3.0-linking-exception
Libtool-exception Linux-syscall-note LLVM-exception LZMA-exception
mif-exception OCaml-LGPL-linking-exception OCCT-exception-1.0
OpenJDK-assembly-exception-1.0 openvpn-openssl-exception
PS-or-PDF-font-exception-20170817 Qt-GPL-exception-1.0
Qt-LGPL-exception-1.1 Qwt-exception-1.0 Swift-exception
u-boot-exception-2.0 Universal-FOSS-exception-1.0 WxWindows-exception-3.1
`)
})

func lowerSet(words string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		m[strings.ToLower(w)] = true
	}
	return m
}
