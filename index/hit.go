package index

import (
	"time"

	"newsdesk/corpus"

	"newsdesk/corpus/figures"
)

// Hit is one passage returned by Search, with the metadata needed to cite it.
type Hit struct {
	Passage   corpus.Passage
	Title     string
	Source    string
	URL       string
	Published time.Time // zero when unknown
	Score     float64
	// Similarity is the cosine of the question's and the passage's
	// embedding vectors when retrieval was hybrid (see Semantic); 0
	// otherwise.
	Similarity float64
	Terms      []string // the analyzed query terms found in the passage's text or section heading (Search only)
	// TitleTerms are the query terms found in the article's title. They say
	// the article is on topic, not that this passage holds the answer.
	TitleTerms []string
	// Figures are the key figures the passage holds, without their
	// Sentence, so a question asking "how much" can prefer a passage with
	// an amount, and "how many films" one that counts films.
	Figures []figures.Figure
}

// FigureHit is one key figure returned by Figures, with the passage it came
// from so it can be cited like any answer.
type FigureHit struct {
	Figure figures.Figure
	Hit    Hit
}

// ArticleInfo describes an indexed article, for listings such as the digest.
type ArticleInfo struct {
	ID           string
	Title        string
	Source       string
	URL          string
	Published    time.Time // zero when unknown
	FirstIndexed time.Time // when this article ID was first indexed
	Updated      time.Time // when its content last changed
}

// Stats is what Update did.
type Stats struct {
	Added     int
	Updated   int
	Removed   int
	Unchanged int
	Passages  int  // passages written
	Figures   int  // figures written
	Rebuilt   bool // the index was rebuilt from scratch (new, stale format, or damaged)
}
