package dockerfile

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	var b strings.Builder
	for _, cf := range loadCorpus(t) {
		f, err := Parse(cf.name, cf.src)
		if err != nil {
			continue
		}
		f.Walk(func(in *Instruction) {
			for _, c := range in.Commands() {
				var fl, ar []string
				for _, x := range c.Flags {
					if x.HasValue {
						fl = append(fl, x.Name+"="+x.Value)
					} else {
						fl = append(fl, x.Name)
					}
				}
				for _, x := range c.Args {
					ar = append(ar, x.Value)
				}
				r := ""
				if c.Runner != nil {
					r = " runner=" + c.Runner.Name
				}
				fmt.Fprintf(&b, "%s\t%s\t%s\tF:%s\tA:%s%s\n", c.Kind, c.Name, cf.name[:min(30, len(cf.name))], strings.Join(fl, " "), strings.Join(ar, " "), r)
			}
		})
	}
	os.WriteFile("/tmp/scratch/cmds.tsv", []byte(b.String()), 0o644)
}
