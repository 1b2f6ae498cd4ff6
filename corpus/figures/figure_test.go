package figures

import (
	"fmt"
	"newsdesk/corpus/figures/currency"
	"strings"
	"testing"
	"unicode/utf8"
)

// fig is the part of a Figure a test states: everything but the offsets
// and the sentence.
type fig struct {
	kind    Kind
	text    string
	value   float64
	unit    string
	qual    string
	subject string
	period  string
}

func (f fig) String() string {
	return fmt.Sprintf("{%s %q %v %q q=%q s=%q p=%q}", f.kind, f.text, f.value, f.unit, f.qual, f.subject, f.period)
}

func figsOf(tb testing.TB, text string) []fig {
	tb.Helper()
	var out []fig
	for _, f := range Extract(text) {
		if text[f.Start:f.End] != f.Text {
			tb.Errorf("Extract(%q): text[%d:%d] = %q; want Text %q", text, f.Start, f.End, text[f.Start:f.End], f.Text)
		}
		out = append(out, fig{f.Kind, f.Text, f.Value, f.Unit, f.Qualifier, f.Subject, f.Period})
	}
	return out
}

func checkFigs(t *testing.T, text string, want []fig) {
	t.Helper()
	got := figsOf(t, text)
	if len(got) != len(want) {
		t.Fatalf("Extract(%q) = %v; want %v", text, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Extract(%q)[%d] = %v; want %v", text, i, got[i], want[i])
		}
	}
}

func TestExtractMoney(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"It gave €50 billion.", []fig{{Money, "€50 billion", 5e10, "EUR", "", "", ""}}},
		{"The US pledged $35bn (£18.8bn) to the fund.", []fig{
			{Money, "$35bn", 3.5e10, "USD", "", "US", ""},
			{Money, "£18.8bn", 1.88e10, "GBP", "", "", ""},
		}},
		{"The club was fined 77m euros.", []fig{{Money, "77m euros", 7.7e7, "EUR", "", "", ""}}},
		{"He won £10,000.", []fig{{Money, "£10,000", 1e4, "GBP", "", "", ""}}},
		{"Output hit 2.572 trillion yuan.", []fig{{Money, "2.572 trillion yuan", 2.572e12, "CNY", "", "Output", ""}}},
		{"montgomery county sold $ 75 million of bonds", []fig{{Money, "$ 75 million", 7.5e7, "USD", "", "bonds", ""}}},
		{"It issued US$5m in bonds.", []fig{{Money, "US$5m", 5e6, "USD", "", "bonds", ""}}},
		{"a bid of C$16.4m", []fig{{Money, "C$16.4m", 1.64e7, "CAD", "", "bid", ""}}},
		{"Shares fell 50 cents.", []fig{{Money, "50 cents", 50, currency.Cent, "", "Shares", ""}}},
		{"a bid of 470 pence a share", []fig{{Money, "470 pence", 470, currency.Pence, "", "bid", ""}}},
		{"to buy it for 420 million finnish markka", []fig{{Money, "420 million finnish markka", 4.2e8, "FIM", "", "", ""}}},
		{"profit improved to 361 million pounds", []fig{{Money, "361 million pounds", 3.61e8, "GBP", "", "", ""}}},
		{"It only cost 3 dollars 50 cents.", []fig{{Money, "3 dollars 50 cents", 3.5, "USD", "", "", ""}}},
		{"a 10,000 swiss francs fine", []fig{{Money, "10,000 swiss francs", 1e4, "CHF", "", "fine", ""}}},
		{"It costs USD 200.", []fig{{Money, "USD 200", 200, "USD", "", "", ""}}},
		{"It costs 115USD.", []fig{{Money, "115USD", 115, "USD", "", "", ""}}},
		{"a ₹500 crore plan", []fig{{Money, "₹500 crore", 5e9, "INR", "", "plan", ""}}},
		{"It will cost €5-7bn.", []fig{
			{Money, "€5", 5e9, "EUR", "", "", ""},
			{Money, "7bn", 7e9, "EUR", "", "", ""},
		}},
		{"about $ 14 million", []fig{{Money, "about $ 14 million", 1.4e7, "USD", "about", "", ""}}},
		{"an estimated £ 50 million saved", []fig{{Money, "an estimated £ 50 million", 5e7, "GBP", "an estimated", "", ""}}},
		{"He lost 20 pounds.", []fig{{Quantity, "20 pounds", 20, "lb", "", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

// TestExtractNormalizesMoney checks that the ways of writing one amount
// give the same value and unit, as grounding checks compare them.
func TestExtractNormalizesMoney(t *testing.T) {
	tests := []struct {
		text  string
		value float64
		unit  string
	}{
		{"50bn euros", 5e10, "EUR"},
		{"€50 billion", 5e10, "EUR"},
		{"€50bn", 5e10, "EUR"},
		{"50 billion euros", 5e10, "EUR"},
		{"EUR 50 billion", 5e10, "EUR"},
		{"€50,000,000,000", 5e10, "EUR"},
		{"$1.4m", 1.4e6, "USD"},
		{"1.4 million dollars", 1.4e6, "USD"},
		{"US$1,400,000", 1.4e6, "USD"},
		{"five million yen", 5e6, "JPY"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Extract(tt.text)
			if len(got) != 1 || got[0].Kind != Money || got[0].Value != tt.value || got[0].Unit != tt.unit {
				t.Errorf("Extract(%q) = %+v; want one money figure %v %s", tt.text, got, tt.value, tt.unit)
			}
		})
	}
}

func TestExtractPercent(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"nearly 60 percent of this total", []fig{{Percent, "nearly 60 percent", 60, "%", "nearly", "this total", ""}}},
		{"Unemployment rose 25.7%.", []fig{{Percent, "25.7%", 25.7, "%", "", "Unemployment", ""}}},
		{"about 60 per cent of voters", []fig{{Percent, "about 60 per cent", 60, "%", "about", "voters", ""}}},
		{"ten percent of staff", []fig{{Percent, "ten percent", 10, "%", "", "staff", ""}}},
		{"The gap widened by 3.8 percentage points.", []fig{{Percent, "3.8 percentage points", 3.8, unitPoints, "", "", ""}}},
		{"Growth was -0.5% and minus five percent.", []fig{
			{Percent, "-0.5%", -0.5, "%", "", "Growth", ""},
			{Percent, "minus five percent", -5, "%", "", "", ""},
		}},
		{"a rise of between 10 and 20 percent", []fig{
			{Percent, "10", 10, "%", "", "", ""},
			{Percent, "20 percent", 20, "%", "", "", ""},
		}},
		{"net interest income sank 27 % in the quarter", []fig{{Percent, "27 %", 27, "%", "", "net interest income", ""}}},
		// Connectives and comparatives after a figure are not what it is about.
		{"Earnings dropped by 84% because of costs.", []fig{{Percent, "84%", 84, "%", "", "", ""}}},
		{"Shares closed 24% higher.", []fig{{Percent, "24%", 24, "%", "", "Shares", ""}}},
		{"The euro rose 7% against the dollar.", []fig{{Percent, "7%", 7, "%", "", "euro", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractCountAndQuantity(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"without unanimity from all 32 NATO members", []fig{{Count, "32", 32, "", "", "NATO members", ""}}},
		{"Some 1.4m workers at 49 banks went on strike.", []fig{
			{Count, "Some 1.4m", 1.4e6, "", "Some", "workers", ""},
			{Count, "49", 49, "", "", "banks", ""},
		}},
		{"More than 200 people died.", []fig{{Count, "More than 200", 200, "", "More than", "people", ""}}},
		{"eight cabinet ministers had received it", []fig{{Count, "eight", 8, "", "", "cabinet ministers", ""}}},
		{"She won in 44.93 seconds.", []fig{{Quantity, "44.93 seconds", 44.93, "second", "", "", ""}}},
		{"She won in 44.93s.", []fig{{Quantity, "44.93s", 44.93, "second", "", "", ""}}},
		{"a 5km run", []fig{{Quantity, "5km", 5, "km", "", "", ""}}},
		{"10 tonnes of grain", []fig{{Quantity, "10 tonnes", 10, "tonne", "", "grain", ""}}},
		{"production will rise to 5.5 million tonnes", []fig{{Quantity, "5.5 million tonnes", 5.5e6, "tonne", "", "", ""}}},
		{"Opec pumps 30 million barrels a day", []fig{{Quantity, "30 million barrels a day", 3e7, "barrel/day", "", "", ""}}},
		{"Exports hit 3m tonnes", []fig{{Quantity, "3m tonnes", 3e6, "tonne", "", "", ""}}},
		{"2 million day-trippers came", []fig{{Count, "2 million", 2e6, "", "", "day-trippers", ""}}},
		{"It took over 3.5 hours.", []fig{{Quantity, "over 3.5 hours", 3.5, "hour", "over", "", ""}}},
		{"She ran the 100m final.", []fig{{Quantity, "100m", 100, "m", "", "", ""}}},
		{"It fell 25 basis points.", []fig{{Quantity, "25 basis points", 25, "bp", "", "", ""}}},
		{"He was part of a 19-strong panel.", []fig{{Count, "19-strong", 19, "", "", "panel", ""}}},
		{"a 5,000-strong crowd and a three-man team", []fig{
			{Count, "5,000-strong", 5000, "", "", "crowd", ""},
			{Count, "three-man", 3, "", "", "team", ""},
		}},
		{"a one-man show", nil},
		// the noun before the number: a total
		{"The foundry added 3,000 workers, bringing its headcount to about 76,000.", []fig{
			{Count, "3,000", 3000, "", "", "workers", ""},
			{Count, "about 76,000", 76000, "", "about", "headcount", ""},
		}},
		{"In October, mobile phone users grew by 1.4 million to 44.9 million, overtaking landlines.", []fig{
			{Count, "1.4 million", 1.4e6, "", "", "mobile phone users", ""},
			{Count, "44.9 million", 44.9e6, "", "", "mobile phone users", ""},
		}},
		{"Membership stood at 12,000.", []fig{{Count, "12,000", 12000, "", "", "Membership", ""}}},
		// a count in brackets after its noun
		{"It has the fourth largest number of registered players (125,508) in the world.", []fig{
			{Count, "125,508", 125508, "", "", "players", ""},
		}},
		{"Both unions (2.1 million) voted.", []fig{{Count, "2.1 million", 2.1e6, "", "", "unions", ""}}},
		{"See the rules (3) below.", nil},
		{"Their scores (18) were low.", nil},
		{"The island has a population of 70,000.", []fig{{Count, "70,000", 70000, "", "", "population", ""}}},
		// … but not a verb, an age, a rank, a measure or a name
		{"CES, which runs from 6 to 9 January, opens today.", []fig{{Date, "9 January", 109, "--01-09", "", "", ""}}},
		{"It compares to 27 million.", nil},
		{"It raises the pension age for council workers from 60 to 65.", nil},
		{"He was one of the winners of 11 of the 12 awards.", []fig{{Count, "12", 12, "", "", "awards", ""}}},
		{"She rose three places to 15.", []fig{{Count, "three", 3, "", "", "places", ""}}},
		{"He made two throws of 13.77m.", []fig{{Count, "two", 2, "", "", "throws", ""}}},
		{"the ages of 10 and 17", nil},
		{"a record of two victories from 14 Tests", []fig{{Count, "two", 2, "", "", "victories", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractDates(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"It was enshrined in 2019.", []fig{{Year, "2019", 2019, "", "", "", ""}}},
		{"The 2003 bond deal was repaid.", []fig{{Year, "2003", 2003, "", "", "", ""}}},
		{"It ran 2019-2024.", []fig{{Year, "2019", 2019, "", "", "", ""}, {Year, "2024", 2024, "", "", "", ""}}},
		{"It ran 2019–24.", []fig{{Year, "2019", 2019, "", "", "", ""}, {Year, "24", 2024, "", "", "", ""}}},
		{"between 2019 and 2024", []fig{{Year, "2019", 2019, "", "", "", ""}, {Year, "2024", 2024, "", "", "", ""}}},
		{"in the 1990s", []fig{{Year, "1990s", 1990, "", "", "", ""}}},
		{"on 11 March", []fig{{Date, "11 March", 311, "--03-11", "", "", ""}}},
		{"out from 4 to 22 January, 2017", []fig{{Date, "22 January, 2017", 20170122, "2017-01-22", "", "", ""}}},
		{"on 11th March 2024", []fig{{Date, "11th March 2024", 20240311, "2024-03-11", "", "", ""}}},
		{"in May 2008", []fig{{Date, "May 2008", 20080500, "2008-05", "", "", ""}}},
		{"on March 11, 2024", []fig{{Date, "March 11, 2024", 20240311, "2024-03-11", "", "", ""}}},
		{"on 2024-03-11", []fig{{Date, "2024-03-11", 20240311, "2024-03-11", "", "", ""}}},
		{"on Sept. 30", []fig{{Date, "Sept. 30", 930, "--09-30", "", "", ""}}},
		{"It is expected to be 5 May. Polls open at seven.", []fig{{Date, "5 May", 505, "--05-05", "", "", ""}}},
		{"due on 1 June. More later", []fig{{Date, "1 June", 601, "--06-01", "", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractScore(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"The score was 3-1.", []fig{{Score, "3-1", 3, "3-1", "", "score", ""}}},
		{"Ireland beat South Africa 17-12 at Lansdowne Road.", []fig{{Score, "17-12", 17, "17-12", "", "", ""}}},
		{"England suffered a 51-15 defeat in June.", []fig{{Score, "51-15", 51, "51-15", "", "defeat", "June"}}},
		{"They drew 1–1 with Everton.", []fig{{Score, "1–1", 1, "1-1", "", "", ""}}},
		{"Melzer won 6-3 6-4.", []fig{{Score, "6-3", 6, "6-3", "", "Melzer", ""}, {Score, "6-4", 6, "6-4", "", "", ""}}},
		{"The final score of 3-1 stood.", []fig{{Score, "3-1", 3, "3-1", "", "stood", ""}}},
		{"Arsenal 2-1 Chelsea (half-time 1-0).", []fig{{Score, "2-1", 2, "2-1", "", "", ""}, {Score, "1-0", 1, "1-0", "", "", ""}}},
		// no word of a match next to it, in its sentence: a range, an ID, or no figure at all
		{"Prices rose 3-4. The team won later.", nil},
		{"It is open 9-5 on weekdays, leading the town.", nil},
		{"A 24-7 service won an award.", nil},
		{"See pages 10-12 for the result.", nil},
		{"The bill won by a 4-1 majority.", nil},
		{"The board won a 3-2 vote.", nil},
		{"Labour won the vote held on 5-6 May.", []fig{{Date, "6 May", 506, "--05-06", "", "", ""}}},
		{"Labour lost 20-30 seats.", []fig{{Count, "20", 20, "", "", "seats", ""}, {Count, "30", 30, "", "", "seats", ""}}},
		{"The airline won an order for the A320-200 and the Boeing 737-800.", nil},
		{"In all, 29% of people aged 18-24 were not registered.", []fig{{Percent, "29%", 29, "%", "", "people", ""}}},
		{"The 18-24 year olds won nothing.", []fig{{Quantity, "18", 18, "year", "", "", ""}, {Quantity, "24 year", 24, "year", "", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractPeriod(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"China's economy grew to 2.572 trillion yuan in the fourth quarter.", []fig{
			{Money, "2.572 trillion yuan", 2.572e12, "CNY", "", "", "fourth quarter"},
		}},
		{"Revenue fell 2% in Q4 2024; profit was up 5% last year.", []fig{
			{Percent, "2%", 2, "%", "", "Revenue", "Q4 2024"},
			{Year, "2024", 2024, "", "", "", ""},
			{Percent, "5%", 5, "%", "", "", "last year"},
		}},
		{"In the first half, the firm hired 2,500 engineers.", []fig{
			{Count, "2,500", 2500, "", "", "engineers", "first half"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractNotFigures(t *testing.T) {
	tests := []string{
		"Under Article 5 of the treaty.",
		"The G7 met.",
		"A Boeing 747 landed.",
		"During COVID-19 it closed.",
		"F-16 jets flew.",
		"1. First item",
		"2) Second item",
		"See Section 3.2 for details.",
		"It is one of the best.",
		"Call +44 20 7946 0958 or 555-123-4567.",
		"The two sides met.",
		"The iPhone 15 sold well.",
		"MP3 players and 5G masts.",
		"It opened at 10:30.",
		"See https://example.com/2024/05/123 now.",
		"Odds of 8-1 were offered before the win.",
		"The ratio was 3-1 at the end.",
		"It needs No. 10 to agree.",
		"All 70 of us.",
		"I tried to call Bob 3 times already.",
		// A designator opening the text (a passage often starts a sentence).
		"Article 5 commits allies to defend each other.",
		"Section 3.2 explains it.",
		"Chapter 11 protects the firm.",
		// An "s" glued to a whole number is a plural, a decade or an age
		// group, not seconds; the BBC set never writes seconds that way.
		"The 747s were grounded.",
		"Hits of the 80s and 90s played.",
		"She was in her 30s.",
		"Over-65s travel free.",
		// Four digits before a time zone are a time of day, not a year.
		"Kick-off is at 1600 GMT on Saturday.",
		"The match starts at 1945 BST.",
	}
	for _, text := range tests {
		t.Run(text, func(t *testing.T) {
			if got := figsOf(t, text); len(got) != 0 {
				t.Errorf("Extract(%q) = %v; want none", text, got)
			}
		})
	}
}

// TestExtractSeed checks the sentences of the embedded seed article that
// the figures lookup is judged on.
func TestExtractSeed(t *testing.T) {
	tests := []struct {
		text string
		want []fig
	}{
		{"In 2024, allies provided over €50 billion in support, with European allies and Canada contributing nearly 60 percent of this total.", []fig{
			{Year, "2024", 2024, "", "", "", ""},
			{Money, "over €50 billion", 5e10, "EUR", "over", "support", "2024"},
			{Percent, "nearly 60 percent", 60, "%", "nearly", "this total", "2024"},
		}},
		{"An additional €35 billion has been committed for 2025, signaling sustained long-term support.", []fig{
			{Money, "€35 billion", 3.5e10, "EUR", "", "", "2025"},
			{Year, "2025", 2025, "", "", "", ""},
		}},
		{"This arrangement would allow willing nations to provide robust security commitments without requiring unanimity from all 32 NATO members, potentially accelerating and deepening support for Ukraine’s defense needs.", []fig{
			{Count, "32", 32, "", "", "NATO members", ""},
		}},
		{"These commitments operate under the G7 Joint Declaration framework established at the 2023 Vilnius Summit, creating legal foundations.", []fig{
			{Year, "2023", 2023, "", "", "", ""},
		}},
		{"A non-NATO security guarantee might fail to credibly deter Russia if perceived as weaker than Article 5, particularly given Russia’s violation of the 1994 Budapest Memorandum.", []fig{
			{Year, "1994", 1994, "", "", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.text[:30], func(t *testing.T) { checkFigs(t, tt.text, tt.want) })
	}
}

func TestExtractSentence(t *testing.T) {
	text := "The U.S. gave $5bn. In 2024, allies gave €50 billion.\nNext line has 49 banks."
	want := []string{"The U.S. gave $5bn.", "In 2024, allies gave €50 billion.", "In 2024, allies gave €50 billion.", "Next line has 49 banks."}
	got := Extract(text)
	if len(got) != len(want) {
		t.Fatalf("Extract(%q) = %+v; want %d figures", text, got, len(want))
	}
	for i, f := range got {
		if f.Sentence != want[i] {
			t.Errorf("figure %q: Sentence = %q; want %q", f.Text, f.Sentence, want[i])
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"50bn", 5e10, true},
		{"1.4m", 1.4e6, true},
		{"2,572", 2572, true},
		{"three hundred", 300, true},
		{"twenty-two", 22, true},
		{"2.572 trillion", 2.572e12, true},
		{"35 lakh", 3.5e6, true},
		{"a quarter million", 250000, true},
		{"-5", -5, true},
		{"", 0, false},
		{"five apples", 0, false},
		{"3.2.1", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseNumber(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"In 2024, allies provided over €50 billion in support, with European allies and Canada contributing nearly 60 percent of this total.",
		"$35bn (£18.8bn)", "c $ 16.4 million", "3 dollars 50 cents", "between 10 and 20 percent", "2019–24",
		"12,34,567.89 rupees", "March 11, 2024", "1. item\n2) item", "+44 20 7946 0958", "€5-7bn", "u.s $ 100",
		"percent of 10", "-", "$", "1,", "0.", "\xff1\xfe", "Q4 2024", "mid-2024", "50p", "°C", "5 km/h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := -1
		for _, fg := range Extract(s) {
			if fg.Start < 0 || fg.End > len(s) || fg.Start >= fg.End {
				t.Fatalf("Extract(%q): bad span [%d,%d)", s, fg.Start, fg.End)
			}
			if s[fg.Start:fg.End] != fg.Text {
				t.Fatalf("Extract(%q): text[%d:%d] = %q; want %q", s, fg.Start, fg.End, s[fg.Start:fg.End], fg.Text)
			}
			if fg.Start < prev {
				t.Fatalf("Extract(%q): figures out of order at %q", s, fg.Text)
			}
			prev = fg.Start
			if utf8.ValidString(s) && !strings.Contains(s, fg.Sentence) {
				t.Fatalf("Extract(%q): sentence %q not in input", s, fg.Sentence)
			}
		}
		kept := ExtractAll([]string{s, s}, 4, 6)
		if len(kept[0]) > 4 || len(kept[0])+len(kept[1]) > 6 {
			t.Fatalf("ExtractAll(%q) kept %d and %d figures; want at most 4 each and 6 in all", s, len(kept[0]), len(kept[1]))
		}
		checkSubsequence(t, kept[0], Extract(s))
		checkSubsequence(t, kept[1], Extract(s))
	})
}

// TestExtractDateStopsAtParagraph: a date's parts never come from the next
// paragraph.
func TestExtractDateStopsAtParagraph(t *testing.T) {
	var got []string
	for _, f := range Extract("Kick-off is Saturday, 26 February\n\n2019 was a good year for the club.") {
		got = append(got, string(f.Kind)+":"+f.Text)
	}
	if want := "date:26 February|year:2019"; strings.Join(got, "|") != want {
		t.Errorf("figures = %q; want %q", strings.Join(got, "|"), want)
	}
}
