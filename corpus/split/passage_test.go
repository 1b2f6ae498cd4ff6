package split

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"newsdesk/corpus"
)

// article builds a corpus.Article as the parsers do, from a heading ("" for the
// lead) followed by its paragraphs, repeated: Text is the blocks joined by
// blank lines. The test paragraphs are already clean text.
func article(id string, sections ...corpus.Section) corpus.Article {
	var blocks []string
	for _, s := range sections {
		if s.Heading != "" {
			blocks = append(blocks, s.Heading)
		}
		blocks = append(blocks, s.Paragraphs...)
	}
	return corpus.Article{ID: id, Title: "Test", Source: id + ".txt", Text: strings.Join(blocks, "\n\n"), Sections: sections}
}

// longSentence returns a sentence of about n bytes.
func longSentence(n int, word string) string {
	var sb strings.Builder
	sb.WriteString("The")
	for sb.Len() < n-len(word)-2 {
		sb.WriteString(" " + word)
	}
	sb.WriteString(".")
	return sb.String()
}

func TestPassages(t *testing.T) {
	long := strings.Join([]string{longSentence(300, "alpha"), longSentence(300, "beta"), longSentence(300, "gamma"),
		longSentence(300, "delta"), longSentence(300, "epsilon")}, " ")
	tests := []struct {
		name     string
		article  corpus.Article
		texts    []string // passage texts, in order
		locators []string
		sections []string
	}{
		{
			name: "short paragraphs of a section are packed",
			article: article("a", corpus.Section{Paragraphs: []string{"One.", "Two."}},
				corpus.Section{Heading: "Next", Paragraphs: []string{"Three."}}),
			texts:    []string{"One.\n\nTwo.", "Three."},
			locators: []string{"¶1–2", "Next ¶1"},
			sections: []string{"", "Next"},
		},
		{
			name: "packing stops at about 800 bytes",
			article: article("a", corpus.Section{Heading: "H", Paragraphs: []string{
				longSentence(350, "one"), longSentence(350, "two"), longSentence(350, "three"), longSentence(80, "four")}}),
			texts:    []string{longSentence(350, "one") + "\n\n" + longSentence(350, "two"), longSentence(350, "three") + "\n\n" + longSentence(80, "four")},
			locators: []string{"H ¶1–2", "H ¶3–4"},
			sections: []string{"H", "H"},
		},
		{
			name:     "a paragraph up to MaxPassage stays whole",
			article:  article("a", corpus.Section{Paragraphs: []string{longSentence(900, "word"), "Short."}}),
			texts:    []string{longSentence(900, "word"), "Short."},
			locators: []string{"¶1", "¶2"},
			sections: []string{"", ""},
		},
		{
			name:    "a long paragraph is cut at sentence boundaries",
			article: article("a", corpus.Section{Heading: "Diplomatic Implications and Russian Calculations", Paragraphs: []string{long}}),
			texts: []string{
				strings.Join([]string{longSentence(300, "alpha"), longSentence(300, "beta"), longSentence(300, "gamma")}, " "),
				strings.Join([]string{longSentence(300, "delta"), longSentence(300, "epsilon")}, " "),
			},
			locators: []string{"Diplomatic Implications and Russian… ¶1 (1/2)", "Diplomatic Implications and Russian… ¶1 (2/2)"},
			sections: []string{"Diplomatic Implications and Russian Calculations", "Diplomatic Implications and Russian Calculations"},
		},
		{
			name:    "a sentence longer than MaxPassage is cut at a word boundary",
			article: article("a", corpus.Section{Paragraphs: []string{longSentence(1500, "lengthy")}}),
			texts: []string{
				longSentence(1500, "lengthy")[:strings.LastIndex(longSentence(1500, "lengthy")[:MaxPassage+1], " ")],
				longSentence(1500, "lengthy")[strings.LastIndex(longSentence(1500, "lengthy")[:MaxPassage+1], " ")+1:],
			},
			locators: []string{"¶1 (1/2)", "¶1 (2/2)"},
			sections: []string{"", ""},
		},
		{
			name:     "invalid UTF-8 without spaces is still cut",
			article:  corpus.Article{ID: "a", Text: strings.Repeat("\x80", 1500)},
			texts:    []string{strings.Repeat("\x80", 1000), strings.Repeat("\x80", 500)},
			locators: []string{"¶1 (1/2)", "¶1 (2/2)"},
			sections: []string{"", ""},
		},
		{
			name:     "heading-only sections give no passage",
			article:  article("a", corpus.Section{Heading: "Empty"}, corpus.Section{Heading: "Full", Paragraphs: []string{"Text."}}),
			texts:    []string{"Text."},
			locators: []string{"Full ¶1"},
			sections: []string{"Full"},
		},
		{
			name:     "a paragraph equal to a heading is found after it",
			article:  article("a", corpus.Section{Heading: "Same", Paragraphs: []string{"Same"}}),
			texts:    []string{"Same"},
			locators: []string{"Same ¶1"},
			sections: []string{"Same"},
		},
		{
			name:     "no sections: blocks of Text are the lead",
			article:  corpus.Article{ID: "a", Text: "First block.\n\nSecond block."},
			texts:    []string{"First block.\n\nSecond block."},
			locators: []string{"¶1–2"},
			sections: []string{""},
		},
		{
			name: "paragraphs missing from Text are left out",
			article: corpus.Article{ID: "a", Text: "Real paragraph.",
				Sections: []corpus.Section{{Paragraphs: []string{"Invented paragraph.", "Real paragraph."}}}},
			texts:    []string{"Real paragraph."},
			locators: []string{"¶2"},
			sections: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passages(tt.article)
			checkPassages(t, tt.article, got)
			if len(got) != len(tt.texts) {
				t.Fatalf("got %d passages %q; want %d %q", len(got), texts(got), len(tt.texts), tt.texts)
			}
			for i, p := range got {
				if p.Text != tt.texts[i] {
					t.Errorf("passage %d text:\ngot  %q\nwant %q", i+1, p.Text, tt.texts[i])
				}
				if p.Locator != tt.locators[i] {
					t.Errorf("passage %d locator: got %q; want %q", i+1, p.Locator, tt.locators[i])
				}
				if p.Section != tt.sections[i] {
					t.Errorf("passage %d section: got %q; want %q", i+1, p.Section, tt.sections[i])
				}
			}
		})
	}
}

func texts(ps []corpus.Passage) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text
	}
	return out
}

// checkPassages verifies what every caller of Passages relies on: IDs
// ArticleID#n from 1, texts that are non-empty verbatim substrings of the
// article of at most MaxPassage bytes, on sentence boundaries, in order.
func checkPassages(tb testing.TB, a corpus.Article, ps []corpus.Passage) {
	tb.Helper()
	pos := 0
	for i, p := range ps {
		if p.N != i+1 || p.ID != fmt.Sprintf("%s#%d", a.ID, i+1) || p.ArticleID != a.ID {
			tb.Errorf("passage %d: got ID %q N %d ArticleID %q; want %s#%d", i+1, p.ID, p.N, p.ArticleID, a.ID, i+1)
		}
		if p.Text == "" || strings.TrimSpace(p.Text) != p.Text {
			tb.Errorf("passage %s: text %q is empty or has surrounding space", p.ID, p.Text)
		}
		if len(p.Text) > MaxPassage {
			tb.Errorf("passage %s: %d bytes; want at most %d", p.ID, len(p.Text), MaxPassage)
		}
		if !utf8.ValidString(p.Text) && utf8.ValidString(a.Text) {
			tb.Errorf("passage %s: cut inside a character: %q", p.ID, p.Text)
		}
		i := strings.Index(a.Text[pos:], p.Text)
		if i < 0 {
			tb.Fatalf("passage %s: %q is not a substring of the article text after offset %d", p.ID, p.Text, pos)
		}
		pos += i + len(p.Text)
		if p.Locator == "" || !strings.Contains(p.Locator, "¶") {
			tb.Errorf("passage %s: locator %q has no ¶", p.ID, p.Locator)
		}
	}
}

// TestPassagesOfTestdata splits what the parsers read from the corpus
// test articles and the embedded seed: every reader's output must split
// into passages that keep the invariants.
func TestPassagesOfTestdata(t *testing.T) {
	articles, _, err := corpus.Load(context.Background(), "../testdata/articles")
	if err != nil || len(articles) == 0 {
		t.Fatalf("Load: %d articles, %v; want the test articles", len(articles), err)
	}
	for _, a := range articles {
		t.Run(a.ID, func(t *testing.T) { checkPassages(t, a, Passages(a)) })
	}
}

func TestPassagesSeed(t *testing.T) {
	a := corpus.Default()[0]
	passages := Passages(a)
	checkPassages(t, a, passages)
	i := slices.IndexFunc(passages, func(p corpus.Passage) bool { return strings.Contains(p.Text, "over €50 billion") })
	if i < 0 {
		t.Fatalf("no passage contains %q", "over €50 billion")
	}
	p := passages[i]
	if !strings.HasPrefix(p.Locator, "European Coalition Architecture") || p.Section != "European Coalition Architecture Takes Shape" {
		t.Errorf("€50 billion passage: locator %q, section %q; want them from \"European Coalition Architecture Takes Shape\"", p.Locator, p.Section)
	}
	if strings.Contains(p.Text, "Takes Shape") {
		t.Errorf("passage text %q includes its heading", p.Text)
	}
}

func TestLocatorHeading(t *testing.T) {
	tests := []struct{ heading, want string }{
		{"Story Highlights", "Story Highlights"},
		{"Ukraine’s Strategic Pivot Away From NATO", "Ukraine’s Strategic Pivot Away From NATO"},
		{"European Coalition Architecture Takes Shape", "European Coalition Architecture Takes…"},
		{"Diplomatic Implications and Russian Calculations", "Diplomatic Implications and Russian…"},
		{"Supercalifragilisticexpialidociousnessisimolously", "Supercalifragilisticexpialidociousnessi…"},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			if got := locatorHeading(tt.heading); got != tt.want {
				t.Errorf("locatorHeading(%q) = %q; want %q", tt.heading, got, tt.want)
			}
		})
	}
}

func FuzzPassages(f *testing.F) {
	f.Add(byte(0), []byte("Title\n\nFirst paragraph. Mr. Smith said so.\n\nSecond one."))
	f.Add(byte(0), []byte("\nLead paragraph here.\nStory Highlights\n- one\n- two\nA Heading Here\nBody text follows. More.\n"))
	f.Add(byte(1), []byte("---\ntitle: T\npublished: 2024-01-02\n---\n# T\n\nText with **bold** and [a link](x).\n\n## Sec\n\n- item\n"))
	f.Add(byte(2), []byte("<html><title>T</title><article><h1>T</h1><p>One.</p><h2>S</h2><p>Two.</p></article></html>"))
	f.Add(byte(0), []byte("T\n\n"+strings.Repeat("word ", 400)+"end."))
	f.Add(byte(1), []byte("\xa3 15.8m \x93quoted\x94 \x00"))
	f.Add(byte(3), []byte(`{"id":"a","title":"T","text":"One. Two.","published":"2024-01-02"}`+"\n"+`{"_id":5,"text":"x"}`))
	exts := []string{".txt", ".md", ".html", ".jsonl"}
	f.Fuzz(func(t *testing.T, format byte, data []byte) {
		if ext := exts[int(format)%len(exts)]; ext == ".jsonl" {
			articles, _, _ := corpus.ParseJSONL("fuzz/feed.jsonl", bytes.NewReader(data))
			for _, a := range articles {
				checkPassages(t, a, Passages(a))
			}
			return
		}
		a, err := corpus.Parse("fuzz/article"+exts[int(format)%len(exts)], data)
		if err != nil {
			return
		}
		if a.Title == "" {
			t.Fatalf("empty title")
		}
		for _, s := range a.Sections {
			for _, p := range s.Paragraphs {
				if !strings.Contains(a.Text, p) {
					t.Fatalf("paragraph %q not in text", p)
				}
			}
		}
		checkPassages(t, a, Passages(a))
	})
}
