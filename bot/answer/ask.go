package answer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/bot/rank"
)

// Ask answers question. It returns bot.ErrEmptyQuestion,
// bot.ErrNothingToSearch or bot.ErrQuestionTooLong for questions it cannot
// take, an error for index failures (and ctx's error when ctx is done), and
// otherwise an Answer: Extractive or LLM with the cited passage first, or
// NoAnswer with the closest passages as Related. A summary that fails its
// checks is never returned; Ask falls back to the extractive answer and says
// why in Answer.Fallback.
func (a *Answerer) Ask(ctx context.Context, question string, opts bot.AskOptions) (bot.Answer, error) {
	question = strings.TrimSpace(question)
	ans := bot.Answer{Question: question, Mode: bot.NoAnswer, Retrieval: bot.Lexical, Citations: []bot.Citation{}, Related: []bot.Citation{}}
	switch {
	case question == "":
		return ans, bot.ErrEmptyQuestion
	case utf8.RuneCountInString(question) > bot.MaxQuestion:
		return ans, bot.ErrQuestionTooLong
	}
	search := question
	if opts.Previous != "" {
		scope, err := a.scope(ctx, question, opts.Article)
		if err != nil {
			return ans, err
		}
		switch scope {
		case scopeArticle:
			if in, ok, err := a.answerInArticle(ctx, ans, question, opts); ok || err != nil {
				return in, err
			}
			search = followUp(opts.Previous, question)
		case scopeCompleted:
			search = followUp(opts.Previous, question)
		}
		// scopeOwn: it names its own subject and is searched on its words;
		// what it asks for may still come from the thread ("what about the
		// bus?" after a fare).
	}
	if len(a.lib.Terms(SearchText(search))) == 0 {
		return ans, bot.ErrNothingToSearch
	}
	hits, q, known, err := a.retrieve(ctx, search, max(opts.K, minRetrieve))
	if err != nil {
		return ans, err
	}
	ans.Retrieval = bot.Lexical
	if q != nil && q.Semantic {
		ans.Retrieval = bot.Hybrid
	}
	if !known {
		ans.Answer = bot.NoAnswerText // not one word of the question is in the articles
		for _, h := range hits[:min(len(hits), relatedMax)] {
			ans.Related = append(ans.Related, cite(h))
		}
		return ans, nil
	}
	e := expect(search, a.lib.Terms)
	if opts.Previous != "" {
		// A follow-up asks for what it says, or else what the thread asked.
		e = expectFollowUp(opts.Previous, question, a.lib.Terms)
	}
	q.Question, q.Expect = question, e
	cands := rank.Candidates(hits)
	if err := a.rank.Rank(ctx, q, cands); err != nil {
		return ans, fmt.Errorf("rank: %w", err)
	}

	first := -1.0 // the coverage of the first passage that covers enough
	for i, c := range cands {
		if c.Coverage < rank.MinCoverage {
			continue // a figure of the wanted kind can rank a passage that covers too little first
		}
		if first >= 0 && c.Coverage < first {
			// Further down, a passage that covers less of the question
			// than the first is no answer to it: when the first lacks what
			// is asked, the best a lower one does is hold some other
			// article's figure of the same kind.
			continue
		}
		quote, article, ok, err := a.quote(ctx, c.Hit, q, e)
		if err != nil {
			return ans, err
		}
		if !ok {
			continue // the article changed under us (re-index); try the next passage
		}
		if first < 0 {
			first = c.Coverage
		}
		if !e.need.holds(quote, c.Hit.Title+"\n"+article, a.lib.Terms) {
			continue // it lacks what is asked for, or the article a name or year the question gives
		}
		ans.Mode = bot.Extractive
		ans.Answer = quote
		ans.Citations = []bot.Citation{cite(c.Hit)}
		for _, r := range cands[i+1:] {
			if len(ans.Related) == relatedMax || r.Coverage < rank.MinCoverage {
				break
			}
			ans.Related = append(ans.Related, cite(r.Hit))
		}
		if a.sum != nil && !opts.NoLLM {
			a.summarize(ctx, &ans, cands[i:])
		}
		return ans, nil
	}

	ans.Answer = bot.NoAnswerText
	for _, c := range cands {
		if len(ans.Related) == relatedMax {
			break
		}
		ans.Related = append(ans.Related, cite(c.Hit))
	}
	return ans, nil
}

// Rank is the retrieval and ranking of Ask for a question asked on its own
// (not as a follow-up): the question as the ranking read it, and the
// candidates best first, n passages deep (fewer than Ask's minimum, and 0,
// mean that minimum). Both are nil when no word of the question is in the
// articles. It returns the index's error, or the ranking's.
func (a *Answerer) Rank(ctx context.Context, question string, n int) (*rank.Query, []rank.Candidate, error) {
	question = strings.TrimSpace(question)
	hits, q, known, err := a.retrieve(ctx, question, max(n, minRetrieve))
	if err != nil || !known {
		return nil, nil, err
	}
	q.Question, q.Expect = question, expect(question, a.lib.Terms)
	cands := rank.Candidates(hits)
	if err := a.rank.Rank(ctx, q, cands); err != nil {
		return nil, nil, fmt.Errorf("rank: %w", err)
	}
	return q, cands, nil
}
