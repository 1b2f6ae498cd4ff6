package corpus

// Kind is the type of a key figure.
type Kind string

// The kinds of figure Extract reports.
const (
	Money    Kind = "money"
	Percent  Kind = "percent"
	Count    Kind = "count"
	Quantity Kind = "quantity"
	Date     Kind = "date"
	Year     Kind = "year"
)

// Figure is a number a reader would call key, found in a piece of text.
type Figure struct {
	Text      string  // the verbatim span, e.g. "€50 billion"
	Start     int     // byte offset of Text in the input
	End       int     // byte offset just past Text
	Kind      Kind    // money, percent, count, quantity, date, year
	Value     float64 // normalized: 5e10 for "€50 billion", 60 for "60 percent", 2019 for a year
	Unit      string  // ISO currency code for money ("EUR"), unit for quantities ("seconds"), "%" for percent
	Qualifier string  // as written: "over", "nearly", "about", "up to", "more than"; "" when none
	Subject   string  // what it is about: the counted noun or nearby noun phrase ("support", "NATO members")
	Period    string  // the period it refers to when stated ("2024", "fourth quarter"); "" when none
	Sentence  string  // the sentence the figure is in
}
