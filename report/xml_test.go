package report

import (
	"bytes"
	"encoding/xml"
	"testing"
)

var xmlSamples = []string{
	"", "plain", `<a href="x">'&'</a>`, "tab\tnl\ncr\r", "\x00\x01\x08\x0b\x1f", "bad \xff\xfe utf-8",
	"\uFFFD kept", "\uFFFE\uFFFF", "\ud7ff\ue000", "emoji 😀 \U0010FFFF", "\xed\xa0\x80 surrogate",
}

func TestEscapeXMLMatchesEncodingXML(t *testing.T) {
	for _, s := range xmlSamples {
		checkEscapeXML(t, s)
	}
}

func FuzzEscapeXML(f *testing.F) {
	for _, s := range xmlSamples {
		f.Add(s)
	}
	f.Fuzz(checkEscapeXML)
}

func checkEscapeXML(t *testing.T, s string) {
	t.Helper()
	var got, want bytes.Buffer
	escapeXML(&got, s)
	_ = xml.EscapeText(&want, []byte(s))
	if got.String() != want.String() {
		t.Errorf("escapeXML(%q) = %q, want %q (encoding/xml)", s, got.String(), want.String())
	}
}
