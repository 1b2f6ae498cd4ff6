package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"newsdesk/bot/rank"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

// quote picks the sentence of the passage that answers the question best
// (the quote model's choice, see rank.QuoteSentence), with its neighbour
// when that one scores nearly as well, and checks the quote is verbatim in
// the stored article. ok is false when it is not, which only happens when
// the article changed between search and quote.
func (a *Answerer) quote(ctx context.Context, h index.Hit, q *rank.Query, e expectation) (string, bool, error) {
	text, err := a.lib.ArticleText(ctx, h.Passage.ArticleID)
	if errors.Is(err, index.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("verify quote: %w", err)
	}
	if !strings.Contains(text, h.Passage.Text) {
		return "", false, nil
	}
	sents := split.Sentences(h.Passage.Text)
	if len(sents) == 0 {
		return "", false, nil
	}
	fits := e.quoteFit(sents)
	best, scores := rank.QuoteSentence(q, sents, h.TitleTerms, fits)
	// Quote the chosen sentence with its neighbour when that one's
	// SentenceScore is nearly as high: the model chooses the sentence, and
	// SentenceScore, the measure before it, decides the neighbour. When the
	// question asks for something (an amount, a name) the chosen sentence
	// lacks, add the first later sentence that has it: a news paragraph
	// restates the question first and answers it after.
	from, to := best, best
	extra := -1
	switch {
	case e.wants() && !fits[best]:
		for i := best + 1; i < len(sents); i++ {
			if fits[i] {
				extra = i
				break
			}
		}
		if extra == best+1 {
			to, extra = extra, -1
		}
	case best+1 < len(sents) && scores[best+1] >= 0.6*scores[best] && scores[best+1] > 0:
		to = best + 1
	case best > 0 && scores[best-1] >= 0.6*scores[best] && scores[best-1] > 0:
		from = best - 1
	}
	quote := span(h.Passage.Text, sents, from, to)
	if extra >= 0 {
		quote += " … " + strings.TrimSpace(sents[extra])
	}
	for _, part := range strings.Split(quote, " … ") {
		if !strings.Contains(text, part) {
			return "", false, nil
		}
	}
	return quote, true, nil
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
