package figures

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/corpus/figures/figurestest"
	"newsdesk/corpus/split"
)

func TestTop(t *testing.T) {
	text := "In 2020 some 40 firms paid $5m, 3 tonnes of grain and 12% more, on 1 May 2021."
	all := Extract(text)
	tests := []struct {
		name string
		n    int
		want []string // kind:text, in order of appearance
	}{
		{"all when few enough", len(all), []string{"year:2020", "count:some 40", "money:$5m", "quantity:3 tonnes", "percent:12%", "date:1 May 2021"}},
		{"money and percent first", 2, []string{"money:$5m", "percent:12%"}},
		{"then counts, quantities", 4, []string{"count:some 40", "money:$5m", "quantity:3 tonnes", "percent:12%"}},
		{"dates before years", 5, []string{"count:some 40", "money:$5m", "quantity:3 tonnes", "percent:12%", "date:1 May 2021"}},
		{"none", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Top(all, tt.n) {
				got = append(got, string(f.Kind)+":"+f.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Top(Extract(%q), %d) = %q; want %q", text, tt.n, got, tt.want)
			}
		})
	}
}

func TestTopPrefersSubjectThenEarliest(t *testing.T) {
	// "5%" has no subject; "sales 6%" and "costs 7%" have one each.
	figs := []Figure{
		{Text: "5%", Kind: Percent},
		{Text: "6%", Kind: Percent, Subject: "sales"},
		{Text: "7%", Kind: Percent, Subject: "costs", Period: "2020"},
		{Text: "8%", Kind: Percent, Subject: "debt"},
	}
	tests := []struct {
		n    int
		want string
	}{
		{1, "7%"},
		{2, "6% 7%"},
		{3, "6% 7% 8%"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			var got []string
			for _, f := range Top(figs, tt.n) {
				got = append(got, f.Text)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Top(figs, %d) = %q; want %q", tt.n, g, tt.want)
			}
		})
	}
}

// densePassage is one passage of nothing but figures, far more than
// MaxPerPassage of them.
var densePassage = strings.TrimSpace(strings.Repeat("Sales rose 4% to $3m in 2004, 7% to $9m in 2005. ", 19))

func TestExtractAllCaps(t *testing.T) {
	a, err := corpus.Parse("dense.txt", []byte(figurestest.Dense(400<<10)))
	if err != nil {
		t.Fatal(err)
	}
	dense := split.Passages(a)
	denseTexts := make([]string, len(dense))
	for i, p := range dense {
		denseTexts[i] = p.Text
	}
	if n := len(Extract(densePassage)); n <= MaxPerPassage {
		t.Fatalf("the dense passage states %d figures; want more than %d for the test to mean anything", n, MaxPerPassage)
	}
	tests := []struct {
		name            string
		texts           []string
		perText, total  int
		wantPerText     int // at least as many as the text with the most
		wantTotal       int
		wantLikeExtract bool // every out[i] is Extract(texts[i])
	}{
		{"below the limits", []string{"It gave €50 billion in 2024.", "", "No figure here.", "Up 5% on 3,000 staff."}, MaxPerPassage, MaxPerArticle, 2, 4, true},
		{"a dense passage", []string{densePassage}, MaxPerPassage, MaxPerArticle, MaxPerPassage, MaxPerPassage, false},
		{"a dense article", denseTexts, MaxPerPassage, MaxPerArticle, MaxPerPassage, MaxPerArticle, false},
		{"small limits", []string{densePassage, densePassage}, 3, 5, 3, 5, false},
		{"no figure allowed", []string{densePassage}, 0, 10, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ExtractAll(tt.texts, tt.perText, tt.total)
			if len(out) != len(tt.texts) {
				t.Fatalf("ExtractAll: %d lists for %d texts", len(out), len(tt.texts))
			}
			most, total := 0, 0
			for i, figs := range out {
				most, total = max(most, len(figs)), total+len(figs)
				all := Extract(tt.texts[i])
				if tt.wantLikeExtract && !reflect.DeepEqual(figs, all) {
					t.Errorf("text %d: got %v; want Extract's %v", i, figs, all)
				}
				checkSubsequence(t, figs, all)
			}
			if most > tt.wantPerText || total != tt.wantTotal {
				t.Errorf("got up to %d figures in a text and %d in all; want at most %d and %d", most, total, tt.wantPerText, tt.wantTotal)
			}
			if again := ExtractAll(tt.texts, tt.perText, tt.total); !reflect.DeepEqual(again, out) {
				t.Errorf("a second call kept other figures")
			}
		})
	}
}

// TestExtractAllKeepsMostInformative: past the article's limit, money and
// percentages of later passages win over years of earlier ones.
func TestExtractAllKeepsMostInformative(t *testing.T) {
	texts := []string{"In 2001, 2002 and 2003.", "It rose 5% to $3m."}
	var got []string
	for i, figs := range ExtractAll(texts, MaxPerPassage, 3) {
		for _, f := range figs {
			got = append(got, fmt.Sprintf("%d:%s", i, f.Text))
		}
	}
	if want := []string{"0:2001", "1:5%", "1:$3m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ExtractAll = %q; want %q", got, want)
	}
}

// checkSubsequence verifies that kept are some of all, in all's order.
func checkSubsequence(tb testing.TB, kept, all []Figure) {
	tb.Helper()
	j := 0
	for _, f := range kept {
		for j < len(all) && !reflect.DeepEqual(all[j], f) {
			j++
		}
		if j == len(all) {
			tb.Fatalf("kept figure %q at %d is not one of Extract's, in order", f.Text, f.Start)
		}
		j++
	}
}
