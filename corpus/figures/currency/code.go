package currency

import (
	"strings"
	"unicode/utf8"
)

// codes are the currency codes read before or after an amount ("USD 200",
// "115USD"). lower marks codes also read in lower case; the others are
// English words or names in lower case ("try", "php").
var codes = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "JPY": true, "CNY": true, "RMB": true, "CHF": true,
	"INR": true, "CAD": true, "AUD": true, "NZD": true, "HKD": true, "SGD": true, "MXN": true,
	"BTC": true, "RUB": true, "SEK": false, "NOK": false, "DKK": false, "PLN": false,
	"CZK": false, "HUF": false, "UAH": false, "TRY": false, "ZAR": false, "BRL": false,
	"KRW": false, "TWD": false, "THB": false, "IDR": false, "MYR": false, "PHP": false,
	"VND": false, "ILS": false, "AED": false, "SAR": false, "EGP": false, "NGN": false,
	"KES": false, "PKR": false, "ARS": false, "CLP": false, "COP": false,
}

// Code returns the ISO code a word names ("usd" → "USD", "RMB" → "CNY")
// and the power of ten it carries ("MUSD" is millions of dollars).
func Code(raw string) (code string, exp int) {
	if isASCII(raw) && !maybeISOCode(raw) {
		return "", 0 // most words, ruled out without an upper-case copy
	}
	up := strings.ToUpper(raw)
	if lower, ok := codes[up]; ok && (lower || raw == up) {
		if up == "RMB" {
			up = "CNY"
		}
		return up, 0
	}
	if len(raw) == 4 && raw[0] == 'M' && raw == up {
		if _, ok := codes[up[1:]]; ok {
			c, _ := Code(up[1:])
			return c, 6
		}
	}
	return "", 0
}

// maybeISOCode reports whether the ASCII word raw, in upper case, is one of
// the codes or "M" and one of them: a cheap first test for Code.
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
	_, ok := codes[string(up)]
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
