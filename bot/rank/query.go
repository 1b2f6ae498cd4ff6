package rank

import (
	"slices"
	"strconv"

	"newsdesk/index"
)

// Query is a question as the stages read it: its search terms with their
// weights (inverse document frequency), so a passage that holds the rare
// words of a question is about it and one that holds only "said" and "year"
// is not; what the answer looks like; and the index's analyzer, to read a
// passage's sentences as the index does.
type Query struct {
	Question string                     // the question as asked
	Terms    []string                   // its search terms, each once
	Weight   map[string]float64         // each term's weight
	Alt      map[string][]string        // other forms of a term that count as it ("australia" for "australian")
	Expect   Expectation                // what the answer looks like; must not be nil
	Analyze  func(text string) []string // the index's analyzer (answer.Library.Terms); must not be nil
	// Semantic is true when retrieval was hybrid: every candidate's
	// Hit.Similarity is the question's similarity to it.
	Semantic bool
}

// Expectation is the kind of answer a question asks for ("how much": an
// amount, "who": a name), as the stages use it.
type Expectation interface {
	// AsksFigure reports whether a kind of figure is asked for.
	AsksFigure() bool
	// PassagesFit reports for each hit whether it holds what is asked for.
	PassagesFit(hits []index.Hit) []bool
	// SentencesFit reports the same for each of a passage's sentences.
	SentencesFit(sents []string) []bool
}

// Weigh gives each term its weight from idf. A word that is in no article
// ("money" when the articles say "support") weighs as much as an average
// known word of the question: it is probably the asker's phrasing, so it
// should count against a passage, but not outweigh the words the articles
// do use. known is false when no term of the question is in the articles at
// all.
func Weigh(terms []string, idf map[string]float64) (q Query, known bool) {
	var sum float64
	for _, t := range terms {
		sum += idf[t]
	}
	if len(idf) == 0 {
		return Query{Terms: terms, Weight: map[string]float64{}}, false
	}
	mean := sum / float64(len(idf))
	w := make(map[string]float64, len(terms))
	for _, t := range terms {
		if v, ok := idf[t]; ok {
			w[t] = v
		} else {
			w[t] = mean
		}
	}
	return Query{Terms: terms, Weight: w}, true
}

// Has reports whether terms holds t or its other form.
func (q *Query) Has(terms []string, t string) bool {
	if slices.Contains(terms, t) {
		return true
	}
	for _, o := range q.Alt[t] {
		if slices.Contains(terms, o) {
			return true
		}
	}
	return false
}

// Total is the weight of all the question's terms, 1 when they weigh
// nothing, so shares of it are always defined.
func (q *Query) Total() float64 {
	var all float64
	for _, t := range q.Terms {
		all += q.Weight[t]
	}
	if all == 0 {
		return 1
	}
	return all
}

// ShareBeyond is the share of the question's weight in the terms have
// holds and lack does not.
func (q *Query) ShareBeyond(have, lack []string) float64 {
	var got float64
	for _, t := range q.Terms {
		if q.Has(have, t) && !q.Has(lack, t) {
			got += q.Weight[t]
		}
	}
	return got / q.Total()
}

// Coverage is the weighted share of the question's terms found in have;
// terms found only in the article's title count half.
func (q *Query) Coverage(have, title []string) float64 {
	var got, all float64
	for _, t := range q.Terms {
		w := q.Weight[t]
		all += w
		switch {
		case q.Has(have, t):
			got += w
		case q.Has(title, t):
			got += w / 2
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// SentenceScore rates how well a sentence answers: the weights of the
// question's terms it holds, numbers counting three times, because a
// question that names a year or an amount is about that figure.
//
// A sentence that fits, holding what the question asks for (an amount for
// "how much", a name for "who"), gains as much as its best-weighted word
// would.
func (q *Query) SentenceScore(sentence string, fits bool) float64 {
	return q.TermsScore(q.Analyze(sentence), fits)
}

// TermsScore is SentenceScore of a sentence's terms st.
func (q *Query) TermsScore(st []string, fits bool) float64 {
	var score, top float64
	for _, t := range q.Terms {
		w := q.Weight[t]
		top = max(top, w)
		if !q.Has(st, t) {
			continue
		}
		if _, err := strconv.ParseFloat(t, 64); err == nil {
			w *= 3
		}
		score += w
	}
	if score > 0 && fits {
		score += top
	}
	return score
}
