package answer

import (
	"context"
	"log/slog"
	"sync"

	"newsdesk/bot"
	"newsdesk/bot/rank"
	"newsdesk/index"
)

// Searcher retrieves the passages that best match a query.
type Searcher interface {
	Search(ctx context.Context, q string, k int) ([]index.Hit, error)
}

// Library is what answering needs from the index: passages to search, the
// stored article text every quote is checked against, key figures, the
// terms' weights, and the analyzer that turns text into search terms as the
// index does.
type Library interface {
	Searcher
	ArticleText(ctx context.Context, id string) (string, error)
	Figures(ctx context.Context, topic, kind string, k int) ([]index.FigureHit, error)
	Weights(ctx context.Context, terms []string) (map[string]float64, error)
	Terms(text string) []string
}

// Defaults for Ask.
const (
	relatedMax = 3
	summarizeN = 3 // passages given to the summarizer
	// minRetrieve is how many passages are re-ranked at least: ranking by
	// coverage lifts passages BM25 puts down the list. 15 instead of 10
	// found one more right passage of the 30 held-out BBC questions (so
	// did 20), changed nothing on SQuAD or SciFact, and costs a tenth more
	// time (20: a quarter).
	minRetrieve = 15
)

// Answerer answers questions from the index, extractively or, when a
// Summarizer is set, with a checked summary. It is safe for concurrent use.
type Answerer struct {
	lib   Library
	sum   bot.Summarizer // nil: extractive only
	log   *slog.Logger
	rank  rank.Pipeline
	forms func() map[string][]string // formsOf the library's analyzer, built on first use
}

// New returns an Answerer over lib that ranks with rank.Default. sum may be
// nil (extractive answers only); log may be nil (no logs).
func New(lib Library, sum bot.Summarizer, log *slog.Logger) *Answerer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Answerer{
		lib: lib, sum: sum, log: log, rank: rank.Default(),
		forms: sync.OnceValue(func() map[string][]string { return formsOf(lib.Terms) }),
	}
}

// Summarizes reports whether the Answerer has a Summarizer.
func (a *Answerer) Summarizes() bool { return a.sum != nil }
