package uvlock

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/pep508"
)

const duplicateLock = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "six" }]

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "Six"
version = "1.16"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://example.com/simple" }

[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
`

// TestDuplicates: an entry with the name, version and source of an earlier
// one is kept in Packages and listed as a duplicate of the first such
// entry; another source or version is a fork, not a duplicate.
func TestDuplicates(t *testing.T) {
	lock, err := Parse("uv.lock", []byte(duplicateLock))
	if err != nil {
		t.Fatal(err)
	}
	if len(lock.Packages) != 6 {
		t.Fatalf("%d packages, want all 6 entries kept", len(lock.Packages))
	}
	var got []string
	for _, d := range lock.Duplicates() {
		got = append(got, d.Second.ID()+"@"+strconv.Itoa(d.Second.NamePos.Line)+"="+strconv.Itoa(d.First.NamePos.Line))
	}
	if want := "Six 1.16@17=12 six 1.16.0@32=12"; strings.Join(got, " ") != want {
		t.Errorf("duplicates %q, want %q", strings.Join(got, " "), want)
	}

	// uv cannot read the lock, so no sync of it can be walked.
	env := pep508.NewEnv("cpython", "3.12", "linux", "amd64")
	_, err = lock.Walk(&Selection{}, &env, nil)
	if want := "uv.lock:17:8: Six 1.16 repeats the entry at line 12 (same name, version and source): uv refuses to read this lock"; err == nil || err.Error() != want {
		t.Errorf("Walk: got %v, want %s", err, want)
	}
}

// TestFormatNewer: schema version 1 up to revision NewestRevision is known;
// a newer version or revision still parses, its unknown keys kept.
func TestFormatNewer(t *testing.T) {
	for _, c := range []struct {
		head  string
		newer bool
	}{
		{"version = 1", false},
		{"version = 1\nrevision = 4", false},
		{"version = 1\nrevision = 5", true},
		{"version = 2", true},
		{"version = 0", false},
	} {
		src := c.head + "\nrequires-python = \">=3.12\"\nfuture = true\n\n[[package]]\nname = \"app\"\nsource = { virtual = \".\" }\nlayout = \"new\"\n"
		lock, err := Parse("uv.lock", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", c.head, err)
		}
		if lock.FormatNewer() != c.newer {
			t.Errorf("%q: FormatNewer() = %v, want %v", c.head, !c.newer, c.newer)
		}
		if len(lock.Unknown) != 2 {
			t.Errorf("%q: unknown keys %+v, want future and package.layout", c.head, lock.Unknown)
		}
	}
}

// TestFormatNewerError: a newer lock the model cannot read stays an error,
// which names the format.
func TestFormatNewerError(t *testing.T) {
	src := "version = 2\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"six\"\nversion = \"1.16.0\"\nwheels = { layout = \"v2\" }\n"
	_, err := Parse("uv.lock", []byte(src))
	if _, ok := errors.AsType[*Error](err); !ok {
		t.Fatalf("got %v, want an *Error", err)
	}
	if !strings.HasPrefix(err.Error(), "uv.lock:7:10: ") || !strings.HasSuffix(err.Error(), " (uv.lock has format version 2; this ballast reads up to version 1 revision 4: update ballast)") {
		t.Errorf("got %q", err)
	}
	// A known format keeps the message as it was.
	_, err = Parse("uv.lock", []byte(strings.Replace(src, "version = 2", "version = 1", 1)))
	if err == nil || strings.Contains(err.Error(), "update ballast") {
		t.Errorf("got %v", err)
	}
}
