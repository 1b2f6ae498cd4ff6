package answer

import (
	"slices"
	"strings"
)

// placeNames pairs places with the adjectives news text uses for them. The
// English stemmer keeps "Australia" and "Australian" apart, so a question
// about "the Australian economy" would miss "Australia's economy" without
// them. Each pair is searched both ways.
var placeNames = [][2]string{
	{"africa", "african"}, {"america", "american"}, {"argentina", "argentinian"}, {"asia", "asian"},
	{"australia", "australian"}, {"austria", "austrian"}, {"belgium", "belgian"}, {"brazil", "brazilian"},
	{"britain", "british"}, {"canada", "canadian"}, {"chile", "chilean"}, {"china", "chinese"},
	{"denmark", "danish"}, {"egypt", "egyptian"}, {"england", "english"}, {"europe", "european"},
	{"france", "french"}, {"germany", "german"}, {"greece", "greek"}, {"india", "indian"},
	{"indonesia", "indonesian"}, {"iran", "iranian"}, {"iraq", "iraqi"}, {"ireland", "irish"},
	{"israel", "israeli"}, {"italy", "italian"}, {"japan", "japanese"}, {"kenya", "kenyan"},
	{"korea", "korean"}, {"mexico", "mexican"}, {"netherlands", "dutch"}, {"nigeria", "nigerian"},
	{"norway", "norwegian"}, {"pakistan", "pakistani"}, {"poland", "polish"}, {"portugal", "portuguese"},
	{"russia", "russian"}, {"scotland", "scottish"}, {"spain", "spanish"}, {"sweden", "swedish"},
	{"switzerland", "swiss"}, {"syria", "syrian"}, {"taiwan", "taiwanese"}, {"thailand", "thai"},
	{"turkey", "turkish"}, {"ukraine", "ukrainian"}, {"vietnam", "vietnamese"}, {"wales", "welsh"},
}

// verbForms are irregular verbs news questions use in one tense and
// articles in another ("How fast did the economy grow?" — "the economy grew
// 0.1%"). The stemmer joins regular forms (rises, rising); these it cannot.
// Forms that are also common nouns or adjectives ("left", "born", "saw")
// are left out.
var verbForms = [][]string{
	{"rise", "rose", "risen"}, {"fall", "fell", "fallen"}, {"grow", "grew", "grown"}, {"pay", "paid"},
	{"buy", "bought"}, {"sell", "sold"}, {"spend", "spent"}, {"win", "won"}, {"lose", "lost"},
	{"hold", "held"}, {"make", "made"}, {"take", "took", "taken"}, {"give", "gave", "given"},
	{"find", "found"}, {"lead", "led"}, {"meet", "met"}, {"run", "ran"}, {"say", "said"},
	{"tell", "told"}, {"think", "thought"}, {"bring", "brought"}, {"build", "built"},
	{"begin", "began", "begun"}, {"break", "broke", "broken"}, {"choose", "chose", "chosen"},
	{"come", "came"}, {"draw", "drew", "drawn"}, {"drive", "drove", "driven"}, {"fight", "fought"},
	{"fly", "flew", "flown"}, {"get", "got", "gotten"}, {"go", "went", "gone"}, {"keep", "kept"},
	{"know", "knew", "known"}, {"lend", "lent"}, {"mean", "meant"}, {"seek", "sought"},
	{"send", "sent"}, {"shake", "shook", "shaken"}, {"shoot", "shot"}, {"show", "showed", "shown"},
	{"sing", "sang", "sung"}, {"sink", "sank", "sunk"}, {"speak", "spoke", "spoken"},
	{"stand", "stood"}, {"steal", "stole", "stolen"}, {"strike", "struck"}, {"swim", "swam", "swum"},
	{"teach", "taught"}, {"throw", "threw", "thrown"}, {"understand", "understood"},
	{"wear", "wore", "worn"}, {"write", "wrote", "written"}, {"catch", "caught"}, {"feel", "felt"},
	{"hear", "heard"}, {"hide", "hid", "hidden"}, {"freeze", "froze", "frozen"}, {"become", "became"},
	{"deal", "dealt"}, {"sit", "sat"}, {"shrink", "shrank", "shrunk"}, {"stick", "stuck"},
	{"wake", "woke", "woken"}, {"forbid", "forbade", "forbidden"}, {"forgive", "forgave", "forgiven"},
	{"overtake", "overtook", "overtaken"}, {"undergo", "underwent", "undergone"}, {"withdraw", "withdrew", "withdrawn"},
}

// sameWords are words news text uses for one another: a short form and
// its long one, and Britain's names. Each group is searched every way.
var sameWords = [][]string{
	{"tv", "television"}, {"uk", "britain"}, {"govt", "government"},
}

// questionForms are verb forms a question's word also finds, but not the
// other way round: "When did he leave…?" is answered by "he left", while
// "left" in a question is as likely the side as the verb.
var questionForms = map[string][]string{
	"leave": {"left"}, "leaves": {"left"}, "leaving": {"left"},
}

// placeWord holds every place name and adjective of placeNames.
var placeWord = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range placeNames {
		m[p[0]], m[p[1]] = true, true
	}
	return m
}()

// formsOf maps the search term (stem, by the analyzer terms) of each word
// in placeNames, verbForms and sameWords to the other words of its group,
// so "pays", "paying" and "pay" all find "paid", and of each word in
// questionForms to its forms.
func formsOf(terms func(string) []string) map[string][]string {
	m := map[string][]string{}
	link := func(group []string) {
		for _, w := range group {
			t := terms(w)
			if len(t) != 1 {
				continue
			}
			for _, o := range group {
				if o != w && !slices.Contains(m[t[0]], o) {
					m[t[0]] = append(m[t[0]], o)
				}
			}
		}
	}
	for _, p := range placeNames {
		link(p[:])
	}
	for _, g := range verbForms {
		link(g)
	}
	for _, g := range sameWords {
		link(g)
	}
	for w, forms := range questionForms {
		t := terms(w)
		if len(t) != 1 {
			continue
		}
		for _, o := range forms {
			if !slices.Contains(m[t[0]], o) {
				m[t[0]] = append(m[t[0]], o)
			}
		}
	}
	return m
}

// nominalForm returns the "-ition" noun of a question's verb ("compete":
// "competition", "oppose": "opposition"), which the stemmer keeps apart
// (compet, competit): a question asking which films "compete" is answered
// by the films "in competition". Only that way round: the stem of an
// "-ition" noun is shared with words that are not the verb's ("deposit",
// "definite"), and short stems are left alone ("credit" is not "cred").
func nominalForm(t string) string {
	if len(t) < 5 || strings.HasSuffix(t, "it") || notNominal[t] {
		return ""
	}
	return t + "ition"
}

// notNominal are verb stems whose "-ition" noun stems like a word of
// another meaning: "deposed" would find "deposit".
var notNominal = map[string]bool{"depos": true}
