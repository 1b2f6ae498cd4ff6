package answer

import (
	"strings"
	"unicode"
)

// newName reports whether sentence names someone or something the question
// does not: a run of capitalized words ("William Taylor") none of which is
// in the question, and which is more than titles and nationalities
// ("Ukrainian President Volodymyr Zelenskyy" is the same person as
// "Zelenskyy"). The sentence's first word counts only as part of a run.
func (e expectation) newName(sentence string) bool {
	words := strings.FieldsFunc(sentence, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '.' && r != '-'
	})
	var run []string
	check := func() bool {
		defer func() { run = run[:0] }()
		named := false
		for _, w := range run {
			w = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"), "'’.")
			lw := strings.ToLower(w)
			if e.words[lw] {
				return false // the question's own name
			}
			if !commonCapitalized[w] && !titleWords[lw] && !placeWord[lw] {
				named = true
			}
		}
		return named && !(len(run) == 1 && run[0] == words[0])
	}
	for _, w := range words {
		r := []rune(w)
		if len(r) > 1 && unicode.IsUpper(r[0]) {
			run = append(run, w)
			continue
		}
		if len(run) > 0 && check() {
			return true
		}
	}
	return len(run) > 0 && check()
}

// titleWords are capitalized words that describe a role, not name someone.
var titleWords = map[string]bool{
	"president": true, "prime": true, "minister": true, "chancellor": true, "secretary": true,
	"foreign": true, "former": true, "chairman": true, "chief": true, "executive": true,
	"director": true, "ambassador": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"king": true, "queen": true, "prince": true, "princess": true, "general": true, "senator": true,
	"mp": true, "mps": true, "uk": true, "us": true, "u.s": true, "eu": true, "un": true,
}

// commonCapitalized are capitalized words that are not the name asked for.
var commonCapitalized = map[string]bool{
	"I": true, "Mr": true, "Mrs": true, "Ms": true, "Dr": true, "The": true, "He": true, "She": true, "It": true,
	"They": true, "But": true, "And": true, "In": true, "On": true, "At": true, "A": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true, "December": true,
}
