// Package currency is the vocabulary the figure extractor reads money
// with: currency signs, ISO 4217 codes, currency names and the country
// adjectives that qualify them, and the letters written before "$". It
// holds tables and look-ups only, no tokens and no text scanning, so that
// package figures can keep the rules and this package the words.
//
//	currency.Symbol('€')                    // "EUR"
//	currency.Code("MUSD")                   // "USD", 6: millions of dollars
//	currency.Name("euros")                  // "EUR", needsHint false, ok
//	currency.Adjective("australian", "USD") // "AUD", ok: "australian dollars"
package currency
