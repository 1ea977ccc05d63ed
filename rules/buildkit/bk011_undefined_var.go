package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/suggest"
	"golang.org/x/tools/go/analysis"
)

// BK011 is BuildKit's UndefinedVar check.
var BK011 = &lint.Rule{
	Code: "BK011", Name: "UndefinedVar", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("undefined-var"),
	Doc: `variable is used before it is defined

## Why
BuildKit expands ` + "`$VAR`" + ` in most instructions itself, from the stage's ENV and
ARG values, before anything runs. A variable that is not defined at that
point silently becomes the empty string: ` + "`COPY $SRC .`" + ` copies the whole
context, ` + "`WORKDIR $HOME/app`" + ` becomes ` + "`/app`" + `. The usual causes are a typo, an
ARG declared only before the first FROM (it must be declared again inside
the stage), or a variable used before the line that defines it.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nARG APP_DIR=/srv/app\nCOPY requirements.txt $APP_DRI/\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nARG APP_DIR=/srv/app\nCOPY requirements.txt $APP_DIR/\n```" + `

## References
BuildKit check UndefinedVar (` + "`docker build --check`" + `), with BuildKit's "did you
mean" suggestion (Levenshtein distance below 3 among the variables defined at
that point). It follows BuildKit's expansion exactly:
- checked: ENV (names and values), LABEL, ARG default values, COPY and ADD
  sources, destination, ` + "`--chown`" + `, ` + "`--chmod`" + ` (and ADD's ` + "`--checksum`" + `), the bodies
  of COPY/ADD heredocs whose terminator is not quoted, WORKDIR, USER, VOLUME,
  STOPSIGNAL and the options of ` + "`RUN --mount`" + `;
- not checked: RUN, CMD, ENTRYPOINT and HEALTHCHECK commands (the shell
  expands those at run time), EXPOSE (expanded but never reported), SHELL,
  and ARGs before the first FROM;
- defined: the stage's ENV and ARGs so far, including those of a stage it
  builds on with ` + "`FROM <stage>`" + `; an ARG without a default still counts as
  declared; a meta ARG (or a predefined one such as TARGETPLATFORM,
  TARGETOS, BUILDPLATFORM) counts only once declared again inside the stage
  with ` + "`ARG NAME`" + `; so do the proxy variables (HTTP_PROXY, NO_PROXY, …),
  which BuildKit hands to RUN without a declaration but expands nowhere
  else; PATH is always defined (BuildKit sets it on every Linux stage);
- an ONBUILD instruction is checked where it runs, at the FROM of a child
  stage (only for stages the last stage depends on, as in BuildKit).
One finding per expanded word, so a variable used in two words of an
instruction is reported twice, as BuildKit does. BuildKit reports every
finding on the instruction's first line: the span covers the variable, and
starts at the keyword when the variable sits on a continuation line or in a
heredoc body.

## Limitations
BuildKit reads the base image's ENV from the registry; ballast never goes to
the network and assumes every base image defines PATH and nothing else,
which is what BuildKit's own conformance harness gave every image. A
variable that only the base image defines (PYTHON_VERSION in the python
images, for example) is therefore reported here although
` + "`docker build --check`" + ` would accept it, and suggestions cannot name such
variables. BuildKit stops at the first instruction it cannot expand (such as
` + "`${VAR:?message}`" + `); ballast reports what that instruction references and goes on.`,
	Requires: requiresDispatch,
	Run:      runBK011,
}

func runBK011(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleUndefinedVar.Name)
	for _, u := range dispatchOf(pass).undefined {
		keys := u.keys()
		for _, name := range u.names {
			match, _ := suggest.Search(name, keys, true)
			r.report(u.step.checkAt(), u.span(f, name), linter.RuleUndefinedVar.Format(name, match))
		}
	}
	return nil, nil
}
