// Package figures finds the key figures in a piece of news text: amounts
// of money, percentages, counts, quantities, dates, years and match
// results, each with
// its normalized value and unit, the words that qualify it ("over",
// "nearly"), what it is about, the period it refers to and the sentence it
// stands in.
//
//	for _, f := range figures.Extract("Allies provided over €50 billion in 2024.") {
//		fmt.Println(f.Kind, f.Text, f.Value, f.Unit) // money "over €50 billion" 5e+10 EUR, then year "2024" 2024
//	}
//	v, ok := figures.ParseNumber("2.572 trillion") // 2.572e12, true
//
// ExtractAll does the same for the passages of an article, keeping at most
// MaxPerPassage figures of a passage and MaxPerArticle of the article, the
// most informative first (Top), so that a file of figures cannot make
// indexing hold them all.
//
// A figure's Sentence is found with package corpus/split, so it agrees
// with split.Sentences; the currency names, codes and signs are package
// corpus/figures/currency.
package figures
