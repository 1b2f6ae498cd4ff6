package answer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/bot/rank"
	"newsdesk/index"
)

// maxArticlePassages bounds the passages of one article a follow-up is
// ranked over.
const maxArticlePassages = 400

// passageReader is a Library that reads passages by ID (index.Store does).
type passageReader interface {
	Passages(ctx context.Context, ids []string, q string) ([]index.Hit, error)
}

// followUpScope tells how to answer a follow-up in a thread about article:
// inside the article, on the follow-up's own words (the thread only fills
// in what they leave out), or, when the follow-up names something the
// article never mentions, as a question of its own.
type followUpScope int

const (
	scopeArticle   followUpScope = iota // answer from the thread's article
	scopeOwn                            // a new subject: answer as a question on its own
	scopeCompleted                      // no article to stay in: complete the follow-up with the thread's question
)

// scope decides how question, a follow-up of a thread about article, is
// answered.
func (a *Answerer) scope(ctx context.Context, question, article string) (followUpScope, error) {
	if article == "" {
		return scopeCompleted, nil
	}
	if _, ok := a.lib.(passageReader); !ok {
		return scopeCompleted, nil
	}
	if len(a.lib.Terms(SearchText(question))) == 0 {
		return scopeArticle, nil // "why?", "and when?": about the article
	}
	// A new subject is named: the capitalised words after the first, or
	// every word after "what about", "how about".
	var own []string
	switching := hasPrefix(question, "what about", "how about", "and what about", "and how about")
	for i, w := range strings.Fields(SearchText(question)) {
		if r, _ := utf8.DecodeRuneInString(w); switching || unicode.IsUpper(r) && (i > 0 || !startsQuestion(question, w)) {
			own = append(own, a.lib.Terms(w)...)
		}
	}
	if len(own) == 0 {
		return scopeArticle, nil
	}
	text, err := a.lib.ArticleText(ctx, article)
	if err != nil {
		return scopeCompleted, nil // gone since (re-indexed): no article to stay in
	}
	in := map[string]bool{}
	for _, t := range a.lib.Terms(text) {
		in[t] = true
	}
	w, err := a.lib.Weights(ctx, own)
	if err != nil {
		return 0, fmt.Errorf("weigh terms: %w", err)
	}
	for _, t := range own {
		if _, indexed := w[t]; indexed && !in[t] && !isNumber(t) {
			return scopeOwn, nil // a word the article never uses, that others do: a new subject
		}
	}
	return scopeArticle, nil
}

// hasPrefix reports whether question starts with one of prefixes, ignoring
// case.
func hasPrefix(question string, prefixes ...string) bool {
	lower := strings.ToLower(strings.TrimSpace(question))
	for _, p := range prefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// startsQuestion reports whether w is the first word of question, where a
// capital says nothing.
func startsQuestion(question, w string) bool {
	f := strings.Fields(question)
	return len(f) > 0 && strings.Trim(f[0], "¿¡\"'“(") == w
}

func isNumber(t string) bool {
	_, err := strconv.ParseFloat(t, 64)
	return err == nil
}

// articleCandidates ranks the passages of article for a follow-up: on the
// follow-up's own words when it has any, else on the completed text, with
// what the follow-up asks for (or the thread's question, when it asks for
// nothing recognisable) as the expectation.
func (a *Answerer) articleCandidates(ctx context.Context, question, previous, article string) ([]rank.Candidate, *rank.Query, expectation, error) {
	search := SearchText(question)
	if len(a.lib.Terms(search)) == 0 {
		search = followUp(previous, question)
	}
	_, q, known, err := a.retrieve(ctx, search, 0)
	if err != nil || !known {
		return nil, nil, expectation{}, err
	}
	ids := make([]string, maxArticlePassages)
	for i := range ids {
		ids[i] = article + "#" + strconv.Itoa(i+1)
	}
	hits, err := a.lib.(passageReader).Passages(ctx, ids, SearchText(search))
	if err != nil {
		return nil, nil, expectation{}, fmt.Errorf("read the thread's article: %w", err)
	}
	e := expectFollowUp(previous, question, a.lib.Terms)
	q.Question, q.Expect = question, e
	cands := rank.Candidates(hits)
	if err := a.rank.Rank(ctx, q, cands); err != nil {
		return nil, nil, expectation{}, fmt.Errorf("rank: %w", err)
	}
	return cands, q, e, nil
}

// answerInArticle answers a follow-up from the thread's article. ok is
// false when no passage of it holds a word of the follow-up, or none holds
// what the follow-up asks for (see requirement): the caller answers it as
// the bot answers any question. Inside the thread's article
// one word is enough (the article is already the topic), where a question
// on its own needs rank.MinCoverage.
func (a *Answerer) answerInArticle(ctx context.Context, ans bot.Answer, question string, opts bot.AskOptions) (bot.Answer, bool, error) {
	cands, q, e, err := a.articleCandidates(ctx, question, opts.Previous, opts.Article)
	if err != nil || q == nil {
		return ans, false, err
	}
	for i, c := range cands {
		if c.Coverage <= 0 {
			continue
		}
		quote, article, ok, err := a.quote(ctx, c.Hit, q, e)
		if err != nil {
			return ans, false, err
		}
		if !ok || !e.need.holds(quote, c.Hit.Title+"\n"+article, a.lib.Terms) {
			continue
		}
		ans.Mode, ans.Answer, ans.Citations = bot.Extractive, quote, []bot.Citation{cite(c.Hit)}
		for _, r := range cands[i+1:] {
			if len(ans.Related) == relatedMax || r.Coverage <= 0 {
				break
			}
			ans.Related = append(ans.Related, cite(r.Hit))
		}
		if a.sum != nil && !opts.NoLLM {
			a.summarize(ctx, &ans, cands[i:])
		}
		return ans, true, nil
	}
	return ans, false, nil
}
