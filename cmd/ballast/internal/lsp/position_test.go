package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestPositionCountsUTF16Units(t *testing.T) {
	src := []byte("a\né😀x\r\n\xffy")
	for _, tc := range []struct {
		offset int
		want   protocol.Position
	}{
		{0, protocol.Position{Line: 0, Character: 0}},
		{2, protocol.Position{Line: 1, Character: 0}},
		{4, protocol.Position{Line: 1, Character: 1}},  // after é (2 bytes, 1 unit)
		{8, protocol.Position{Line: 1, Character: 3}},  // after 😀 (4 bytes, 2 units)
		{6, protocol.Position{Line: 1, Character: 1}},  // inside 😀: its start
		{11, protocol.Position{Line: 2, Character: 0}}, // after CRLF
		{12, protocol.Position{Line: 2, Character: 1}}, // after an invalid byte
		{13, protocol.Position{Line: 2, Character: 2}}, // the end
		{99, protocol.Position{Line: 2, Character: 2}}, // past the end
	} {
		if got := position(src, tc.offset); got != tc.want {
			t.Errorf("position(%d) = %+v, want %+v", tc.offset, got, tc.want)
		}
		if tc.offset <= len(src) && tc.offset != 6 {
			if back := offset(src, tc.want); back != tc.offset {
				t.Errorf("offset(%+v) = %d, want %d", tc.want, back, tc.offset)
			}
		}
	}
}
