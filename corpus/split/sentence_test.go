package split

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"two plain", "It rained. Then it stopped.", []string{"It rained.", "Then it stopped."}},
		{"question and exclamation", "Did it work? Yes! It did.", []string{"Did it work?", "Yes!", "It did."}},
		{"initialism mid-sentence", "Former U.S. Ambassador William Taylor spoke. He agreed.",
			[]string{"Former U.S. Ambassador William Taylor spoke.", "He agreed."}},
		{"initialism at sentence end", "Aid came from the U.S. The deal was signed.",
			[]string{"Aid came from the U.S.", "The deal was signed."}},
		{"U.K. before a name", "The U.K. Treasury said no.", []string{"The U.K. Treasury said no."}},
		{"titles", "Mr. Smith met Mrs. Jones and Dr. Lee at St. Paul's. They talked.",
			[]string{"Mr. Smith met Mrs. Jones and Dr. Lee at St. Paul's.", "They talked."}},
		{"company suffix before a name", "Acme Inc. Chief Executive Jo Ng resigned.", []string{"Acme Inc. Chief Executive Jo Ng resigned."}},
		{"company suffix at sentence end", "Shares rose at Acme Ltd. The market fell.",
			[]string{"Shares rose at Acme Ltd.", "The market fell."}},
		{"co.", "Smith & Co. Partners won.", []string{"Smith & Co. Partners won."}},
		{"vs e.g. i.e.", "It was Leeds vs. Hull, e.g. Northern teams, i.e. Rivals.",
			[]string{"It was Leeds vs. Hull, e.g. Northern teams, i.e. Rivals."}},
		{"months before a day", "It opens on Jan. 5 and closes on Dec. 24. Tickets are free.",
			[]string{"It opens on Jan. 5 and closes on Dec. 24.", "Tickets are free."}},
		{"numbered", "He lives at No. 10 Downing Street. Nobody else does.",
			[]string{"He lives at No. 10 Downing Street.", "Nobody else does."}},
		{"initial", "The novel by J. R. Smith sold well. Critics agreed.",
			[]string{"The novel by J. R. Smith sold well.", "Critics agreed."}},
		{"decimals", "Growth was 3.8% and the index hit 2.572 points. It fell later.",
			[]string{"Growth was 3.8% and the index hit 2.572 points.", "It fell later."}},
		{"currency at sentence end", "Allies gave €50bn. Another €35bn follows.",
			[]string{"Allies gave €50bn.", "Another €35bn follows."}},
		{"currency at text end", "Allies gave €50bn.", []string{"Allies gave €50bn."}},
		{"curly closing quote", "She said “we will win.” Next came the vote.",
			[]string{"She said “we will win.”", "Next came the vote."}},
		{"straight quotes", `He said: "It is over." Then he left. "Goodbye," he said.`,
			[]string{`He said: "It is over."`, "Then he left.", `"Goodbye," he said.`}},
		{"opening quote starts next", `They are not prepared to tolerate. "It was a very difficult decision."`,
			[]string{"They are not prepared to tolerate.", `"It was a very difficult decision."`}},
		{"closing bracket", "Prices rose (again.) Buyers waited.", []string{"Prices rose (again.)", "Buyers waited."}},
		{"ellipsis", "He paused... Then he spoke. Well… maybe.", []string{"He paused...", "Then he spoke.", "Well… maybe."}},
		{"lower case after period", "The figure was approx. three million.", []string{"The figure was approx. three million."}},
		{"newline is a boundary", "Key Points\nSpare capacity fell\n\nNext block here.",
			[]string{"Key Points", "Spare capacity fell", "Next block here."}},
		{"no final punctuation", "A headline without a stop", []string{"A headline without a stop"}},
		{"white space only", "  \n\t ", nil},
		{"empty", "", nil},
		{"a.m. before lower case", "It starts at 9 a.m. sharp. Doors open early.", []string{"It starts at 9 a.m. sharp.", "Doors open early."}},
		{"digit start", "The summit was in 2023. 32 members attended.", []string{"The summit was in 2023.", "32 members attended."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\ngot  %q\nwant %q", tt.text, got, tt.want)
			}
			checkSentences(t, tt.text, got)
		})
	}
}

// checkSentences verifies that sentences are trimmed, in order, verbatim
// substrings of text that cover all of its non-space characters.
func checkSentences(tb testing.TB, text string, got []string) {
	tb.Helper()
	pos := 0
	for _, s := range got {
		if s == "" || strings.TrimSpace(s) != s {
			tb.Fatalf("sentence %q is empty or has surrounding space", s)
		}
		i := strings.Index(text[pos:], s)
		if i < 0 {
			tb.Fatalf("sentence %q not found in order in %q", s, text)
		}
		if gap := text[pos : pos+i]; strings.TrimFunc(gap, unicode.IsSpace) != "" {
			tb.Fatalf("text %q between sentences is not covered", gap)
		}
		pos += i + len(s)
	}
	if rest := text[pos:]; strings.TrimFunc(rest, unicode.IsSpace) != "" {
		tb.Fatalf("text %q after the last sentence is not covered", rest)
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"Mr. Smith went to Washington. He left.",
		"It cost €50bn. “Really?” she asked… Yes!",
		"U.S. vs. U.K.: 3.8% e.g. i.e. J. Smith",
		"a\n\nb. C",
		"\xff\xfe. A.",
		"...",
		"“”. ”. (",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSentences(t, text, Sentences(text))
	})
}
