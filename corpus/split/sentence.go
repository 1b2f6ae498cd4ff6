package split

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus/internal/sentence"
)

// Sentences splits text into sentences. Each sentence is a verbatim
// substring of text without surrounding white space; together, in order,
// they cover all of text but the white space between them.
//
// A sentence ends at ".", "!", "?" or an ellipsis followed by white space and
// something that can start a sentence (a capital, a digit, an opening quote),
// with closing quotes and brackets kept on the sentence they close
// (`…end.” Next`), and at every line break. A period does not end a sentence
// after a common abbreviation (Mr., Dr., St., vs., e.g., Jan. 5, No. 10), a
// single initial ("J. Smith"), or inside a number ("3.8%"); after dotted
// initialisms and company suffixes ("U.S.", "Inc.", "Ltd.") it does only when
// a typical sentence opener ("The", "It", "But", …) follows.
func Sentences(text string) []string {
	spans := SentenceSpans(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// SentenceSpans returns the byte ranges of the sentences Sentences returns,
// in order: text[s.Start:s.End] is each sentence. It is for callers that
// need to know where a sentence stands in text, such as the figure
// extractor, so that both agree on where sentences end.
func SentenceSpans(text string) []Span {
	var spans []Span
	start := 0
	emit := func(end int) {
		if s, ok := trimSpan(text, start, end); ok {
			spans = append(spans, s)
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			emit(i)
			start = i + size
			i += size
		case sentence.Terminator(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !sentence.Terminator(r2) {
					break
				}
				j += s2
			}
			period := r == '.' && j == i+1
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !closer(r2) {
					break
				}
				j += s2
			}
			if sentenceEnds(text, start, i, j, period) {
				emit(j)
				start = j
			}
			i = j
		default:
			i += size
		}
	}
	emit(len(text))
	return spans
}

// trimSpan narrows [start, end) to exclude white space; ok is false when
// nothing is left.
func trimSpan(text string, start, end int) (Span, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return Span{start, end}, end > start
}

func closer(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '›':
		return true
	}
	return false
}

// sentenceEnds decides whether the terminator run text[term:after] ends the
// sentence that began at start. period is true for a single ".", the only
// terminator that abbreviations and initials make ambiguous.
func sentenceEnds(text string, start, term, after int, period bool) bool {
	if after >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[after:])
	if !unicode.IsSpace(r) {
		return false // "3.8", "U.S.A", "e.g."
	}
	k := after
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if r == '\n' {
			return true
		}
		if !unicode.IsSpace(r) {
			break
		}
		k += size
	}
	if k >= len(text) {
		return true
	}
	next := nextWord(text[k:])
	if !sentence.Starts(text[k:]) {
		return false
	}
	if !period {
		return true
	}
	word := strings.TrimLeft(lastWord(text[start:term]), "\"'“‘([«")
	lw := strings.ToLower(word)
	nextDigit := next != "" && next[0] >= '0' && next[0] <= '9'
	switch {
	case word == "":
		return true
	case titles[lw] || never[lw]:
		return false
	case (monthAbbrevs[lw] || numbered[lw]) && nextDigit:
		return false
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]):
		return false // an initial: "J. Smith"
	case initialism(word) || companies[lw]:
		return openers[next]
	}
	return true
}

// lastWord is the run of non-space characters at the end of s.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i+size:]
}

// nextWord is the first word of s with opening quotes and brackets removed
// and trailing punctuation cut: `“The deal,` → "The".
func nextWord(s string) string {
	s = strings.TrimLeft(s, "\"'“‘([«")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if end < 0 {
		return s
	}
	if end == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return s[:size]
	}
	return s[:end]
}

// initialism reports dotted initials such as "U.S", "U.K", "e.g", "a.m"
// (the final period is the terminator being judged).
func initialism(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i, r := range w {
		if i%2 == 1 {
			if r != '.' {
				return false
			}
			continue
		}
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
			return false
		}
	}
	return len(w)%2 == 1
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	// titles precede a name; a period after them never ends a sentence.
	titles = set("mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col",
		"capt", "cpt", "sgt", "maj", "adm", "cmdr", "rev", "hon", "mt", "ft", "fr", "pres", "supt",
		"insp", "det", "cllr", "messrs", "mme", "mlle")
	// never are abbreviations that are (almost) never sentence-final.
	never = set("vs", "v", "e.g", "i.e", "cf", "viz", "approx", "al", "ca", "esp", "incl", "dept", "est")
	// months and numbered abbreviations are followed by a number: "Jan. 5", "No. 10".
	monthAbbrevs = set("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	numbered     = set("no", "nos", "vol", "pp", "p", "fig", "figs", "art", "ch", "sec", "op", "ed", "para")
	// companies often end a sentence; they do only before a typical opener.
	companies = set("inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "sr")
	// openers are words that typically begin a sentence.
	openers = set("The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They",
		"We", "I", "You", "His", "Her", "Their", "Our", "My", "But", "And", "Or", "So", "Yet", "However",
		"In", "On", "At", "For", "If", "When", "While", "After", "Before", "As", "Meanwhile", "There",
		"Here", "What", "Why", "How", "Who", "Some", "Many", "Most", "Others", "Now", "Then", "Also",
		"Still", "Since", "Although", "Despite", "According", "Last", "Earlier", "Later", "Under",
		"With", "By", "From", "To", "Analysts", "Officials", "Critics", "Shares", "Sales")
)
