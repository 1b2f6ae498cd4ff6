package split

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
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
		{"paragraph separator before an invalid byte", "\u2029\xa9", []string{"\xa9"}},
		{"invalid bytes are kept", "\xffIt rose.\xa9 Then \xe2\x80 fell.", []string{"\xffIt rose.\xa9 Then \xe2\x80 fell."}},
		{"repeated sentence", "Yes. No. Yes.", []string{"Yes.", "No.", "Yes."}},
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

// checkSentences verifies that sentences are the texts of SentenceSpans:
// trimmed, in order, not overlapping, and that only white space lies
// between and around them, so no byte is dropped or moved. It goes by the
// spans' byte offsets rather than by searching text for each sentence: a
// search can find a sentence inside a multi-byte character ("\xa9" in the
// "\xe2\x80\xa9" of U+2029) or in an earlier repeat of it.
func checkSentences(tb testing.TB, text string, got []string) {
	tb.Helper()
	spans := SentenceSpans(text)
	if len(spans) != len(got) {
		tb.Fatalf("got %d sentences %q; SentenceSpans gives %d %v", len(got), got, len(spans), spans)
	}
	pos := 0
	for i, s := range spans {
		if s.Start < pos || s.End <= s.Start || s.End > len(text) {
			tb.Fatalf("span %d %v out of order or empty after offset %d in %q", i, s, pos, text)
		}
		if got[i] != text[s.Start:s.End] {
			tb.Fatalf("sentence %d got %q; want text[%d:%d] %q", i, got[i], s.Start, s.End, text[s.Start:s.End])
		}
		if strings.TrimSpace(got[i]) != got[i] {
			tb.Fatalf("sentence %q has surrounding space", got[i])
		}
		if utf8.ValidString(text) && !utf8.ValidString(got[i]) {
			tb.Fatalf("sentence %q is cut inside a character", got[i])
		}
		if gap := text[pos:s.Start]; !allSpace(gap) {
			tb.Fatalf("text %q between sentences is not covered", gap)
		}
		pos = s.End
	}
	if rest := text[pos:]; !allSpace(rest) {
		tb.Fatalf("text %q after the last sentence is not covered", rest)
	}
}

// allSpace reports whether s is only white space; an invalid byte is not.
func allSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
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
