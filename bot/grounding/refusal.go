package grounding

import "strings"

// refusalPhrases mark an answer in which the model declines. An answer is
// dropped when a sentence starts with one of the first group, or it contains
// one of the second anywhere.
var (
	refusalStarts = []string{
		"i don't know", "i do not know", "i cannot", "i can't", "i can not", "i'm unable", "i am unable",
		"i'm sorry", "i am sorry", "sorry", "unfortunately", "i'm not able", "i am not able", "as an ai",
	}
	refusalAnywhere = []string{
		"no_answer", "not in the passages", "not in the provided", "passages do not", "passages don't",
		"passage does not", "passage doesn't", "no information", "not mentioned in the passage",
		"not provided in the passage", "cannot be determined", "can't be determined",
		"not enough information", "insufficient information",
	}
)

// refusal reports whether text declines to answer, and the phrase that says so.
func refusal(text string) (string, bool) {
	t := strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(text))
	for _, p := range refusalAnywhere {
		if strings.Contains(t, p) {
			return p, true
		}
	}
	for _, s := range splitSentences(t, nil) {
		line := strings.TrimLeft(t[s.start:s.end], " \n\"'“(")
		for _, p := range refusalStarts {
			if strings.HasPrefix(line, p) {
				return p, true
			}
		}
	}
	return "", false
}
