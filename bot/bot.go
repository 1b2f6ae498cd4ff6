package bot

import (
	"context"
	"errors"
	"fmt"

	"newsdesk/bot/grounding"
	"newsdesk/corpus/figures"
)

// Mode says how an answer was produced.
type Mode string

// The answer modes reported by Ask.
const (
	Extractive Mode = "extractive" // quoted sentences from the best passage
	LLM        Mode = "llm"        // a summary that passed the grounding checks
	NoAnswer   Mode = "none"       // nothing relevant; Related holds the closest passages
)

// Retrieval says how the passages of an answer were found.
type Retrieval string

// The retrievals reported in an Answer.
const (
	Lexical Retrieval = "lexical" // BM25 over the passages' words
	Hybrid  Retrieval = "hybrid"  // BM25 and the passages nearest in meaning, by an embedding model
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
	Retrieval Retrieval  `json:"retrieval"`
	Answer    string     `json:"answer"`                    // the quoted sentence(s), or the checked summary with [n] markers
	Model     string     `json:"model,omitempty"`           // the model that wrote a summary (llm mode)
	Citations []Citation `json:"citations"`                 // Citations[0] is the passage the answer came from
	Related   []Citation `json:"related"`                   // closest passages when Mode is NoAnswer; may be empty otherwise
	Fallback  string     `json:"fallback_reason,omitempty"` // why a summary was not used (llm configured but dropped)
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
	K        int    // passages to retrieve and rank; fewer than minRetrieve (and 0) mean minRetrieve
	NoLLM    bool   // answer extractively even when a Summarizer is configured
	Previous string // the earlier question of the thread, used to resolve what a follow-up leaves out
	// Article is the article the thread's first answer cited: a follow-up
	// that names no new subject is answered from it.
	Article string
}

// Errors Ask returns for questions it cannot take. They are the asker's
// mistakes; their text is fit to show.
var (
	ErrEmptyQuestion   = errors.New("the question is empty; ask something like \"How much support did allies provide Ukraine in 2024?\"")
	ErrQuestionTooLong = fmt.Errorf("the question is longer than %d characters; shorten it to the part you want answered", MaxQuestion)
	// ErrNothingToSearch is returned for a question with no word to search
	// for: only question words, stop words or punctuation ("What is it?").
	// It matches ErrEmptyQuestion, so every caller treats it as the asker's
	// mistake and shows its text.
	ErrNothingToSearch error = nothingToSearch{}
)

type nothingToSearch struct{}

func (nothingToSearch) Error() string {
	return "the question has no word to search for; name who or what you are asking about, as in \"How much support did allies provide Ukraine in 2024?\""
}

func (nothingToSearch) Is(target error) bool { return target == ErrEmptyQuestion }

// NoAnswerText is what an answer says when nothing in the articles answers.
const NoAnswerText = "I couldn't find this in the articles."

// MaxQuestion is the longest question accepted, in characters.
const MaxQuestion = 2000

// FigureAnswer is one key figure with the passage it came from.
type FigureAnswer struct {
	Text      string       `json:"text"`
	Kind      figures.Kind `json:"kind"`
	Value     float64      `json:"value"`
	Unit      string       `json:"unit"`
	Qualifier string       `json:"qualifier"`
	Subject   string       `json:"subject"`
	Period    string       `json:"period"`
	Sentence  string       `json:"sentence"`
	Start     int          `json:"start"` // byte offsets of Text in the passage (or the input line)
	End       int          `json:"end"`
	Citation  Citation     `json:"citation,omitzero"` // none for text read by ExtractLines
}

// FigureList is the reply to a figures lookup.
type FigureList struct {
	Topic   string         `json:"topic"`
	Figures []FigureAnswer `json:"figures"`
}

// ErrUnknownKind is returned by Figures for a kind it does not know.
var ErrUnknownKind = errors.New("unknown figure kind")

// ErrUngrounded reports that a model's answer failed a grounding check.
// Errors returned by Summarize for this cause are *grounding.Error values
// that match it with errors.Is. It is grounding.ErrUngrounded.
var ErrUngrounded = grounding.ErrUngrounded

// ErrLLMUnavailable reports that the endpoint gave no usable answer: a
// timeout, a network failure, an HTTP error status or a malformed response.
// Errors returned by Summarize for these causes are *llm.EndpointError
// values that match it with errors.Is.
var ErrLLMUnavailable = errors.New("llm endpoint unavailable")
