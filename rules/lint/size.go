package lint

import (
	"strconv"
	"strings"
)

// Sizes are how ballast speaks of bytes: the cost model (rules/build)
// computes them, rule messages quote them and report's cost tables list
// them. They live here, in the leaf all three import, so that a size reads
// the same in a message as in a table.

// Range is an estimate: Value is the best guess and Low–High the band the
// evidence allows. An exact figure has Low == Value == High.
type Range struct {
	Value int64 `json:"value"`
	Low   int64 `json:"low"`
	High  int64 `json:"high"`
}

// Exact is the Range of a figure known exactly.
func Exact(n int64) Range { return Range{Value: n, Low: n, High: n} }

// Add returns the sum of r and o, band by band.
func (r Range) Add(o Range) Range {
	return Range{Value: r.Value + o.Value, Low: r.Low + o.Low, High: r.High + o.High}
}

// IsExact reports whether the band is a single value.
func (r Range) IsExact() bool { return r.Low == r.Value && r.Value == r.High }

// FormatBytes writes a byte count in decimal units with one decimal:
// "906.4 MB", "4.1 GB", "512 B".
func FormatBytes(n int64) string {
	if n < 0 {
		return "-" + FormatBytes(-n)
	}
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	num, unit := scaled(n)
	return num + " " + unit
}

// scaled returns n in its largest decimal unit, with one decimal.
func scaled(n int64) (num, unit string) {
	units := []string{"kB", "MB", "GB", "TB", "PB", "EB"}
	f := float64(n) / 1000
	i := 0
	for i < len(units)-1 && f >= 999.95 {
		f /= 1000
		i++
	}
	return strconv.FormatFloat(f, 'f', 1, 64), units[i]
}

// FormatRange writes a Range as its value and band, "5.6 GB (4.7–6.4 GB)";
// an exact figure is written alone.
func FormatRange(r Range) string {
	if r.IsExact() {
		return FormatBytes(r.Value)
	}
	lo, hi := FormatBytes(r.Low), FormatBytes(r.High)
	if lu, hu := unitOf(lo), unitOf(hi); lu == hu {
		lo = strings.TrimSuffix(lo, " "+lu)
	}
	return FormatBytes(r.Value) + " (" + lo + "–" + hi + ")"
}

func unitOf(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return ""
}
