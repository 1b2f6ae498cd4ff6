package answer

import (
	"strings"
	"testing"
)

func TestFollowUp(t *testing.T) {
	cases := []struct{ prev, q, want string }{
		{"How much support did allies provide Ukraine in 2024?", "and in 2025?", "support allies provide Ukraine 2025"},
		{"", "and in 2025?", "and in 2025?"},
		{"How much support did allies provide Ukraine in 2024?", "Who won the Lakeside marathon on Sunday?", "Who won the Lakeside marathon on Sunday?"},
		{"Who won the marathon?", "what about the record?", "won marathon record"},
		{"Who won the marathon?", "", ""},
		{"Who won the marathon?", "and when?", "won marathon"},
		{"Who won the marathon?", "???", "???"},
		{"How much support did allies provide Ukraine in 2024?", "2025?", "support allies provide Ukraine 2025"},
	}
	for _, c := range cases {
		if got := followUp(c.prev, c.q); got != c.want {
			t.Errorf("followUp(%q, %q) = %q; want %q", c.prev, c.q, got, c.want)
		}
	}
}

func TestSearchText(t *testing.T) {
	cases := []struct{ q, want string }{
		{"How much money did NATO allies give Ukraine in 2024?", "money NATO allies give Ukraine 2024"},
		{"What did the U.S. say about €50bn?", "U.S 50bn"},
		{"Who's Zelenskyy’s envoy?", "Who's Zelenskyy’s envoy"},
		{"Which club does Hodgson manage, in the story on winter breaks?", "club Hodgson manage winter breaks"},
		{"???", ""},
	}
	for _, c := range cases {
		if got := SearchText(c.q); got != c.want {
			t.Errorf("SearchText(%q) = %q; want %q", c.q, got, c.want)
		}
	}
}

func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"How much money did NATO allies give Ukraine in 2024?", "€50bn.", "U.S.-led", "", "''..--", "日本の首相は誰?"} {
		f.Add(s, "and in 2025?")
	}
	f.Fuzz(func(t *testing.T, q, prev string) {
		got := SearchText(followUp(prev, q))
		if strings.ContainsAny(got, "?!,;:\"()[]{}<>") {
			t.Errorf("SearchText kept punctuation: %q", got)
		}
		for _, w := range strings.Fields(got) {
			if questionWords[strings.ToLower(w)] {
				t.Errorf("SearchText kept question word %q in %q", w, got)
			}
		}
	})
}
