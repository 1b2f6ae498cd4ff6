package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"newsdesk/bot"
)

// FigureFinder is the /figures lookup RunLookups measures;
// *answer.Answerer is one.
type FigureFinder interface {
	Figures(ctx context.Context, topic, kind string, k int) (bot.FigureList, error)
}

// LookupReport is what RunLookups measured.
type LookupReport struct {
	Lookups int          `json:"lookups"`
	Top1    float64      `json:"top1"` // the expected figure first
	Top3    float64      `json:"top3"` // among the first three
	Misses  []LookupMiss `json:"misses"`
}

// LookupMiss is a lookup whose expected figure did not come first.
type LookupMiss struct {
	Topic    string   `json:"topic"`
	Expected string   `json:"expected"`
	Rank     int      `json:"rank"`  // where it came, 0 when not in the list
	First    []string `json:"first"` // the first three figures shown, "text (article)"
}

// lookupDepth is how many figures a lookup lists, as /figures does.
const lookupDepth = 10

// RunLookups looks up every topic as /figures does and measures where the
// expected figure (its text, from one of the expected articles) comes. It
// returns the first error, or ctx's.
func RunLookups(ctx context.Context, f FigureFinder, ls []Lookup) (LookupReport, error) {
	var r LookupReport
	var top1, top3 int
	for _, l := range ls {
		if err := ctx.Err(); err != nil {
			return LookupReport{}, err
		}
		r.Lookups++
		fl, err := f.Figures(ctx, l.Topic, "", lookupDepth)
		if err != nil {
			return LookupReport{}, fmt.Errorf("figures %q: %w", l.Topic, err)
		}
		rank := 0
		for i, fa := range fl.Figures {
			if shows(fa, l.Figure) && (len(l.Articles) == 0 || slices.Contains(l.Articles, fa.Citation.ArticleID)) {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			top1++
		}
		if rank >= 1 && rank <= 3 {
			top3++
		}
		if rank != 1 {
			m := LookupMiss{Topic: l.Topic, Expected: l.Figure + " (" + strings.Join(l.Articles, " | ") + ")", Rank: rank}
			for _, fa := range fl.Figures[:min(3, len(fl.Figures))] {
				m.First = append(m.First, fa.Text+" ("+fa.Citation.ArticleID+")")
			}
			r.Misses = append(r.Misses, m)
		}
	}
	if r.Lookups > 0 {
		r.Top1, r.Top3 = float64(top1)/float64(r.Lookups), float64(top3)/float64(r.Lookups)
	}
	return r, nil
}

// shows reports whether fa is the figure want, as a lookup writes it: the
// figure's text, with or without the qualifier the figure carries in front
// ("about 76,000" is the figure "76,000"; set writers copy the number, and
// the qualifier is shown with it but not part of it).
func shows(fa bot.FigureAnswer, want string) bool {
	if fold(fa.Text) == fold(want) {
		return true
	}
	q := fa.Qualifier
	if q == "" || len(fa.Text) < len(q) || !strings.EqualFold(fa.Text[:len(q)], q) {
		return false
	}
	return fold(fa.Text[len(q):]) == fold(want)
}

// WriteLookupReport prints r for a person, with up to maxMisses misses.
func WriteLookupReport(w io.Writer, r LookupReport, maxMisses int) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "lookups          %d\n", r.Lookups)
	fmt.Fprintf(b, "right figure 1st %5.1f%%\n", 100*r.Top1)
	fmt.Fprintf(b, "in the top 3     %5.1f%%\n", 100*r.Top3)
	if len(r.Misses) > 0 {
		fmt.Fprintf(b, "\nnot first: %d\n", len(r.Misses))
		for _, m := range r.Misses[:min(maxMisses, len(r.Misses))] {
			where := "not listed"
			if m.Rank > 0 {
				where = fmt.Sprintf("ranked %d", m.Rank)
			}
			fmt.Fprintf(b, "- %s\n  expected: %s, %s\n  first:    %s\n", m.Topic, m.Expected, where, strings.Join(m.First, "; "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
