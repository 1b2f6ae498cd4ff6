package corpus

import (
	"errors"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// want describes the parts of a parsed article a test checks. Empty fields
// are not checked, except Headings and Paragraphs when set to a non-nil
// slice.
type want struct {
	ID, Title, Source, URL string
	Published              string // RFC 3339, "" for zero
	Headings               []string
	Paragraphs             []string // all paragraphs in order, across sections
}

func checkArticle(tb testing.TB, a Article, w want) {
	tb.Helper()
	for _, f := range []struct{ name, got, want string }{
		{"ID", a.ID, w.ID}, {"Title", a.Title, w.Title}, {"Source", a.Source, w.Source}, {"URL", a.URL, w.URL},
	} {
		if f.want != "" && f.got != f.want {
			tb.Errorf("%s: got %q; want %q", f.name, f.got, f.want)
		}
	}
	gotPub := ""
	if !a.Published.IsZero() {
		gotPub = a.Published.Format(time.RFC3339)
	}
	if gotPub != w.Published {
		tb.Errorf("Published: got %q; want %q", gotPub, w.Published)
	}
	var headings, paras []string
	for _, s := range a.Sections {
		if s.Heading != "" {
			headings = append(headings, s.Heading)
		}
		paras = append(paras, s.Paragraphs...)
	}
	if w.Headings != nil && !slices.Equal(headings, w.Headings) {
		tb.Errorf("headings:\ngot  %q\nwant %q", headings, w.Headings)
	}
	if w.Paragraphs != nil && !slices.Equal(paras, w.Paragraphs) {
		tb.Errorf("paragraphs:\ngot  %q\nwant %q", paras, w.Paragraphs)
	}
	if strings.HasPrefix(a.Text, a.Title) {
		tb.Errorf("article %q: title %q repeated at the start of the text", a.ID, a.Title)
	}
	checkConsistent(tb, a)
}

// checkConsistent verifies the invariants of every parsed article: a title,
// a hash, Text made of the headings and paragraphs in order, each clean.
func checkConsistent(tb testing.TB, a Article) {
	tb.Helper()
	if a.Title == "" || a.Hash == "" || a.ID == "" || a.Source == "" {
		tb.Errorf("article %q: empty title, hash, ID or source: %+v", a.ID, a)
	}
	var blocks []string
	for _, s := range a.Sections {
		if s.Heading != "" {
			blocks = append(blocks, s.Heading)
		}
		for _, p := range s.Paragraphs {
			if p == "" || clean(p) != p {
				tb.Errorf("article %q: paragraph %q is not normalized", a.ID, p)
			}
			blocks = append(blocks, p)
		}
	}
	if got := strings.Join(blocks, "\n\n"); got != a.Text {
		tb.Errorf("article %q: Text is not its blocks joined:\ngot  %q\nwant %q", a.ID, a.Text, got)
	}
}

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path.Join("testdata/articles", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestParse(t *testing.T) {
	tests := []struct {
		file string
		want want
	}{
		{"energy/tidal-lagoon.txt", want{
			ID: "energy/tidal-lagoon", Title: "Tidal lagoon wins planning approval", Source: "energy/tidal-lagoon.txt",
			Headings: []string{},
			Paragraphs: []string{
				"A £1.3bn tidal lagoon off the coast of Northport has been given planning approval by the regional council.",
				"The scheme, backed by Harbour Energy Ltd., is expected to generate 320 megawatts at peak, enough for about 155,000 homes. Mr. Alvarez, the company's chief executive, said construction would start in Sept. 2026.",
				"Critics say the costs have risen 3.8% since the first estimate.",
				`"It is the most expensive electricity we could buy," said Dr. Helen Park of the Coastal Trust. "Consumers will pay for decades."`,
				"The council vote was 31 to 9.",
			},
		}},
		{"energy/grid-briefing.txt", want{
			ID: "energy/grid-briefing", Title: "Grid briefing", // no headline line: from the file name
			Headings: []string{"Key Points", "Why Margins Are Falling", "What Households Can Do"},
			Paragraphs: []string{
				"The national grid operator has published its winter outlook, warning that margins will be tighter than last year but still within the normal range.",
				"Spare capacity is forecast at 6.1% of peak demand, down from 7.4%",
				"Two older gas plants will close in November",
				"Battery storage has doubled since 2024",
				"Demand has recovered after two mild winters, and interconnector imports from the continent are expected to be lower. The operator said it had signed contracts with 41 providers to reduce demand at short notice, paying them €120 per megawatt-hour.",
				"Officials insisted there was no risk of blackouts. They said the U.S. and Norway would continue to supply liquefied gas at prices agreed in the spring.",
				"Households that shift laundry and dishwashing to the evening may earn credits of up to £25 over the winter.",
			},
		}},
		{"energy/wrapped-memo.txt", want{
			Title:    "Memo on depot electrification",
			Headings: []string{},
			Paragraphs: []string{
				"The transport authority plans to convert its three largest bus depots to electric charging by the end of 2027, according to an internal memo seen by reporters. The first depot, at Eastgate, will need a new substation.",
				"Engineers estimate that each depot will draw up to 8 megawatts overnight, which is roughly the demand of a small town. The memo says talks with the network company began in March.",
			},
		}},
		{"markets/rate-decision.md", want{
			ID: "markets/rate-decision", Title: "Central bank holds rates at 4.25% as inflation eases",
			Source: "Example Wire", URL: "https://example.com/markets/rate-decision", Published: "2025-03-20T00:00:00Z",
			Headings: []string{"What the bank said", "Market reaction"},
			Paragraphs: []string{
				"The central bank kept its main interest rate at 4.25% on Thursday, saying inflation was falling more slowly than it had hoped. Read the full statement.",
				`Governor Ana Reyes said the committee voted 7–2 to hold. "We are not there yet," she told reporters.`,
				"Two members, including Mr. Okafor, voted for a cut of 0.25 percentage points.",
				"Bond yields rose by 0.1 percentage points",
				"The currency gained 0.4% against the U.S. dollar",
				"Bank shares were flat",
				"Analysts at Northbridge Capital expect the first cut in June.",
			},
		}},
		{"markets/port-strike.md", want{
			Title: "Port strike enters its second week", Source: "markets/port-strike.md",
			Headings: []string{},
			Paragraphs: []string{
				"Dock workers at the country's largest container port stayed off the job for an eighth day on Monday, leaving 64 ships waiting at anchor.",
				"Union leaders said talks with the port authority had stalled over pay, while the authority said it had offered a rise of 9% over two years.",
			},
		}},
		{"web/harbour-bridge.html", want{
			ID: "web/harbour-bridge", Title: "Harbour bridge reopens after repairs", Source: "web/harbour-bridge.html",
			URL: "https://example.org/news/harbour-bridge-reopens", Published: "2025-06-02T07:30:00+01:00",
			Headings: []string{"Traffic returns"},
			Paragraphs: []string{
				"The harbour bridge reopened to traffic on Monday after eleven months of repairs costing £48m.",
				"Engineers replaced 1,200 tonnes of steel and all 96 suspension cables.",
				"About 42,000 vehicles crossed on the first day, according to the city council.",
				"Cyclists get a separate lane",
				"Tolls stay at £2.50 for cars",
			},
		}},
		{"web/library-hours.htm", want{
			ID: "web/library-hours", Title: "Libraries extend opening hours", Published: "2025-01-15T00:00:00Z",
			Headings: []string{"Funding"},
			Paragraphs: []string{
				"Public libraries in the county will open until 9 p.m. on weekdays from February, the council said.",
				"The change is funded by a grant of $2.4 million from a private foundation.",
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) { checkParse(t, tt.file, readTestdata(t, tt.file), tt.want) })
	}
}

// checkParse parses data as the file at path and checks the article
// against want.
func checkParse(t *testing.T, path string, data []byte, want want) {
	t.Helper()
	a, err := Parse(path, data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkArticle(t, a, want)
}

func TestParseInline(t *testing.T) {
	tests := []struct {
		name, path, data string
		want             want
	}{
		{"txt headline with question mark", "q.txt", "Is this the end?\n\nBody text here.",
			want{Title: "Is this the end?", Paragraphs: []string{"Body text here."}}},
		{"txt first line is a sentence", "notes/first-line.txt", "This is a sentence.\n\nAnother.",
			want{Title: "First line", Paragraphs: []string{"This is a sentence.", "Another."}}},
		{"txt single line is body, not title", "one-line.txt", "Only a short line",
			want{Title: "One line", Paragraphs: []string{"Only a short line"}}},
		{"txt CRLF, tabs, NBSP and invisible characters", "w.txt", "Head\r\n\r\nA\u00a0b\t\tc\u200b d\ufeff e\u202e f.\r\n",
			want{Title: "Head", Paragraphs: []string{"A b c d e f."}}},
		{"txt keeps typographic quotes", "t.txt", "Head\n\n“Quoted” — it’s fine…",
			want{Title: "Head", Paragraphs: []string{"“Quoted” — it’s fine…"}}},
		{"txt list of short lines is not headings", "fixtures.txt", "Cup draw\n\nArsenal v Stoke\nChelsea v Leeds\nHull v York\n\nThe ties are played next month.",
			want{Title: "Cup draw", Headings: []string{}, Paragraphs: []string{"Arsenal v Stoke", "Chelsea v Leeds", "Hull v York", "The ties are played next month."}}},
		{"txt heading must be followed by a sentence", "h.txt", "Head\n\nFirst paragraph ends.\n\nSubhead Here\n\nthe text continues in lower case.",
			want{Title: "Head", Headings: []string{}, Paragraphs: []string{"First paragraph ends.", "Subhead Here", "the text continues in lower case."}}},
		{"txt line broken mid-sentence is joined", "m.txt", "Head\n\nA long line that is broken in the middle of a sentence by some editor and continues over the limit of one hundred characters\nhere on the next line.",
			want{Title: "Head", Paragraphs: []string{"A long line that is broken in the middle of a sentence by some editor and continues over the limit of one hundred characters here on the next line."}}},
		{"txt numbered list", "n.txt", "Head\n\nSteps:\n1. Open the box\n2) Read the note",
			want{Title: "Head", Paragraphs: []string{"Steps:", "Open the box", "Read the note"}}},
		{"md setext headings and code", "s.md", "Title Here\n==========\n\nIntro *text* with `code_span` and snake_case and 5 * 3.\n\nPart Two\n--------\n\n```\nfmt.Println(1)\n```\n\n> Quoted line\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			want{Title: "Title Here", Headings: []string{"Part Two"},
				Paragraphs: []string{"Intro text with code_span and snake_case and 5 * 3.", "fmt.Println(1)", "Quoted line", "a | b", "1 | 2"}}},
		{"md front matter with RFC 3339 date and different H1", "f.md", "---\ntitle: From Front Matter\npublished: 2024-05-06T10:11:12Z\n---\n# A Different Heading\n\nText.",
			want{Title: "From Front Matter", Published: "2024-05-06T10:11:12Z", Headings: []string{"A Different Heading"}, Paragraphs: []string{"Text."}}},
		{"md date key, images, escapes, entities, html", "e.md", "---\ndate: 2024-01-02\n---\n\n![A chart](c.png) \\*not emphasis\\* &amp; <b>bold</b> __strong__ ~~gone~~ [ref link][1] text[^1].",
			want{Title: "E", Published: "2024-01-02T00:00:00Z", Paragraphs: []string{"A chart *not emphasis* & bold strong gone ref link text."}}},
		{"md unclosed front matter is a rule", "u.md", "---\nJust text after a rule.",
			want{Title: "U", Paragraphs: []string{"Just text after a rule."}}},
		{"html title tag with site name", "p.html", "<html><head><title>Page Title | Site</title></head><body><p>Body <b>bold</b><br>next.</p><time datetime=\"2023-07-08\">8 July</time></body></html>",
			want{Title: "Page Title", Published: "2023-07-08T00:00:00Z", Paragraphs: []string{"Body bold next.", "8 July"}}},
		{"html main and og:url", "m.htm", `<meta property="og:url" content="https://x.test/a"><nav>Menu</nav><main><h1>Main Head</h1><p hidden>secret</p><div>Div text.</div><h4>Small</h4><p>More.</p></main><p>Outside.</p>`,
			want{Title: "Main Head", URL: "https://x.test/a", Headings: []string{"Small"}, Paragraphs: []string{"Div text.", "More."}}},
		{"upper-case extension", "LOUD.TXT", "Head\n\nBody.", want{ID: "LOUD", Title: "Head", Paragraphs: []string{"Body."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkParse(t, tt.path, []byte(tt.data), tt.want) })
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, path, data string
		want             error
		reason           string
	}{
		{"empty", "e.txt", "", ErrEmpty, "empty"},
		{"white space", "w.md", " \n\t\n\u00a0\u200b", ErrEmpty, "empty"},
		{"front matter only", "f.md", "---\ntitle: T\n---\n", ErrEmpty, "empty"},
		{"html without text", "h.html", "<html><body><script>x()</script></body></html>", ErrEmpty, "empty"},
		{"NUL bytes", "b.txt", "GIF89a\x00\x01\x02", ErrBinary, "binary file"},
		{"control characters", "c.txt", strings.Repeat("\x01\x02\x03a", 50), ErrBinary, "binary file"},
		{"unknown extension", "doc.pdf", "%PDF-1.4", ErrUnsupported, "unsupported extension .pdf (use .txt, .md, .html or .jsonl)"},
		{"no extension", "Makefile", "all:", ErrUnsupported, "unsupported extension: no extension (use .txt, .md, .html or .jsonl)"},
		{"jsonl needs ParseJSONL", "a.jsonl", "{}", ErrUnsupported, ""},
		{"bad yaml", "y.md", "---\ntitle: [unclosed\n---\nText.", nil, "front matter: "},
		{"bad date", "d.md", "---\npublished: last Tuesday\n---\nText.", nil, `front matter: published date "last Tuesday": use YYYY-MM-DD or RFC 3339`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded; want an error", tt.data)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got error %v; want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.reason) {
				t.Errorf("got reason %q; want it to start with %q", err, tt.reason)
			}
		})
	}
}

func TestParseDecoding(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"Latin-1 pound", []byte("Transfer\n\nMutu, a \xa315.8m signing, left."), "Mutu, a £15.8m signing, left."},
		{"Windows-1252 quotes and euro", []byte("Head\n\n\x93Hi\x94 \x80 5 \x96 done"), "“Hi” € 5 – done"},
		{"valid UTF-8 next to a stray byte", []byte("Head\n\n£1 and \xa32"), "£1 and £2"},
		{"UTF-8 BOM", []byte("\xef\xbb\xbfHead\n\nBody."), "Body."},
		{"UTF-16 LE with BOM", utf16le("Head\n\nBody café."), "Body café."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.txt", tt.data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != "Head" && a.Title != "Transfer" {
				t.Errorf("title: got %q", a.Title)
			}
			if a.Text != tt.want {
				t.Errorf("text: got %q; want %q", a.Text, tt.want)
			}
		})
	}
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestHash(t *testing.T) {
	base, err := Parse("a.txt", []byte("Head\n\nBody."))
	if err != nil {
		t.Fatal(err)
	}
	same, _ := Parse("a.txt", []byte("Head\r\n\r\nBody.  \n"))
	if same.Hash != base.Hash {
		t.Errorf("same content, different hash: %s vs %s", same.Hash, base.Hash)
	}
	for _, data := range []string{"Head\n\nBody!", "Other head\n\nBody."} {
		other, _ := Parse("a.txt", []byte(data))
		if other.Hash == base.Hash {
			t.Errorf("changed content %q kept hash %s", data, base.Hash)
		}
	}
	if len(base.Hash) != 64 {
		t.Errorf("hash %q: want 64 hex digits", base.Hash)
	}
}

// TestParseSharesText: every heading and paragraph is a slice of the
// article's Text, so a loaded corpus holds each text once.
func TestParseSharesText(t *testing.T) {
	for _, c := range []struct{ name, file string }{
		{"a.txt", "Title\n\nFirst paragraph\nwrapped here.\n\nSecond paragraph."},
		{"b.md", "# Title\n\nLead.\n\n## Part two\n\nMore text here."},
		{"c.html", "<html><head><title>T</title></head><body><p>One.</p><h2>Two</h2><p>Three.</p></body></html>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Parse(c.name, []byte(c.file))
			if err != nil {
				t.Fatal(err)
			}
			start := uintptr(unsafe.Pointer(unsafe.StringData(a.Text)))
			within := func(s string) bool {
				p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
				return p >= start && p+uintptr(len(s)) <= start+uintptr(len(a.Text))
			}
			for _, s := range a.Sections {
				if s.Heading != "" && !within(s.Heading) {
					t.Errorf("heading %q is not a slice of Text", s.Heading)
				}
				for _, p := range s.Paragraphs {
					if !within(p) {
						t.Errorf("paragraph %q is not a slice of Text", p)
					}
				}
			}
		})
	}
}
