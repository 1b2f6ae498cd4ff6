package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus/split"
	"newsdesk/index"
)

// Searcher retrieves the passages that best match a query.
type Searcher interface {
	Search(ctx context.Context, q string, k int) ([]index.Hit, error)
}

// Library is what answering needs from the index: passages to search, the
// stored article text every quote is checked against, and key figures.
type Library interface {
	Searcher
	ArticleText(ctx context.Context, id string) (string, error)
	Figures(ctx context.Context, topic, kind string, k int) ([]index.FigureHit, error)
	Weights(ctx context.Context, terms []string) (map[string]float64, error)
}

// Defaults for Ask.
const (
	// minCoverage is the share of the question's search terms the best
	// passage must contain to be presented as the answer; below it the
	// passages are shown as related instead.
	minCoverage = 0.4
	relatedMax  = 3
	summarizeN  = 3 // passages given to the summarizer
	// minRetrieve is how many passages are re-ranked at least: ranking by
	// coverage lifts passages BM25 puts down the list. 15 instead of 10
	// found one more right passage of the 30 held-out BBC questions (so
	// did 20), changed nothing on SQuAD or SciFact, and costs a tenth more
	// time (20: a quarter).
	minRetrieve = 15
)

// Answerer answers questions from the index, extractively or, when a
// Summarizer is set, with a checked summary.
type Answerer struct {
	lib Library
	sum Summarizer // nil: extractive only
	log *slog.Logger
}

// NewAnswerer returns an Answerer over lib. sum may be nil (extractive
// answers only); log may be nil (no logs).
func NewAnswerer(lib Library, sum Summarizer, log *slog.Logger) *Answerer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Answerer{lib: lib, sum: sum, log: log}
}

type candidate struct {
	hit      index.Hit
	coverage float64 // weighted share of the question's terms the passage contains
	fits     bool    // holds the kind of figure asked for (see bestLevels)
	score    float64 // BM25 re-weighted by coverage and fit; rank orders by it, then chooses the lead (chooseLead)
}

// questionTerms are a question's search terms with their weights (inverse
// document frequency): a passage that holds the rare words of a question is
// about it; one that holds only "said" and "year" is not.
type questionTerms struct {
	terms  []string
	weight map[string]float64
	alt    map[string][]string // other forms of a term that count as it ("australia" for "australian")
	expect expectation         // what the answer looks like
}

// has reports whether terms holds t or its other form.
func (q questionTerms) has(terms []string, t string) bool {
	if slices.Contains(terms, t) {
		return true
	}
	for _, o := range q.alt[t] {
		if slices.Contains(terms, o) {
			return true
		}
	}
	return false
}

// weigh gives each term its weight. A word that is in no article ("money"
// when the articles say "support") weighs as much as an average known word
// of the question: it is probably the asker's phrasing, so it should count
// against a passage, but not outweigh the words the articles do use. known
// is false when no term of the question is in the articles at all.
func weigh(terms []string, idf map[string]float64) (q questionTerms, known bool) {
	var sum float64
	for _, t := range terms {
		sum += idf[t]
	}
	if len(idf) == 0 {
		return questionTerms{terms: terms, weight: map[string]float64{}}, false
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
	return questionTerms{terms: terms, weight: w}, true
}

// total is the weight of all the question's terms, 1 when they weigh
// nothing, so shares of it are always defined.
func (q questionTerms) total() float64 {
	var all float64
	for _, t := range q.terms {
		all += q.weight[t]
	}
	if all == 0 {
		return 1
	}
	return all
}

// shareBeyond is the share of the question's weight in the terms have
// holds and lack does not.
func (q questionTerms) shareBeyond(have, lack []string) float64 {
	var got float64
	for _, t := range q.terms {
		if q.has(have, t) && !q.has(lack, t) {
			got += q.weight[t]
		}
	}
	return got / q.total()
}

// coverage is the weighted share of the question's terms found in have;
// terms found only in the article's title count half.
func (q questionTerms) coverage(have, title []string) float64 {
	var got, all float64
	for _, t := range q.terms {
		w := q.weight[t]
		all += w
		switch {
		case q.has(have, t):
			got += w
		case q.has(title, t):
			got += w / 2
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// sentenceScore rates how well a sentence answers: the weights of the
// question's terms it holds, numbers counting three times, because a
// question that names a year or an amount is about that figure.
//
// A sentence that fits, holding what the question asks for (an amount for
// "how much", a name for "who"), gains as much as its best-weighted word
// would.
func (q questionTerms) sentenceScore(sentence string, fits bool) float64 {
	return q.termsScore(analyzer.Terms(sentence), fits)
}

// termsScore is sentenceScore of a sentence's terms st.
func (q questionTerms) termsScore(st []string, fits bool) float64 {
	var score, top float64
	for _, t := range q.terms {
		w := q.weight[t]
		top = max(top, w)
		if !q.has(st, t) {
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

// Ask answers question. It returns ErrEmptyQuestion, ErrNothingToSearch or
// ErrQuestionTooLong for questions it cannot take, an error for index failures (and ctx's error
// when ctx is done), and otherwise an Answer: Extractive or LLM with the
// cited passage first, or NoAnswer with the closest passages as Related.
// A summary that fails its checks is never returned; Ask falls back to the
// extractive answer and says why in Answer.Fallback.
func (a *Answerer) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	question = strings.TrimSpace(question)
	ans := Answer{Question: question, Mode: NoAnswer, Citations: []Citation{}, Related: []Citation{}}
	switch {
	case question == "":
		return ans, ErrEmptyQuestion
	case utf8.RuneCountInString(question) > MaxQuestion:
		return ans, ErrQuestionTooLong
	}
	search := followUp(opts.Previous, question)
	if len(analyzer.Terms(buildQuery(search))) == 0 {
		return ans, ErrNothingToSearch
	}
	hits, qt, known, err := a.retrieve(ctx, search, max(opts.K, minRetrieve))
	if err != nil {
		return ans, err
	}
	if search != question {
		// The completed follow-up has lost its question words ("when").
		qt.expect = expectFollowUp(opts.Previous, question)
	}
	if !known {
		ans.Answer = NoAnswerText // not one word of the question is in the articles
		for _, h := range hits[:min(len(hits), relatedMax)] {
			ans.Related = append(ans.Related, cite(h))
		}
		return ans, nil
	}
	cands := rank(hits, qt, wantsLatest(question))

	for i, c := range cands {
		if c.coverage < minCoverage {
			continue // a figure of the wanted kind can rank a passage that covers too little first
		}
		quote, ok, err := a.quote(ctx, c.hit, qt)
		if err != nil {
			return ans, err
		}
		if !ok {
			continue // the article changed under us (re-index); try the next passage
		}
		ans.Mode = Extractive
		ans.Answer = quote
		ans.Citations = []Citation{cite(c.hit)}
		for _, r := range cands[i+1:] {
			if len(ans.Related) == relatedMax || r.coverage < minCoverage {
				break
			}
			ans.Related = append(ans.Related, cite(r.hit))
		}
		if a.sum != nil && !opts.NoLLM {
			a.summarize(ctx, &ans, cands[i:])
		}
		return ans, nil
	}

	ans.Answer = NoAnswerText
	for _, c := range cands {
		if len(ans.Related) == relatedMax {
			break
		}
		ans.Related = append(ans.Related, cite(c.hit))
	}
	return ans, nil
}

// retrieve is the search half of Ask: it turns question into a query,
// searches for n passages and weighs the question's terms. known is false
// when the question has no search terms or none of them is in the articles.
func (a *Answerer) retrieve(ctx context.Context, question string, n int) ([]index.Hit, questionTerms, bool, error) {
	q := buildQuery(question)
	terms := uniq(analyzer.Terms(q))
	if len(terms) == 0 {
		return nil, questionTerms{}, false, nil
	}
	// A place and its adjective are one term: "Australian" also finds
	// "Australia", and either counts as the question's word. So are the
	// forms of an irregular verb, and a verb and its "-ition" noun. Forms
	// that are in no article are not searched for.
	alt := map[string][]string{}
	all := slices.Clone(terms)
	surface := map[string]string{} // a form's term → the word searched for it
	for _, t := range terms {
		forms := formsOf()[t]
		if w := nominalForm(t); w != "" {
			forms = append(slices.Clone(forms), w)
		}
		for _, other := range forms {
			if ot := analyzer.Terms(other); len(ot) == 1 && ot[0] != t && !slices.Contains(alt[t], ot[0]) {
				alt[t] = append(alt[t], ot[0])
				all = append(all, ot[0])
				surface[ot[0]] = other
			}
		}
	}
	w, err := a.lib.Weights(ctx, all)
	if err != nil {
		return nil, questionTerms{}, false, fmt.Errorf("weigh terms: %w", err)
	}
	search := q
	for _, t := range terms {
		alt[t] = slices.DeleteFunc(alt[t], func(o string) bool { _, ok := w[o]; return !ok })
		for _, o := range alt[t] {
			search += " " + surface[o]
		}
	}
	hits, err := a.lib.Search(ctx, search, n)
	if err != nil {
		return nil, questionTerms{}, false, fmt.Errorf("search: %w", err)
	}
	read := maps.Clone(w)     // the weights as read, so no word's form changes another's
	for _, t := range terms { // a word weighs as its best-known form
		for _, o := range alt[t] {
			if wo, ok := read[o]; ok {
				if wt, ok := w[t]; !ok || wo < wt {
					w[t] = wo
				}
			}
		}
	}
	for _, os := range alt {
		for _, o := range os {
			if !slices.Contains(terms, o) {
				delete(w, o)
			}
		}
	}
	qt, known := weigh(terms, w)
	qt.alt = alt
	qt.expect = expect(question)
	return hits, qt, known, nil
}

// rank orders hits by how much of the question they cover, then by score.
// A passage that holds more of the question's words is the better answer
// even when BM25 prefers a shorter passage that repeats one rare word.
// latest favours newer articles among passages that are about equally good.
// Last, the lead model chooses which passage of the answer's article comes
// first (chooseLead).
func rank(hits []index.Hit, q questionTerms, latest bool) []candidate {
	cands := make([]candidate, len(hits))
	levels := make([]int, len(hits))
	for i, h := range hits {
		levels[i] = q.expect.passageLevel(h)
	}
	fits := bestLevels(levels)
	best := 0.0
	for i, h := range hits {
		c := candidate{hit: h, coverage: q.coverage(h.Terms, h.TitleTerms), fits: fits[i]}
		// The fourth power makes coverage outweigh BM25's preference for short
		// passages: on SciFact's train split it lifted nDCG@10 from 0.669
		// (square) to 0.687 (see the eval results in the README).
		c.score = h.Score * math.Pow(0.1+c.coverage, 4)
		// A name fits most passages, so it says little about which article
		// answers; it only reorders an article's passages (chooseLead).
		if c.fits && len(q.expect.kinds) > 0 {
			c.score *= fitBoost
		}
		if summarySection(h.Passage.Section) {
			c.score *= summaryWeight
		}
		cands[i] = c
		best = max(best, c.score)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	if latest && len(cands) > 1 {
		// An article is on topic when one of its passages scores near the
		// best; its passages that cover enough of the question then sort by
		// date.
		onTopic := map[string]bool{}
		for _, c := range cands {
			if c.score >= latestShare*best && c.coverage >= minCoverage {
				onTopic[c.hit.Passage.ArticleID] = true
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			ci, cj := cands[i], cands[j]
			ni := onTopic[ci.hit.Passage.ArticleID] && ci.coverage >= minCoverage
			nj := onTopic[cj.hit.Passage.ArticleID] && cj.coverage >= minCoverage
			if ni != nj {
				return ni
			}
			if ni && !ci.hit.Published.Equal(cj.hit.Published) {
				return ci.hit.Published.After(cj.hit.Published)
			}
			return false
		})
	}
	chooseLead(cands, q)
	return cands
}

// latestShare: for a question about the latest figures, a passage scoring
// at least this share of the best one counts as on topic, and the newest of
// those wins. Newer reports often restate a story in fewer of the
// question's words ("arrears had risen to £4.1bn" against "1.4m households
// are behind on their energy payments"), so the bar is low.
const latestShare = 0.25

// fitBoost favours passages holding the kind of figure the question asks
// for. On the BBC question set 1.5 lifted hit@1 from 56% to 58%, 2.5 and 4
// to 60%; 4 also gave the best nDCG.
const fitBoost = 4

// summaryWeight discounts a passage from an article's own summary ("Story
// Highlights"): it restates the body in fewer words, so BM25 favours it,
// but the body passage it summarizes holds the detail worth quoting.
const summaryWeight = 0.4

// summarySection reports whether a section heading names a summary.
func summarySection(heading string) bool {
	h := strings.ToLower(heading)
	for _, w := range []string{"highlights", "key points", "at a glance", "summary", "in brief", "tl;dr"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// wantsLatest reports whether the question asks for the newest information.
func wantsLatest(question string) bool {
	q := " " + strings.Join(strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
	for _, w := range []string{"latest", "most recent", "newest", "currently", "current", "now", "recent", "recently", "so far", "to date"} {
		if strings.Contains(q, " "+w+" ") {
			return true
		}
	}
	return false
}

// quote picks the sentence of the passage that answers the question best
// (the quote model's choice, see quoteWeights), with its neighbour when
// that one scores nearly as well, and checks the
// quote is verbatim in the stored article. ok is false when it is not, which
// only happens when the article changed between search and quote.
func (a *Answerer) quote(ctx context.Context, h index.Hit, q questionTerms) (string, bool, error) {
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
	scores := make([]float64, len(sents)) // each sentence's sentenceScore
	feats := make([][]float64, len(sents))
	fits := q.expect.sentencesFit(sents)
	for i, s := range sents {
		st := analyzer.Terms(s)
		scores[i] = q.termsScore(st, fits[i])
		feats[i] = quoteInput(q, st, h.TitleTerms, fits[i], i)
	}
	best := 0 // a passage holding none of the question's words is quoted from its start
	if slices.Max(scores) > 0 {
		best = quoteWeights.argmax(feats)
	}
	// Quote the chosen sentence with its neighbour when that one's
	// sentenceScore is nearly as high: the model chooses the sentence, and
	// sentenceScore, the measure before it, decides the neighbour. When the
	// question asks for something (an amount, a name) the chosen sentence
	// lacks, add the first later sentence that has it: a news paragraph
	// restates the question first and answers it after.
	from, to := best, best
	extra := -1
	switch {
	case q.expect.wants() && !fits[best]:
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

func (a *Answerer) summarize(ctx context.Context, ans *Answer, cands []candidate) {
	var given []Citation
	for _, c := range cands {
		if len(given) == summarizeN || c.coverage < minCoverage {
			break
		}
		given = append(given, cite(c.hit))
	}
	s, err := a.sum.Summarize(ctx, ans.Question, given)
	if err != nil {
		ans.Fallback = "the summary was not shown: " + fallbackReason(err)
		a.log.Warn("summary dropped; answering extractively", "question", ans.Question, "err", err)
		return
	}
	text, cited := renumber(s.Text, s.Cited, given)
	ans.Mode = LLM
	ans.Answer = text
	ans.Model = s.Model
	ans.Citations = cited
	ans.Related = []Citation{}
}

// fallbackReason is the part of a summarizer error fit for a JSON field:
// the kind of failure, never the endpoint's own text.
func fallbackReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the model did not answer in time"
	}
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	return "the model's answer could not be used"
}

var markerRE = regexp.MustCompile(`\[(\d+)\]`)

// renumber keeps the passages a summary cites, in marker order, and rewrites
// the markers so [n] is the n-th citation of the answer.
func renumber(text string, cited []int, given []Citation) (string, []Citation) {
	used := slices.Clone(cited)
	slices.Sort(used)
	used = slices.Compact(used)
	newNum := map[int]int{}
	var out []Citation
	for _, m := range used {
		if m >= 1 && m <= len(given) {
			out = append(out, given[m-1])
			newNum[m] = len(out)
		}
	}
	text = markerRE.ReplaceAllStringFunc(text, func(s string) string {
		m, _ := strconv.Atoi(s[1 : len(s)-1])
		if n, ok := newNum[m]; ok {
			return "[" + strconv.Itoa(n) + "]"
		}
		return s
	})
	return text, out
}

func cite(h index.Hit) Citation {
	c := Citation{
		ArticleID: h.Passage.ArticleID, Title: h.Title, Source: h.Source, URL: h.URL,
		PassageID: h.Passage.ID, Locator: h.Passage.Locator, Text: h.Passage.Text, Score: h.Score,
	}
	if !h.Published.IsZero() {
		c.Published = h.Published.Format("2006-01-02")
	}
	return c
}

func uniq(terms []string) []string {
	seen := map[string]bool{}
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
