package answer

import (
	"strings"
	"unicode"
)

// questionWords are the words that make a sentence a question but say
// nothing about what is asked. Stop words ("the", "did") are dropped by the
// index's analyzer too; these are the ones it keeps.
var questionWords = map[string]bool{
	"how": true, "what": true, "which": true, "who": true, "whom": true, "whose": true,
	"when": true, "where": true, "why": true, "much": true, "many": true, "did": true,
	"does": true, "do": true, "is": true, "are": true, "was": true, "were": true,
	"tell": true, "me": true, "us": true, "please": true, "can": true, "could": true,
	"would": true, "should": true, "you": true, "know": true, "anything": true,
	"about": true, "any": true, "there": true, "happened": true, "happen": true,
	"say": true, "says": true, "said": true, "according": true, "article": true,
	"articles": true, "news": true, "story": true, "stories": true, "piece": true,
	"kind": true, "sort": true, "type": true,
	"latest": true, "recent": true, "recently": true, "newest": true, "current": true,
	"currently": true, "now": true, "today": true, "so": true, "far": true,
	// Common stop words, dropped here too so a completed follow-up reads well.
	"the": true, "a": true, "an": true, "and": true, "or": true, "in": true, "of": true,
	"to": true, "on": true, "for": true, "with": true, "at": true, "by": true, "from": true,
	"it": true, "its": true, "this": true, "that": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "i": true, "we": true,
}

// SearchText turns a question into the text to search for: words and
// numbers only, question words dropped, names and figures kept ("€50bn"
// stays "50bn", "U.S." stays "U.S"). The result is empty when the question
// has nothing to search for.
func SearchText(question string) string {
	var words []string
	for _, w := range strings.FieldsFunc(question, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '.' || r == '-')
	}) {
		w = strings.Trim(w, "'’.-")
		if w == "" || questionWords[strings.ToLower(w)] {
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// followUp completes a short follow-up ("and in 2025?") with the thread's
// earlier question: its words are kept, except the numbers the follow-up
// replaces, so "How much did allies give in 2024?" + "and in 2025?" searches
// for allies, give, 2025; "and when?" searches for the earlier question's
// words alone. A follow-up that stands on its own, or holds no word at all
// ("???"), is returned as it is.
func followUp(previous, question string) string {
	q := SearchText(question)
	wordless := strings.IndexFunc(question, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
	if previous == "" || wordless || !isFollowUp(question, q) {
		return question
	}
	hasNumber := strings.IndexFunc(q, unicode.IsDigit) >= 0
	var keep []string
	for _, w := range strings.Fields(SearchText(previous)) {
		if hasNumber && strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		keep = append(keep, w)
	}
	return strings.TrimSpace(strings.Join(keep, " ") + " " + q)
}

// isFollowUp reports whether a question leans on the one before it: it
// opens like a continuation ("and …", "what about …") or is a word or two.
func isFollowUp(question, query string) bool {
	return hasPrefix(question, "and ", "what about", "how about", "also ", "but ", "same ", "or ") ||
		len(strings.Fields(query)) <= 2
}
