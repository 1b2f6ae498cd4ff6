package corpus

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Money units. Amounts are normalized to the currency's main unit with its
// ISO 4217 code ("€50 billion" → 5e10 EUR, "77m euros" → 7.7e7 EUR).
// Where the text names no country the unit is the currency's home: "$" and
// "dollars" are USD, "£" GBP, "¥" JPY, "yuan" CNY, "rupees" INR. Currencies
// with no single ISO code keep their name in the singular ("franc", "peso",
// "dinar"). Minor units follow the Recognizers-Text specs: "50 cents" is
// Value 50 with Unit "cent", "470 pence" Value 470 with Unit "pence"; a
// dollar amount with cents after it ("3 dollars 50 cents") is one amount,
// 3.5 USD.
const (
	unitCent  = "cent"
	unitPence = "pence"
)

// currencySymbols maps a currency sign to its ISO code.
var currencySymbols = map[rune]string{
	'€': "EUR", '$': "USD", '£': "GBP", '¥': "JPY", '₹': "INR", '₩': "KRW", '₽': "RUB",
	'₺': "TRY", '₪': "ILS", '₫': "VND", '₱': "PHP", '₴': "UAH", '₦': "NGN", '₡': "CRC",
	'₾': "GEL", '₭': "LAK", '₿': "BTC", '元': "CNY", '円': "JPY", '฿': "THB",
}

// dollarPrefixes are the letters written before "$" to name the dollar
// ("US$5m", "C$16.4m", "HK$10bn"). spaced prefixes may stand apart from the
// sign, as newswire text writes them ("c $ 16.4 million").
var dollarPrefixes = map[string]struct {
	code   string
	spaced bool
}{
	"us": {"USD", true}, "u.s": {"USD", true}, "u.s.": {"USD", true}, "usd": {"USD", true},
	"c": {"CAD", true}, "ca": {"CAD", false}, "can": {"CAD", false}, "cad": {"CAD", true},
	"a": {"AUD", false}, "au": {"AUD", false}, "aud": {"AUD", true},
	"nz": {"NZD", false}, "nzd": {"NZD", true}, "hk": {"HKD", true}, "hkd": {"HKD", true},
	"s": {"SGD", false}, "sg": {"SGD", false}, "sgd": {"SGD", true},
	"nt": {"TWD", false}, "r": {"BRL", false}, "mex": {"MXN", true}, "mx": {"MXN", false}, "mxn": {"MXN", true},
}

// isoCodes are the currency codes read before or after an amount ("USD 200",
// "115USD"). lower marks codes also read in lower case; the others are
// English words or names in lower case ("try", "php").
var isoCodes = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "JPY": true, "CNY": true, "RMB": true, "CHF": true,
	"INR": true, "CAD": true, "AUD": true, "NZD": true, "HKD": true, "SGD": true, "MXN": true,
	"BTC": true, "RUB": true, "SEK": false, "NOK": false, "DKK": false, "PLN": false,
	"CZK": false, "HUF": false, "UAH": false, "TRY": false, "ZAR": false, "BRL": false,
	"KRW": false, "TWD": false, "THB": false, "IDR": false, "MYR": false, "PHP": false,
	"VND": false, "ILS": false, "AED": false, "SAR": false, "EGP": false, "NGN": false,
	"KES": false, "PKR": false, "ARS": false, "CLP": false, "COP": false,
}

// isoCode returns the ISO code a word names ("usd" → "USD", "RMB" → "CNY")
// and the power of ten it carries ("MUSD" is millions of dollars).
func isoCode(raw string) (code string, exp int) {
	if isASCII(raw) && !maybeISOCode(raw) {
		return "", 0 // most words, ruled out without an upper-case copy
	}
	up := strings.ToUpper(raw)
	if lower, ok := isoCodes[up]; ok && (lower || raw == up) {
		if up == "RMB" {
			up = "CNY"
		}
		return up, 0
	}
	if len(raw) == 4 && raw[0] == 'M' && raw == up {
		if _, ok := isoCodes[up[1:]]; ok {
			c, _ := isoCode(up[1:])
			return c, 6
		}
	}
	return "", 0
}

// currencyNouns maps a currency name (singular and plural) to its default
// ISO code or name. needsHint marks names that are also ordinary words
// ("pounds" of weight, "won", "rand", "real", "mark"): they are money only
// with a country adjective, a scale ("361 million pounds") or "sterling".
var currencyNouns = map[string]struct {
	unit      string
	needsHint bool
}{}

func init() {
	add := func(unit string, hint bool, names ...string) {
		for _, n := range names {
			currencyNouns[n] = struct {
				unit      string
				needsHint bool
			}{unit, hint}
		}
	}
	add("USD", false, "dollar", "dollars", "buck", "bucks")
	add("EUR", false, "euro", "euros")
	add("GBP", true, "pound", "pounds")
	add("GBP", false, "sterling")
	add("JPY", false, "yen")
	add("CNY", false, "yuan", "renminbi", "kuai", "rmb")
	add("INR", false, "rupee", "rupees")
	add("RUB", false, "rouble", "roubles", "ruble", "rubles")
	add("franc", false, "franc", "francs")
	add("peso", false, "peso", "pesos")
	add("TRY", false, "lira", "liras", "lire")
	add("KRW", true, "won")
	add("ZAR", true, "rand", "rands")
	add("BRL", true, "real", "reais")
	add("DEM", true, "mark", "marks", "deutschmark", "deutschmarks")
	add("FIM", false, "markka", "markkaa", "markkas")
	add("NLG", false, "guilder", "guilders")
	add("ESP", false, "peseta", "pesetas")
	add("UAH", false, "hryvnia", "hryvnias", "hryvnias")
	add("PLN", false, "zloty", "zlotys", "zlotych")
	add("HUF", false, "forint", "forints")
	add("CZK", false, "koruna", "korunas", "koruny")
	add("ILS", false, "shekel", "shekels")
	add("THB", false, "baht")
	add("MYR", false, "ringgit")
	add("IDR", false, "rupiah")
	add("NGN", false, "naira")
	add("dinar", false, "dinar", "dinars")
	add("dirham", false, "dirham", "dirhams")
	add("riyal", false, "riyal", "riyals")
	add("SEK", false, "krona", "kronor")
	add("krone", false, "krone", "kroner")
	add("shilling", false, "shilling", "shillings")
	add("VND", true, "dong")
	add("BTC", false, "bitcoin", "bitcoins")
	add("satoshi", false, "satoshi", "satoshis")
	add("LKR", false, "ரூ")
	add(unitCent, false, "cent", "cents")
	add(unitPence, false, "pence", "penny", "pennies", "p")
}

// currencyAdjectives name the country of a currency: "australian dollars",
// "swiss francs". The key is the adjective and the currency's default unit.
var currencyAdjectives = map[[2]string]string{
	{"us", "USD"}: "USD", {"u.s", "USD"}: "USD", {"u.s.", "USD"}: "USD", {"american", "USD"}: "USD",
	{"australian", "USD"}: "AUD", {"canadian", "USD"}: "CAD", {"hong kong", "USD"}: "HKD",
	{"new zealand", "USD"}: "NZD", {"singapore", "USD"}: "SGD", {"taiwan", "USD"}: "TWD",
	{"new taiwan", "USD"}: "TWD", {"jamaican", "USD"}: "JMD",
	{"swiss", "franc"}: "CHF", {"french", "franc"}: "FRF", {"belgian", "franc"}: "BEF",
	{"british", "GBP"}: "GBP", {"egyptian", "GBP"}: "EGP", {"irish", "GBP"}: "IEP", {"lebanese", "GBP"}: "LBP",
	{"mexican", "peso"}: "MXN", {"argentine", "peso"}: "ARS", {"argentinian", "peso"}: "ARS",
	{"chilean", "peso"}: "CLP", {"colombian", "peso"}: "COP", {"philippine", "peso"}: "PHP",
	{"swedish", "SEK"}: "SEK", {"icelandic", "SEK"}: "ISK", {"norwegian", "krone"}: "NOK", {"danish", "krone"}: "DKK",
	{"indian", "INR"}: "INR", {"pakistani", "INR"}: "PKR", {"sri lankan", "INR"}: "LKR", {"nepalese", "INR"}: "NPR",
	{"kuwaiti", "dinar"}: "KWD", {"iraqi", "dinar"}: "IQD", {"jordanian", "dinar"}: "JOD", {"serbian", "dinar"}: "RSD",
	{"saudi", "riyal"}: "SAR", {"qatari", "riyal"}: "QAR", {"uae", "dirham"}: "AED", {"emirati", "dirham"}: "AED",
	{"moroccan", "dirham"}: "MAD", {"chinese", "CNY"}: "CNY", {"japanese", "JPY"}: "JPY",
	{"south korean", "KRW"}: "KRW", {"korean", "KRW"}: "KRW", {"south african", "ZAR"}: "ZAR",
	{"brazilian", "BRL"}: "BRL", {"turkish", "TRY"}: "TRY", {"italian", "TRY"}: "ITL",
	{"german", "DEM"}: "DEM", {"deutsche", "DEM"}: "DEM", {"finnish", "FIM"}: "FIM", {"dutch", "NLG"}: "NLG",
	{"spanish", "ESP"}: "ESP", {"russian", "RUB"}: "RUB", {"belarusian", "RUB"}: "BYN",
	{"ukrainian", "UAH"}: "UAH", {"polish", "PLN"}: "PLN", {"hungarian", "HUF"}: "HUF", {"czech", "CZK"}: "CZK",
	{"israeli", "ILS"}: "ILS", {"thai", "THB"}: "THB", {"malaysian", "MYR"}: "MYR", {"indonesian", "IDR"}: "IDR",
	{"nigerian", "NGN"}: "NGN", {"kenyan", "shilling"}: "KES", {"ugandan", "shilling"}: "UGX",
	{"tanzanian", "shilling"}: "TZS", {"vietnamese", "VND"}: "VND",
}

// dollarFamily reports whether unit is some kind of dollar, so that
// "$ 10 dollars" and "C$ 100 and fifty" read as one amount.
func dollarFamily(unit string) bool {
	switch unit {
	case "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "JMD", "MXN", "BRL":
		return true
	}
	return false
}

// fmoney is a money amount read from tokens.
type fmoney struct {
	start, end int // token range [start, end)
	unit       string
	value      float64
	scaled     bool
}

// currencyWord reads a currency name at token k, with an optional country
// adjective ("finnish markka", "us dollars", "hong kong dollars"). hinted
// says the amount has a scale or sign, which makes "pounds" money.
func currencyWord(toks []ftok, k int, hinted bool) (unit string, end int, ok bool) {
	word := func(k int) string {
		if k < len(toks) && toks[k].kind == 'w' {
			return toks[k].low
		}
		return ""
	}
	// adjectives of one or two words, "u.s." written with dots
	type adj struct {
		text string
		next int
	}
	var adjs []adj
	if w := word(k); w != "" {
		adjs = append(adjs, adj{w, k + 1})
		if w2 := word(k + 1); w2 != "" {
			adjs = append(adjs, adj{w + " " + w2, k + 2})
		}
		if w == "u" && k+3 < len(toks) && toks[k+1].raw == "." && word(k+2) == "s" {
			n := k + 3
			if toks[n].raw == "." {
				n++
			}
			adjs = append(adjs, adj{"u.s", n})
		}
	}
	for i := len(adjs) - 1; i >= 0; i-- {
		a := adjs[i]
		cn, found := currencyNouns[word(a.next)]
		if !found {
			continue
		}
		if code, ok := currencyAdjectives[[2]string{a.text, cn.unit}]; ok {
			return code, a.next + 1, true
		}
	}
	cn, found := currencyNouns[word(k)]
	if !found || cn.needsHint && !hinted && word(k+1) != "sterling" {
		return "", k, false
	}
	if word(k) == "p" && (k >= len(toks) || toks[k].gap) {
		return "", k, false // "50p" only, attached
	}
	end = k + 1
	if cn.unit == "GBP" && word(end) == "sterling" {
		end++
	}
	return cn.unit, end, true
}

// moneyPrefix reads a money amount that starts with its currency at token
// i: "€50 billion", "US$5m", "c $ 16.4 million", "USD 200", "MAUD 60".
func (x *fscan) moneyPrefix(i int) (int, bool) {
	toks := x.toks
	t := toks[i]
	var unit string
	exp := 0
	start := i
	switch {
	case t.kind == 's' && currencySymbols[firstRune(t.raw)] != "":
		unit = currencySymbols[firstRune(t.raw)]
		if t.raw == "$" {
			if code, s, ok := x.dollarPrefix(i); ok {
				unit, start = code, s
			}
		}
	case t.kind == 'w':
		code, e := isoCode(t.raw)
		if code == "" && (t.low == "rs" || t.low == "inr") {
			code = "INR"
		}
		if code == "" {
			return i, false
		}
		unit, exp = code, e
		// "usd$ 15", "Rs. 500"
		if i+1 < len(toks) && !toks[i+1].gap && (toks[i+1].raw == "$" || toks[i+1].raw == ".") {
			i++
		}
	default:
		return i, false
	}
	k := i + 1
	if k >= len(toks) || toks[k].nl {
		return i, false
	}
	n, ok := parseNum(toks, k)
	if !ok || (n.words && !isNumberWord(toks[k].low) && toks[k].low != "a") {
		return i, false
	}
	sc := parseScale(toks, n.j, n, true)
	m := fmoney{start: start, end: sc.j, unit: unit, scaled: sc.exp > 0 || exp > 0}
	if exp > 0 && sc.exp == 0 {
		sc.exp = exp
	}
	// "$5-7bn": the low end borrows the scale of the high end
	hi, hiExp, hasHi := x.moneyHigh(sc.j, start, unit)
	if hasHi && sc.exp == 0 {
		sc.exp = hiExp
	}
	m.value = scaledValue(n, sc)
	if hasHi && hi.value < m.value {
		hasHi = false
		m.value = scaledValue(n, parseScale(toks, n.j, n, true))
	}
	if hasHi {
		x.addMoney(m, n)
		x.addMoney(hi, n)
		return hi.end, true
	}
	// "$ 10 dollars", "US$ 5 million dollars": a repeated currency name
	if u, e, ok := currencyWord(toks, m.end, true); ok && (u == unit || dollarFamily(u) && dollarFamily(unit)) {
		m.end = e
	} else if c, _ := isoCodeAt(toks, m.end); c != "" && c == unit {
		m.end++
	}
	x.cents(&m)
	x.addMoney(m, n)
	return m.end, true
}

func isoCodeAt(toks []ftok, k int) (string, int) {
	if k < len(toks) && toks[k].kind == 'w' {
		return isoCode(toks[k].raw)
	}
	return "", 0
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// dollarPrefix looks for the letters before the "$" at token i ("US$",
// "c $", "u.s. $") and returns the currency and the token they start at.
func (x *fscan) dollarPrefix(i int) (string, int, bool) {
	toks := x.toks
	if i == 0 {
		return "", i, false
	}
	// collect up to four tokens of letters and dots before the sign
	var b strings.Builder
	start := i
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := toks[k]
		if t.kind != 'w' && t.raw != "." {
			break
		}
		if k+1 < len(toks) && k+1 != i && toks[k+1].gap {
			break
		}
		start = k
		b.Reset()
		for m := start; m < i; m++ {
			b.WriteString(toks[m].low)
		}
		p, ok := dollarPrefixes[b.String()]
		if !ok {
			continue
		}
		if toks[i].gap && !p.spaced {
			continue
		}
		// the prefix must start a word: "us $" but not "bonus $"
		if k > 0 && !toks[k].gap && toks[k-1].kind == 'w' {
			continue
		}
		// single-letter prefixes are capitals when written attached: "C$", "A$", "S$", "R$"
		if len(b.String()) == 1 && !toks[i].gap && toks[k].raw == toks[k].low {
			continue
		}
		return p.code, k, true
	}
	return "", i, false
}

// currencyAfter reads the currency written after an amount: a sign ("10 €"),
// a code ("115USD", "50 million USD", "30 MUSD"), a name ("77m euros",
// "420 million finnish markka") or a hyphenated name ("12-cent").
func (x *fscan) currencyAfter(k int, hinted bool) (unit string, exp int, end int, ok bool) {
	toks := x.toks
	if k >= len(toks) || toks[k].nl {
		return "", 0, k, false
	}
	t := toks[k]
	if t.kind == 's' && currencySymbols[firstRune(t.raw)] != "" {
		// "1 $10 dollars": the sign belongs to the number after it
		if n, ok := parseNum(toks, k+1); ok && !n.words {
			sym := currencySymbols[firstRune(t.raw)]
			if u, _, ok := currencyWord(toks, n.j, true); ok && (u == sym || dollarFamily(u) && dollarFamily(sym)) {
				return "", 0, k, false
			}
		}
		return currencySymbols[firstRune(t.raw)], 0, k + 1, true
	}
	if t.kind == 'w' {
		// "3 USD50": the code belongs to the number glued after it
		if c, e := isoCode(t.raw); c != "" && (k+1 >= len(toks) || toks[k+1].gap || toks[k+1].kind != 'n') {
			return c, e, k + 1, true
		}
	}
	if t.raw == "-" && !t.gap && k+1 < len(toks) && !toks[k+1].gap {
		if u, e, ok := currencyWord(toks, k+1, hinted); ok && e == k+2 {
			return u, 0, e, true
		}
		return "", 0, k, false
	}
	if t.kind == 'w' {
		if u, e, ok := currencyWord(toks, k, hinted); ok {
			return u, 0, e, true
		}
	}
	return "", 0, k, false
}

// cents extends a whole dollar (or yuan) amount with the cents written after
// it: "3 dollars 50 cents", "thirteen dollars and forty-five cents",
// "C$ 100 and fifty", "10 $ 30 cent", "17 USD 25".
func (x *fscan) cents(m *fmoney) {
	toks := x.toks
	if m.scaled || !(dollarFamily(m.unit) || m.unit == "EUR" || m.unit == "GBP") {
		return
	}
	if m.value != float64(int64(m.value)) || m.value > 1e9 {
		return
	}
	k := m.end
	if k < len(toks) && toks[k].low == "and" {
		k++
	}
	if k >= len(toks) || toks[k].nl {
		return
	}
	n, ok := parseNum(toks, k)
	if !ok || n.dec || n.grp {
		return
	}
	c := int(n.value())
	if c < 1 || c > 99 || n.value() != float64(c) {
		return
	}
	end := n.j
	if end < len(toks) && (toks[end].low == "cent" || toks[end].low == "cents" || toks[end].low == "pence" || toks[end].low == "p") {
		end++
	} else if end < len(toks) {
		nx := toks[end]
		if _, _, _, ok := x.currencyAfter(end, true); ok {
			return
		}
		if nx.kind == 'w' && (pluralNoun(nx.raw) || spacedScales[nx.low] > 0 || nx.low == "percent") {
			return
		}
		if nx.kind == 's' && (nx.raw == "%" || nx.raw == "-") {
			return
		}
		if nx.kind == 'n' {
			return
		}
	}
	v, err := strconv.ParseFloat(strconv.FormatInt(int64(m.value), 10)+"."+twoDigits(c), 64)
	if err != nil {
		return
	}
	m.value, m.end = v, end
}

func twoDigits(c int) string {
	if c < 10 {
		return "0" + strconv.Itoa(c)
	}
	return strconv.Itoa(c)
}

// maybeISOCode reports whether the ASCII word raw, in upper case, is one of
// the isoCodes or "M" and one of them: a cheap first test for isoCode.
func maybeISOCode(raw string) bool {
	if len(raw) != 3 && len(raw) != 4 {
		return false
	}
	var buf [4]byte
	up := buf[:len(raw)]
	for i := range up {
		up[i] = raw[i]
		if 'a' <= up[i] && up[i] <= 'z' {
			up[i] -= 'a' - 'A'
		}
	}
	if len(up) == 4 {
		if up[0] != 'M' {
			return false
		}
		up = up[1:]
	}
	_, ok := isoCodes[string(up)]
	return ok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
