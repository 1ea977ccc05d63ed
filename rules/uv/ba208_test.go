package uv

import (
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock"
)

// TestKnownRevisions: the revisions BA206 knows a first uv release of are
// exactly those the lock model reads, so a new revision cannot be taught to
// one and not the other (BA208 would then stay silent on a lock BA206
// cannot judge, or the reverse).
func TestKnownRevisions(t *testing.T) {
	if len(lockRevisions) != uvlock.NewestRevision {
		t.Errorf("BA206 knows %d revisions, the lock model reads up to %d", len(lockRevisions), uvlock.NewestRevision)
	}
	for rev := 1; rev <= uvlock.NewestRevision; rev++ {
		if _, ok := lockRevisions[rev]; !ok {
			t.Errorf("BA206 does not know revision %d", rev)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	for _, c := range []struct {
		version, revision int
		key, want         string // want: a part of the message; "" for none
	}{
		{1, 0, "", ""},
		{1, uvlock.NewestRevision, "", ""},
		{1, uvlock.NewestRevision + 1, "revision", "format revision 5; this ballast reads revisions up to 4"},
		{2, 0, "version", "format version 2; this ballast reads version 1"},
		{2, 9, "version", "format version 2;"},
		{0, 0, "version", "which no uv release writes"},
	} {
		key, msg := unknownFormat(&uvlock.Lock{Version: c.version, Revision: c.revision})
		if key != c.key || c.want == "" && msg != "" || !strings.Contains(msg, c.want) {
			t.Errorf("version %d revision %d: got %q %q, want %q and a message with %q", c.version, c.revision, key, msg, c.key, c.want)
		}
	}
}
