package buildkit

import (
	_ "embed"
	"net"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk022_expose_invalid_format.md
var bk022Doc string

// BK022 is BuildKit's ExposeInvalidFormat check.
var BK022 = &lint.Rule{
	Code: "BK022", Name: "ExposeInvalidFormat", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("expose-invalid-format"),
	Doc:            bk022Doc,
	Requires:       requiresDispatch,
	Run:            runBK022,
}

func runBK022(pass *analysis.Pass) (any, error) {
	reportExposedPorts(pass, linter.RuleExposeInvalidFormat, func(p exposedPort) bool {
		return p.ip != "" || p.host != ""
	})
	return nil, nil
}

// reportExposedPorts reports rule at every exposed port of the dispatched
// EXPOSE instructions that bad accepts: the loop BK021 and BK022 share.
func reportExposedPorts(pass *analysis.Pass, rule linter.LinterRule[func(string) string], bad func(exposedPort) bool) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return
	}
	r := newReporter(pass, f)
	for _, st := range dispatchOf(pass).dispatched() {
		for _, p := range exposedPorts(f, st) {
			if bad(p) {
				r.report(st.checkAt(), p.span, rule.Format(p.raw))
			}
		}
	}
}

// exposedPort is one port of an EXPOSE instruction after expansion, with
// the parts BuildKit's port parser splits it into (read by BK021 too).
type exposedPort struct {
	raw      string // the expanded port spec, as BuildKit quotes it
	span     dockerfile.Span
	proto    string // as written; "" when absent
	ip, host string // host IP and host port of an ip:host:container mapping
}

// exposedPorts replays BuildKit's EXPOSE dispatch over the expanded
// ports: each word is parsed as [ip:][host:]container[/proto]. It stops
// where BuildKit's build would fail (an expansion error, a missing port, an
// unknown protocol, an invalid IP address or port range), after the ports
// before it.
func exposedPorts(f *dockerfile.File, st *step) []exposedPort {
	var out []exposedPort
	for i, words := range st.ports {
		for _, w := range words {
			ep, valid := parseExposedPort(w)
			ep.span = st.at(f, st.portSpans[i])
			if ep.raw != "" {
				out = append(out, ep)
			}
			if !valid {
				return out
			}
		}
	}
	return out
}

// parseExposedPort splits a port spec as BuildKit's EXPOSE parser does. The
// result has raw == "" when BuildKit fails before checking it; valid is
// false when the build fails on this port.
func parseExposedPort(spec string) (ep exposedPort, valid bool) {
	parts := strings.Split(spec, ":")
	var container string
	switch n := len(parts); n {
	case 1:
		container = parts[0]
	case 2:
		ep.host, container = parts[0], parts[1]
	default:
		ep.ip, ep.host, container = strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
	port, proto, _ := strings.Cut(container, "/")
	if port == "" {
		return exposedPort{}, false
	}
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return exposedPort{}, false
	}
	ep.raw, ep.proto = spec, proto
	ip := ep.ip
	if strings.HasPrefix(ip, "[") && strings.HasSuffix(ip, "]") {
		ip = ip[1 : len(ip)-1]
	}
	if ep.ip != "" && net.ParseIP(ip) == nil {
		return ep, false
	}
	start, end, ok := portRange(port)
	if !ok {
		return ep, false
	}
	if ep.host != "" {
		hs, he, ok := portRange(ep.host)
		if !ok || (end-start != he-hs && end != start) {
			return ep, false
		}
	}
	return ep, true
}

// portRange parses "80" or "8000-8010".
func portRange(s string) (start, end int, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	lo, hi, isRange := strings.Cut(s, "-")
	start, ok = portNumber(lo)
	if !ok {
		return 0, 0, false
	}
	if !isRange || lo == hi {
		return start, start, true
	}
	end, ok = portNumber(hi)
	if !ok || end < start {
		return 0, 0, false
	}
	return start, end, true
}

func portNumber(s string) (int, bool) {
	n, err := strconv.ParseInt(s, 10, 0)
	if err != nil || n < 0 || n > 65535 {
		return 0, false
	}
	return int(n), true
}
