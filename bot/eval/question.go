package eval

import (
	"newsdesk/bot"
	"newsdesk/corpus"
	"slices"
	"strings"
)

// Question is one question of an evaluation set and what a right answer
// looks like. A passage is right when it contains one of Answers (compared
// case-insensitively, spaces folded) and belongs to one of Articles; an empty
// list puts no condition on its side.
type Question struct {
	Question string   `json:"question"`
	Articles []string `json:"articles,omitempty"` // relevant article IDs
	Answers  []string `json:"answers,omitempty"`  // texts a right passage contains
	// Absent marks a question the articles do not answer (Articles are
	// then the ones on its topic): the right reply is "I couldn't find
	// this in the articles", and any answer is a confident wrong one.
	Absent bool `json:"absent,omitempty"`
}

// Thread is a conversation of two turns or more: each turn after the first
// is asked as a follow-up in the thread the first one started.
type Thread struct {
	Turns []Question `json:"turns"`
}

// Lookup is one /figures lookup: the topic as a user types it, and the
// figure that should come first.
type Lookup struct {
	Topic    string   `json:"topic"`
	Articles []string `json:"articles,omitempty"` // articles the figure may come from
	Figure   string   `json:"figure"`             // its text as the article writes it
}

// Set is a list of questions and, for the benchmarks that bring their
// own documents (BEIR, SQuAD), the articles to index.
type Set struct {
	Name      string           // short name for the data folder: "scifact", "squad", or the file's base name
	Kind      string           // "qa", "threads", "figures", "beir" or "squad"
	Questions []Question       // for qa, beir and squad
	Threads   []Thread         // for threads
	Lookups   []Lookup         // for figures
	Articles  []corpus.Article // the set's own corpus; nil when the questions are about the configured corpus
}

// Right reports whether passage c answers q: it holds an expected answer
// text and belongs to an expected article (an empty list asks nothing).
func (q Question) Right(c bot.Citation) bool {
	if len(q.Articles) > 0 && !slices.Contains(q.Articles, c.ArticleID) {
		return false
	}
	return len(q.Answers) == 0 || containsAny(c.Text, q.Answers)
}

// HasAnswer reports whether text holds one of q's answers, ignoring case and
// runs of white space.
func (q Question) HasAnswer(text string) bool { return containsAny(text, q.Answers) }

// containsAny reports whether text contains one of wants, ignoring case
// and runs of white space.
func containsAny(text string, wants []string) bool {
	t := fold(text)
	for _, w := range wants {
		if w = fold(w); w != "" && strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// fold is s lower-cased, with runs of white space as one space.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
