package currency

// Cent and Pence are the units of amounts written in minor units. As in the
// Recognizers-Text specs, "50 cents" is 50 Cent and "470 pence" 470 Pence,
// not 0.5 USD or 4.7 GBP: the text does not say whose cents they are.
const (
	Cent  = "cent"
	Pence = "pence"
)

// symbols maps a currency sign to its ISO code.
var symbols = map[rune]string{
	'€': "EUR", '$': "USD", '£': "GBP", '¥': "JPY", '₹': "INR", '₩': "KRW", '₽': "RUB",
	'₺': "TRY", '₪': "ILS", '₫': "VND", '₱': "PHP", '₴': "UAH", '₦': "NGN", '₡': "CRC",
	'₾': "GEL", '₭': "LAK", '₿': "BTC", '元': "CNY", '円': "JPY", '฿': "THB",
}

// Symbol returns the ISO code of the currency sign r ('€' → "EUR", '$' →
// "USD"), or "" when r is none.
func Symbol(r rune) string { return symbols[r] }

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

// DollarPrefix returns the ISO code of the dollar that letters, lower case
// and written before "$", name ("us" → "USD", "c" → "CAD", "hk" → "HKD").
// spaced says the letters may stand apart from the sign ("c $ 16.4
// million"); ok is false when letters name no dollar.
func DollarPrefix(letters string) (code string, spaced, ok bool) {
	p, ok := dollarPrefixes[letters]
	return p.code, p.spaced, ok
}

// DollarFamily reports whether unit is some kind of dollar, so that
// "$ 10 dollars" and "C$ 100 and fifty" read as one amount.
func DollarFamily(unit string) bool {
	switch unit {
	case "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "JMD", "MXN", "BRL":
		return true
	}
	return false
}
