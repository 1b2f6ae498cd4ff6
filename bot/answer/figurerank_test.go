package answer

import (
	"testing"

	"newsdesk/bot/rank"
	"newsdesk/corpus/figures"
)

// TestFigureWeight: a topic's words say which figures it wants in full: a
// quantity in the unit its measure word names ("copper output volume":
// tonnes, not years), a count for "cinema count".
func TestFigureWeight(t *testing.T) {
	cases := []struct {
		topic string
		fig   figures.Figure
		full  bool
	}{
		{"Chile copper output volume", figures.Figure{Kind: figures.Quantity, Unit: "tonne"}, true},
		{"Chile copper output volume", figures.Figure{Kind: figures.Quantity, Unit: "year"}, false},
		{"Chile copper output volume", figures.Figure{Kind: figures.Money, Unit: "USD"}, false},
		{"O'Gara penalty distance", figures.Figure{Kind: figures.Quantity, Unit: "m"}, true},
		{"O'Gara penalty distance", figures.Figure{Kind: figures.Quantity, Unit: "point"}, false},
		{"iPod capacity", figures.Figure{Kind: figures.Quantity, Unit: "GB"}, true}, // no unit named: any
		{"Passion recut cinema count", figures.Figure{Kind: figures.Count}, true},
		{"Passion recut cinema count", figures.Figure{Kind: figures.Money, Unit: "GBP"}, false},
	}
	for _, c := range cases {
		q := &rank.Query{Analyze: terms}
		ft := newFigureTopic(q, c.topic, terms)
		if got := ft.figureWeight(c.fig) == 1; got != c.full {
			t.Errorf("%q: figureWeight(%s %s) in full = %v; want %v", c.topic, c.fig.Kind, c.fig.Unit, got, c.full)
		}
	}
}
