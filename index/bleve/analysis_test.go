package bleve

import (
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerCases are texts whose words are easy to get wrong.
var tokenizerCases = []string{
	"",
	"   \n\t ",
	"The U.S. said it wasn't over: 3.5% of £1,200.50bn, e-mail a_b _x x_ _ ___ 1_2.",
	"a:b a:1 1:2 1.a a.1 abc123 3rd 3rd.x 1'2 a'b a'' 'a a.b.c. 1,2,3 1;2 a;b 1.2.3",
	`"quoted" (bracketed) #tag @user http://example.com/a?b=1 x--y .5 5. a.. ..a`,
	"Café société naïve — “smart quotes” don’t 10 000 £50bn €5 ¥3 1½ 北京 東京タワー",
	"tab\tsep\r\nlines\fform\vfeed ok\u00a0nbsp\u2009thin",
	"Mr. Smith's 19-strong panel met at 10:30 on 2024-05-01; Ms Jones' reply.",
}

// TestWordTokenizerMatchesUnicode holds the fast tokenizer to bleve's
// unicode tokenizer: the same words, offsets, positions and types.
func TestWordTokenizerMatchesUnicode(t *testing.T) {
	for _, text := range tokenizerCases {
		if diff := compareTokenizers(text); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	}
}

func FuzzWordTokenizer(f *testing.F) {
	for _, text := range tokenizerCases {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip() // the corpus decodes every article to UTF-8 first
		}
		if diff := compareTokenizers(text); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	})
}

func compareTokenizers(text string) string {
	got := wordTokenizer{}.Tokenize([]byte(text))
	want := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	show := func(ts analysis.TokenStream) string {
		s := ""
		for _, t := range ts {
			s += fmt.Sprintf("[%s %d-%d #%d %v]", t.Term, t.Start, t.End, t.Position, t.Type)
		}
		return s
	}
	if g, w := show(got), show(want); g != w {
		return fmt.Sprintf("\n got %s\nwant %s", g, w)
	}
	return ""
}

// TestAnalyzerMatchesEnglish holds the analyzer to bleve's English one:
// the same terms at the same positions, also the second time a word is
// seen, when its stem comes from the stemmer's memory.
func TestAnalyzerMatchesEnglish(t *testing.T) {
	cache := registry.NewCache()
	ours, err := cache.AnalyzerNamed(analyzerName)
	if err != nil {
		t.Fatal(err)
	}
	english, err := cache.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	show := func(ts analysis.TokenStream) string {
		s := ""
		for _, t := range ts {
			s += fmt.Sprintf("[%s #%d]", t.Term, t.Position)
		}
		return s
	}
	texts := append(slices.Clone(tokenizerCases), "Running runners ran; the runner's runs. Generalizations generalize GENERALLY.")
	for round := range 2 {
		for _, text := range texts {
			got, want := show(ours.Analyze([]byte(text))), show(english.Analyze([]byte(text)))
			if got != want {
				t.Errorf("round %d, %q:\n got %s\nwant %s", round, text, got, want)
			}
		}
	}
}
