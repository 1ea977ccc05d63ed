package buildkit_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/buildkit"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/internal/conformancetest"
)

// TestDispatchModel pins what the dispatch model decides where a replay of
// BuildKit's conversion can easily go wrong. Every expectation but the
// first was checked against BuildKit's own DockerfileLint.
func TestDispatchModel(t *testing.T) {
	for _, tc := range []struct {
		name, dockerfile string
		want             []string
	}{{
		// BuildKit stops before the first stage; BK012–BK022 stop with it,
		// while BK007, BK010 and BK011 report what the stages would find.
		name:       "meta ARG default fails",
		dockerfile: "ARG BAD=${NOPE:?boom}\nFROM alpine\nCMD echo hi\nEXPOSE 80/TCP\n",
		want:       []string{"3:5: BK007 JSON arguments recommended for CMD to prevent unintended behavior related to OS signals"},
	}, {
		// A child stage starts from its base's environment, then the base
		// image config's Env is applied again: ENV P wins over ARG P.
		name:       "child stage resyncs the image env",
		dockerfile: "FROM alpine AS base\nENV P=80\nARG P=8080:80\nFROM base\nEXPOSE $P\n",
	}, {
		name:       "image PATH is the Linux default on any platform",
		dockerfile: "FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver AS windows\nWORKDIR $PATH\n",
		want:       []string{`2:9: BK010 Relative workdir "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" can have unexpected results if the base image changes`},
	}, {
		name:       "triggers are reported on the first line of the FROM that runs them",
		dockerfile: "FROM alpine AS base\nONBUILD CMD echo hi\nONBUILD EXPOSE 80/TCP\nFROM \\\n  base\n",
		want: []string{
			"4:1: BK007 JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
			"4:1: BK021 Defined protocol '80/TCP' in EXPOSE instruction should be lowercase",
		},
	}, {
		name:       "a leading byte order mark is not part of a word",
		dockerfile: "FROM alpine\nENV \uFEFFSECRET_TOKEN=1\n",
		want:       []string{`2:5: BK016 Do not use ARG or ENV instructions for sensitive data (ENV "SECRET_TOKEN")`},
	}, {
		name:       "a JSON escape can spell a variable",
		dockerfile: "FROM alpine\nCOPY [\"a\\u0024X\", \"/x\"]\n",
		want:       []string{"2:6: BK011 Usage of undefined variable '$X'"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res := driver.Run([]driver.Input{{Path: "Dockerfile", Src: []byte(tc.dockerfile)}}, driver.Options{Rules: buildkit.Rules(), Jobs: 1})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%d:%d: %s %s", f.Start.Line, f.Start.Column, f.Rule.Code, f.Message))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestDispatchLeavesParsedCommandsAlone checks that expanding words, which
// rewrites commands, never changes the parser's commands that every rule
// shares: the model expands copies.
func TestDispatchLeavesParsedCommandsAlone(t *testing.T) {
	dockerfiles := []string{
		"ARG BASE=alpine\nFROM $BASE AS base\nARG V=1\n" +
			"ENV A=$V B=\"quoted $V\" C\nLABEL l=$V \"k\"=v\n" +
			"COPY --chown=$V:$V --chmod=$V a$V \"b c\" /dst/$V\n" +
			"ADD --checksum=$V --chown=$V http://x/$V /$V\n" +
			"COPY <<EOF /heredoc\n$V ${UNSET}\nEOF\n" +
			"WORKDIR /w/$V\nUSER $V\nVOLUME [\"/v$V\", \"/w\"]\nSTOPSIGNAL SIG$V\n" +
			"RUN --mount=type=cache,target=/c/$V,id=$UNSET echo $V\n" +
			"EXPOSE $V 80/TCP\n" +
			"ONBUILD ENV O=$V\nONBUILD COPY $V /o\n" +
			"FROM base\nCOPY [\"a\\u0024V\", \"/x\"]\n",
	}
	cases, err := conformancetest.ReadCases[conformanceCase](conformanceCases)
	if err == nil {
		for _, c := range cases {
			dockerfiles = append(dockerfiles, c.Dockerfile)
		}
	}
	for i, src := range dockerfiles {
		in := driver.Input{Path: fmt.Sprintf("Dockerfile.%d", i), Src: []byte(src)}
		analyzed, err := driver.Load(in)
		if err != nil {
			continue // not a valid Dockerfile: nothing to dispatch
		}
		pristine, err := driver.Load(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := driver.Analyze(analyzed, buildkit.Rules(), driver.Options{Select: []string{"all"}}); err != nil {
			t.Fatal(err)
		}
		got, want := analyzed.Dockerfile, pristine.Dockerfile
		for j, in := range got.Instructions {
			if !reflect.DeepEqual(in.Command, want.Instructions[j].Command) {
				t.Errorf("%s:%d: the analysis changed the parsed command of %q", got.Name, in.StartLine, in.Node.Original)
			}
		}
	}
}
