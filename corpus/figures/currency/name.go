package currency

// nouns maps a currency name (singular and plural) to its default
// ISO code or name. needsHint marks nouns that are also ordinary words
// ("pounds" of weight, "won", "rand", "real", "mark"): they are money only
// with a country adjective, a scale ("361 million pounds") or "sterling".
var nouns = map[string]struct {
	unit      string
	needsHint bool
}{}

func init() {
	add := func(unit string, hint bool, names ...string) {
		for _, n := range names {
			nouns[n] = struct {
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
	add(Cent, false, "cent", "cents")
	add(Pence, false, "pence", "penny", "pennies", "p")
}

// Name returns the default ISO code or name of the currency that word, in
// lower case, nouns ("euros" → "EUR", "francs" → "franc", "cents" →
// Cent). needsHint says word is also an ordinary word ("pounds", "won",
// "real"): it is money only with a country adjective, a scale or
// "sterling". ok is false when word nouns no currency.
func Name(word string) (unit string, needsHint, ok bool) {
	n, ok := nouns[word]
	return n.unit, n.needsHint, ok
}

// adjectives name the country of a currency: "australian dollars",
// "swiss francs". The key is the adjective and the currency's default unit.
var adjectives = map[[2]string]string{
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

// Adjective returns the currency that a country adjective makes of a
// currency name's default unit: ("australian", "USD") → "AUD", ("swiss",
// "franc") → "CHF". ok is false when the pair nouns no currency.
func Adjective(adjective, unit string) (code string, ok bool) {
	code, ok = adjectives[[2]string{adjective, unit}]
	return code, ok
}
