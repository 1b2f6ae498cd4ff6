package answer

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/bot/rank"
	"newsdesk/corpus"
	"newsdesk/corpus/figures"
	"newsdesk/index"
)

func TestExpect(t *testing.T) {
	counts := []figures.Kind{figures.Count, figures.Quantity}
	cases := []struct {
		q       string
		kinds   []figures.Kind
		counted []string
		name    bool
	}{
		{"How much money did NATO allies give Ukraine in 2024?", []figures.Kind{figures.Money, figures.Quantity, figures.Percent}, nil, false},
		{"What share of the support came from Europe?", []figures.Kind{figures.Percent}, nil, false},
		{"What was the final score when Charlton played Norwich?", []figures.Kind{figures.Score}, nil, false},
		{"By what score did Bayern beat Dortmund?", []figures.Kind{figures.Score}, nil, false},
		{"What scores did critics give the film?", nil, nil, false}, // a cue is whole words
		{"How many runners started the marathon?", counts, []string{"runner", "start"}, false},
		{"How many mobile phones are retired in the UK every year?", counts, []string{"mobil", "phone"}, false},
		{"How many films compete for the Golden Bear?", counts, []string{"film", "compet"}, false},
		{"So how many of them were there?", counts, nil, false},
		{"When does construction start?", []figures.Kind{figures.Date, figures.Year}, nil, false},
		{"What is the international Booker worth?", []figures.Kind{figures.Money}, nil, false},
		{"Who won the Lakeside marathon?", nil, nil, true},
		{"Which consultancy ran the survey?", nil, nil, true},
		{"Who pays for the libraries staying open late?", []figures.Kind{figures.Money}, nil, true},
		{"Why was the embargo imposed?", nil, nil, false},
		{"Which rare brain disease was linked to the drug?", nil, nil, true},
		{"In which city is the musical staged?", nil, nil, true},
		{"Which year did the strike start?", []figures.Kind{figures.Year, figures.Date}, nil, false},
		{"What did Straw call the right to life when he attacked the ruling?", nil, nil, false}, // "when" joins clauses
		{"Roughly how many times does the orchestra strike up?", nil, nil, false},               // "N times" is no figure
		{"How much more likely were they to be stopped?", nil, nil, false},
		{"How much more will the ferries cost?", []figures.Kind{figures.Money, figures.Quantity, figures.Percent}, nil, false},
	}
	for _, c := range cases {
		e := expect(c.q, terms)
		if !slices.Equal(e.kinds, c.kinds) || !slices.Equal(e.counted, c.counted) || e.name != c.name {
			t.Errorf("expect(%q) = %v counting %q, name %v; want %v counting %q, name %v", c.q, e.kinds, e.counted, e.name, c.kinds, c.counted, c.name)
		}
	}
}

// TestExpectFollowUp: "and in 2025?" after "How many films…?" asks for a
// count of films too.
func TestExpectFollowUp(t *testing.T) {
	e := expectFollowUp("How many films compete for the Golden Bear?", "and in 2025?", terms)
	if !slices.Equal(e.counted, []string{"film", "compet"}) || !slices.Contains(e.kinds, figures.Count) {
		t.Errorf("expectFollowUp = %v counting %q; want a count of films", e.kinds, e.counted)
	}
}

// TestSentencesFit: which sentences of a passage hold what the question
// asks for. A count of what "how many" counts wins over other counts, but
// when no sentence has one, any count fits.
func TestSentencesFit(t *testing.T) {
	cases := []struct {
		q     string
		sents []string
		want  []bool
	}{
		{"How much is the prize worth?", []string{"The new £60,000 award is open to writers of all nationalities.", "Doris Lessing and Ian McEwan have also been nominated."}, []bool{true, false}},
		{"Who confirmed that Zelenskyy would drop the NATO request?", []string{"Ukrainian President Volodymyr Zelenskyy has signaled willingness to withdraw.", "Former U.S. Ambassador to Ukraine William Taylor confirmed this tactical shift."}, []bool{false, true}},
		{"Who is the lawyer for Kenteris?", []string{"Kostas Kenteris' lawyer has called for the Greek charges to be dropped.", "Gregory Ioannidis said the case had no basis."}, []bool{false, true}},
		{"Who won?", []string{"The race was held on Monday in March."}, []bool{false}},
		{"How many drivers were due to strike?", []string{"The strike would have closed 40 stations.", "Some 9,000 train drivers had voted for the walkout."}, []bool{false, true}},
		{"How many died in the crash?", []string{"The crash happened at dawn.", "12 people died."}, []bool{false, true}}, // "died" is no noun: any count
		{"How many miles is the route?", []string{"The route is 26.2 miles long."}, []bool{true}},
		{"Why was the embargo imposed?", []string{"It followed the 1989 crackdown."}, []bool{false}},
	}
	for _, c := range cases {
		if got := expect(c.q, terms).SentencesFit(c.sents); !slices.Equal(got, c.want) {
			t.Errorf("expect(%q).SentencesFit(%q) = %v; want %v", c.q, c.sents, got, c.want)
		}
	}
}

// textLibrary serves one article's text, for testing quote on its own.
type textLibrary struct {
	Library
	text string
}

func (l textLibrary) ArticleText(context.Context, string) (string, error) { return l.text, nil }

func (textLibrary) Terms(text string) []string { return terms(text) }

// TestRankChoosesLead: within the answer's article, the passage holding
// the figure (or the name) asked for, or the question's words the lede
// lacks, goes ahead of the lede that restates the question without them;
// and a question about the latest still measures "on topic" against the
// best passage, not the chosen one.
func TestRankChoosesLead(t *testing.T) {
	money := figures.Figure{Kind: figures.Money, Value: 2.2e6, Unit: "GBP"}
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	pass := func(id string, score float64, terms []string, published time.Time, figs ...figures.Figure) index.Hit {
		article, num, _ := strings.Cut(id, "#")
		n, _ := strconv.Atoi(num)
		return index.Hit{Passage: corpus.Passage{ID: id, ArticleID: article, N: n}, Score: score, Terms: terms, Published: published, Figures: figs}
	}
	text := func(h index.Hit, s string) index.Hit { h.Passage.Text = s; return h }
	all := []string{"birmingham", "pai", "chelsea", "gronkjaer"}
	cases := []struct {
		name     string
		question string // one about the latest orders by date too
		hits     []index.Hit
		want     string // passage IDs in order
	}{
		{"the figure asked for", "How much did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			pass("a#1", 3, all, day(1)), pass("b#1", 1, all[:3], day(1)), pass("a#2", 1, all[1:], day(1), money)},
			"a#2 a#1 b#1"},
		{"the figure, covering too little", "How much did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			pass("a#1", 3, all, day(1)), pass("b#1", 1, all[:3], day(1)), pass("a#2", 1, all[3:], day(1), money)},
			"a#1 b#1 a#2"},
		{"another article's figure", "How much did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			pass("a#1", 3, all, day(1)), pass("b#1", 1, all[1:], day(1), money)},
			"a#1 b#1"},
		{"a figure answers no name question", "Who did Birmingham sign from Chelsea?", []index.Hit{
			pass("a#1", 3, all, day(1)), pass("a#2", 1, all[1:], day(1), money)},
			"a#1 a#2"},
		{"the lede names no one new", "Who did Birmingham sign from Chelsea?", []index.Hit{
			text(pass("a#1", 3, all, day(1)), "Birmingham have signed a winger from Chelsea."),
			text(pass("a#2", 1, all[1:], day(1)), "The winger, Jesper Gronkjaer, cost them £2.2m.")},
			"a#2 a#1"},
		{"the lede names him", "Who did Birmingham sign from Chelsea?", []index.Hit{
			text(pass("a#1", 3, all, day(1)), "Birmingham have signed Jesper Gronkjaer from Chelsea."),
			text(pass("a#2", 1, all[1:], day(1)), "Manager Steve Bruce said the winger would start.")},
			"a#1 a#2"},
		{"a name in another article", "Who did Birmingham sign from Chelsea?", []index.Hit{
			text(pass("a#1", 3, all, day(1)), "Birmingham have signed a winger from Chelsea."),
			text(pass("b#1", 1, all[1:], day(1)), "The winger, Jesper Gronkjaer, cost them £2.2m.")},
			"a#1 b#1"},
		{"a place is asked for, not a person", "Which country did Birmingham sign from Chelsea?", []index.Hit{
			text(pass("a#1", 3, all, day(1)), "Birmingham have signed a winger from Chelsea, from Denmark."),
			text(pass("a#2", 1, all[1:], day(1)), "The winger, Jesper Gronkjaer, cost them £2.2m.")},
			"a#1 a#2"},
		{"more of the question, in one sentence", "Why did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			text(pass("a#1", 3, all[:3], day(1)), "Birmingham have paid Chelsea for a winger."),
			text(pass("a#2", 1, all, day(1)), "Bruce wanted Gronkjaer because Birmingham lacked pace, so they paid Chelsea.")},
			"a#2 a#1"},
		{"as much of the question, and a word the lede lacks", "Why did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			text(pass("a#1", 1, all[:3], day(1)), "Birmingham paid Chelsea."),
			text(pass("a#2", 1, []string{"birmingham", "chelsea", "gronkjaer"}, day(1)), "Gronkjaer joined Birmingham.")},
			"a#2 a#1"},
		{"the lede holds it all", "Why did Birmingham pay Chelsea for Gronkjaer?", []index.Hit{
			text(pass("a#1", 3, all, day(1)), "Birmingham have paid Chelsea for Gronkjaer."),
			text(pass("a#2", 1, all[:3], day(1)), "Bruce said Birmingham lacked pace, so they paid Chelsea.")},
			"a#1 a#2"},
		{"the latest: c is newer but far off topic", "What is the latest Birmingham paid Chelsea for Gronkjaer?", []index.Hit{
			pass("a#1", 30, all, day(1)), pass("a#2", 1, all[1:], day(1), money), pass("c#1", 3, all[2:], day(9), money)},
			"a#2 a#1 c#1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := map[string]float64{}
			for _, term := range all {
				w[term] = 1
			}
			q, _ := rank.Weigh(all, w)
			q.Question, q.Expect, q.Analyze = c.question, expect(c.question, terms), terms
			cands := rank.Candidates(c.hits)
			if err := rank.Default().Rank(context.Background(), &q, cands); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, cd := range cands {
				got = append(got, cd.Hit.Passage.ID)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("%q: order %v; want %s", c.question, got, c.want)
			}
		})
	}
}
