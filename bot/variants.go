package bot

import "strings"

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

var placeVariant = func() map[string]string {
	m := make(map[string]string, 2*len(placeNames))
	for _, p := range placeNames {
		m[p[0]], m[p[1]] = p[1], p[0]
	}
	return m
}()

// variants returns, for each word of query that names a place or its
// adjective, the other form ("Australian" → "australia"), once each, in
// order.
func variants(query string) map[string]string {
	out := map[string]string{}
	for _, w := range strings.Fields(query) {
		lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		if v, ok := placeVariant[lw]; ok {
			out[w] = v
		}
	}
	return out
}
