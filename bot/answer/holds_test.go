package answer

import (
	"context"
	"strings"
	"testing"

	"newsdesk/bot"
	"newsdesk/internal/testkit"
)

// TestHolds: whether a quote, from an article, holds what the question
// asks for: the kind of figure its opening asks, a quantity in a unit that
// answers, and every year it gives.
func TestHolds(t *testing.T) {
	cases := []struct {
		q, quote, article string
		want              bool
	}{
		{"How much will the covered fish market cost?", "The plan adds 300 new berths and a covered fish market.", "", false},
		{"How much will the covered fish market cost?", "The fish market will cost £4m.", "", true},
		{"How much prize money did Wanjiru win?", "Wanjiru won in 2 hours 19 minutes.", "", false},
		{"How much prize money did runner-up Srichaphan get?", "Moya beat Srichaphan 3-6 6-4 7-6.", "", false}, // "runner-up" is no change
		{"How much would the cut save each year?", "The cut would save 65 lives a year.", "", true},
		{"How many seasonal pickers are the growers short of?", "Growers picked 41,000 tonnes of fruit.", "", false},
		{"How many miles is the route?", "The route is 26 miles long.", "", true},
		{"How many days after Athens is she running?", "She runs just 77 days after Athens.", "", true},
		{"How many people visit the library each week?", "Librarians said evening visits had doubled.", "", false},
		{"How many quangos does the UK have?", "Lewis said at least 111 of the appointed bodies were new.", "the UK", true}, // a number the extraction leaves out
		{"How many Grammys has Lady Gaga won?", "Six-time Grammy winner Lady Gaga sang.", "", true},
		{"How many of them hold degrees?", "60% of women in the industry hold degrees.", "", true},
		{"How tall will the turbines be?", "The project, about 18 miles offshore, will have 900 megawatts.", "", false},
		{"How tall will the turbines be?", "Each turbine will stand 260 metres tall.", "", true},
		{"In what year was Roger II made king?", "Roger II was crowned king in 1130.", "Roger", true},
		{"How long was the unbeaten league run?", "It ended a record 49-match unbeaten league run.", "", true},
		{"What share of voters think Blair was damaged?", "68% believe the prime minister was damaged.", "", true},
		{"What proportion of Asbos end up being breached?", "Blears said \"about a third\" of Asbos were breached.", "", true},
		{"What proportion of Asbos end up being breached?", "Blears said many Asbos were breached.", "", false},
		{"How much did Taiwan's chip exports rise in 2024?", "Exports rose 12.5% in the first quarter of 2025.", "Taiwan's exports.", false},
		{"How much did Taiwan's chip exports rise in 2024?", "Exports rose 12.5% in the first quarter.", "Taiwan's exports in 2024.", true},
		{"How many people visit the library each week?", "Librarians said in 2023 that visits had doubled.", "", false}, // a year, not a count
		{"How many guests came to the dinner?", "The dinner was attended by 2000 guests.", "", true},                    // read as a year, but a count
		{"How many people were infected?", "No one knows how far Covid-19 spread.", "", false},
		{"How many games did they lose?", "Moya won 3-6 6-4.", "", false}, // a score is no count
		{"What share of the firm is owned by its staff?", "Its headquarters are in Leeds.", "", false},
		{"What year was the castle built?", "The army marched on the castle.", "", false},
		{"What year was the castle built?", "It was built in the 1190s.", "", true},
		{"How fast will the broadband be?", "Speeds of up to 24Mbps are promised.", "", true},
		{"How much did Wanjiru win?", "Wanjiru won in 2 hours 19 minutes.", "", false}, // "win" asks for money
		{"When did construction start?", "Work began last spring.", "", true},          // "when" asks for nothing a quote must hold
		{"Who won the Lakeside marathon?", "Grace Wanjiru won.", "", true},
	}
	for _, c := range cases {
		e := expect(c.q, terms)
		article := c.article + "\n" + c.quote
		if got := e.need.holds(c.quote, article, terms); got != c.want {
			t.Errorf("%q\n  quote %q: holds = %v; want %v (requirement %+v, missing %q)", c.q, c.quote, got, c.want, e.need, e.need.lacks(c.quote, article, terms))
		}
	}
}

// TestAskUnanswerable: a question on an article's topic whose answer is in
// no article is not answered with the passage that shares its words, and a
// question the article does answer still is.
func TestAskUnanswerable(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	cases := []struct {
		question string
		quote    string // "" when no article answers
	}{
		{"How much prize money did Grace Wanjiru win at the Lakeside marathon?", ""},
		{"How much will the covered fish market on the east quay cost?", ""},
		{"How much did Taiwan's chip exports rise in the fourth quarter of 2024?", ""},
		{"Who won the Lakeside marathon?", "Wanjiru"},
		{"How fast did Taiwan's chip exports grow?", "12.5%"},
		{"How many runners started the marathon?", "18,500"},
	}
	for _, c := range cases {
		t.Run(c.question, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), c.question, bot.AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.quote == "" && (ans.Mode != bot.NoAnswer || ans.Answer != bot.NoAnswerText || len(ans.Related) == 0):
				t.Errorf("mode %q, answer %q, %d related; want %q with the closest passages", ans.Mode, ans.Answer, len(ans.Related), bot.NoAnswerText)
			case c.quote != "" && (ans.Mode != bot.Extractive || !strings.Contains(ans.Answer, c.quote)):
				t.Errorf("mode %q, answer %q; want an answer quoting %q", ans.Mode, ans.Answer, c.quote)
			}
		})
	}
}
