package bot

import (
	"context"

	"newsdesk/index"
)

// Mode says how an answer was produced.
type Mode string

// The answer modes reported by Ask.
const (
	Extractive Mode = "extractive" // quoted sentences from the best passage
	LLM        Mode = "llm"        // a summary that passed the grounding checks
	NoAnswer   Mode = "none"       // nothing relevant; Related holds the closest passages
)

// Citation is a passage an answer rests on, verbatim from the index.
type Citation struct {
	ArticleID string  `json:"article_id"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	PassageID string  `json:"passage_id"`
	Locator   string  `json:"locator"`
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
	Published string  `json:"published,omitempty"` // YYYY-MM-DD when known
}

// Answer is newsdesk's reply to a question.
type Answer struct {
	Question  string     `json:"question"`
	Mode      Mode       `json:"mode"`
	Answer    string     `json:"answer"`                    // the quoted sentence(s), or the checked summary with [n] markers
	Model     string     `json:"model,omitempty"`           // the model that wrote a summary (llm mode)
	Citations []Citation `json:"citations"`                 // Citations[0] is the passage the answer came from
	Related   []Citation `json:"related"`                   // closest passages when Mode is NoAnswer; may be empty otherwise
	Fallback  string     `json:"fallback_reason,omitempty"` // why a summary was not used (llm configured but dropped)
}

// Searcher retrieves the passages that best match a query.
type Searcher interface {
	Search(ctx context.Context, q string, k int) ([]index.Hit, error)
}

// Summarizer writes a short answer in its own words from passages. Any error
// means the summary is not shown: the caller falls back to the extractive
// answer and logs the error.
type Summarizer interface {
	Summarize(ctx context.Context, question string, passages []Citation) (Summary, error)
}

// Summary is a model-written answer that passed the grounding checks.
type Summary struct {
	Text  string // the checked answer, with [n] markers, n 1-based into the passages given
	Cited []int  // 1-based markers used, in order of first appearance, deduplicated
	Model string // the model that wrote it
}

// AskOptions tune one question.
type AskOptions struct {
	K        int    // passages to retrieve; 0 means the default
	NoLLM    bool   // answer extractively even when a Summarizer is configured
	Previous string // the earlier question of the thread, used to complete a short follow-up
}
