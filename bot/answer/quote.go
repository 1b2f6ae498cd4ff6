package answer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"newsdesk/bot/rank"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

// quote picks the sentence of the passage that answers the question best
// (the quote model's choice, see rank.QuoteSentence), with its neighbour
// when that one scores nearly as well, and checks the quote is verbatim in
// the stored article. ok is false when it is not, which only happens when
// the article changed between search and quote. article is the stored
// text of the passage's article.
func (a *Answerer) quote(ctx context.Context, h index.Hit, q *rank.Query, e expectation) (quote, article string, ok bool, _ error) {
	text, err := a.lib.ArticleText(ctx, h.Passage.ArticleID)
	if errors.Is(err, index.ErrNotFound) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("verify quote: %w", err)
	}
	if !strings.Contains(text, h.Passage.Text) {
		return "", "", false, nil
	}
	sents := split.Sentences(h.Passage.Text)
	if len(sents) == 0 {
		return "", "", false, nil
	}
	fits := e.quoteFit(sents)
	best, scores := rank.QuoteSentence(q, sents, h.TitleTerms, fits)
	// Quote the chosen sentence with its neighbour when that one's
	// SentenceScore is nearly as high: the model chooses the sentence, and
	// SentenceScore, the measure before it, decides the neighbour. When the
	// question asks for something (an amount, a name) the chosen sentence
	// lacks, add the first later sentence that has it: a news paragraph
	// restates the question first and answers it after. When no later one
	// has it, add the nearest one before.
	from, to := best, best
	extra, before := -1, -1 // a sentence that fits, quoted after or before the span
	lacking := (e.wants() || len(e.need.kinds) > 0) && !fits[best]
	if lacking {
		fits = e.needFits(sents, fits)
		lacking = !fits[best]
	}
	switch {
	case lacking:
		for i := best + 1; i < len(sents); i++ {
			if fits[i] {
				extra = i
				break
			}
		}
		if extra == best+1 {
			to, extra = extra, -1
		}
		if extra < 0 && to == best { // none later: the nearest one before it
			for i := best - 1; i >= 0; i-- {
				if fits[i] {
					before = i
					break
				}
			}
			if before >= 0 && before == best-1 {
				from, before = before, -1
			}
		}
	case best+1 < len(sents) && scores[best+1] >= 0.6*scores[best] && scores[best+1] > 0:
		to = best + 1
	case best > 0 && scores[best-1] >= 0.6*scores[best] && scores[best-1] > 0:
		from = best - 1
	}
	quote = span(h.Passage.Text, sents, from, to)
	if extra >= 0 {
		quote += " … " + strings.TrimSpace(sents[extra])
	}
	if before >= 0 {
		quote = strings.TrimSpace(sents[before]) + " … " + quote
	}
	for _, part := range strings.Split(quote, " … ") {
		if !strings.Contains(text, part) {
			return "", "", false, nil
		}
	}
	return quote, text, true, nil
}

// needFits is fits, the sentences that hold what the ranking asks for,
// or when none does, the sentences that hold what an answer must (e.need):
// a number the extraction leaves out may still answer (see figureIn).
func (e expectation) needFits(sents []string, fits []bool) []bool {
	if len(e.need.kinds) == 0 || slices.Contains(fits, true) {
		return fits
	}
	out := make([]bool, len(sents))
	for i, s := range sents {
		out[i] = e.need.figureIn(s, e.terms)
	}
	return out
}

// span returns the text of passage from sentence from to sentence to, as
// it stands in the passage (sentences are verbatim substrings, in order).
func span(passage string, sents []string, from, to int) string {
	i := strings.Index(passage, sents[from])
	if i < 0 {
		return strings.TrimSpace(sents[from])
	}
	j := strings.Index(passage[i:], sents[to])
	if j < 0 {
		return strings.TrimSpace(sents[from])
	}
	return strings.TrimSpace(passage[i : i+j+len(sents[to])])
}
