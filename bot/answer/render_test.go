package answer

import (
	"strings"
	"testing"

	"newsdesk/bot"
)

func TestWriteAnswerSourceLine(t *testing.T) {
	cases := []struct {
		name      string
		source    string
		url       string
		published string
		want      string
	}{
		{"name and link", "Northport Gazette", "https://example.org/h", "2025-03-04", "Source: Harbour — ¶1 — Northport Gazette, https://example.org/h (2025-03-04)"},
		{"name only", "Northport Gazette", "", "", "Source: Harbour — ¶1 — Northport Gazette\n"},
		{"link only", "", "https://example.org/h", "", "Source: Harbour — ¶1 — https://example.org/h\n"},
		{"source is the link", "https://example.org/h", "https://example.org/h", "", "Source: Harbour — ¶1 — https://example.org/h\n"},
		{"neither", "", "", "", "Source: Harbour — ¶1\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			ans := bot.Answer{Mode: bot.Extractive, Answer: "Approved.", Citations: []bot.Citation{{
				Title: "Harbour", Locator: "¶1", Source: c.source, URL: c.url, Published: c.published, Text: "Approved.",
			}}}
			if err := WriteAnswer(&b, ans); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), c.want) {
				t.Errorf("got %q; want a line %q", b.String(), c.want)
			}
		})
	}
}
