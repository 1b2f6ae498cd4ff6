package answer

import (
	"context"
	"newsdesk/internal/testkit"
	"slices"
	"strings"
	"testing"
)

func TestFormsOf(t *testing.T) {
	cases := []struct {
		word string
		want []string
	}{
		{"Australian", []string{"australia"}},
		{"Europe", []string{"european"}},
		{"grew", []string{"grow", "grown"}},
		{"pays", []string{"paid"}},
		{"paying", []string{"paid"}},
		{"harbour", nil},
		{"television", []string{"tv"}},
		{"UK", []string{"britain"}},
		{"leaving", []string{"left"}},
		{"left", nil}, // the side, as often as the verb
	}
	for _, c := range cases {
		if got := formsOf(terms)[terms(c.word)[0]]; !slices.Equal(got, c.want) {
			t.Errorf("formsOf(%q) = %v; want %v", c.word, got, c.want)
		}
	}
}

// TestAskWordForms: a question worded with another form of the article's
// word finds the passage holding the whole question.
func TestAskWordForms(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	cases := []struct {
		question, passage string
	}{
		{"Taiwanese chip exports", "Taiwan's semiconductor exports"},               // place and adjective
		{"councillors opposed the loan", "Opposition councillors argued the loan"}, // verb and -ition noun
	}
	for _, c := range cases {
		_, cands, err := a.Rank(context.Background(), c.question, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(cands) == 0 || !strings.Contains(cands[0].Hit.Passage.Text, c.passage) || cands[0].Coverage < 0.999 {
			t.Errorf("%q: best candidate = %+v; want the passage with %q, covering the whole question", c.question, cands, c.passage)
		}
	}
}

func TestNominalForm(t *testing.T) {
	cases := []struct{ word, want string }{
		{"compete", "competit"}, // "competition"
		{"oppose", "opposit"},
		{"competition", ""}, // only from the verb
		{"deposed", ""},     // not "deposit"
		{"credit", ""},      // not "cred"
		{"loan", ""},
	}
	for _, c := range cases {
		var got string
		if w := nominalForm(terms(c.word)[0]); w != "" {
			got = strings.Join(terms(w), " ")
		}
		if got != c.want {
			t.Errorf("nominalForm(%q) analyzes to %q; want %q", c.word, got, c.want)
		}
	}
}
