package bleve

import (
	"sort"
	"strings"

	indexapi "github.com/blevesearch/bleve_index_api"

	"newsdesk/corpus"

	"newsdesk/corpus/split"
)

// storedArticle is an article as the index keeps it: its metadata, and its
// sections as offsets into the text, which is stored once in its own field.
// Paragraphs are verbatim substrings of the text, so offsets lose nothing
// and keep the stored data (and the indexing time) small.
type storedArticle struct {
	corpus.Article
	Sections []storedSection `json:"Sections"`
}

type storedSection struct {
	Heading    string   `json:"h"`
	Paragraphs [][2]int `json:"p"` // [start, end) byte offsets into the text
}

func packArticle(a corpus.Article) storedArticle {
	s := storedArticle{Article: a}
	s.Article.Text, s.Article.Sections = "", nil
	at := 0
	for _, sec := range a.Sections {
		ss := storedSection{Heading: sec.Heading}
		for _, p := range sec.Paragraphs {
			i := strings.Index(a.Text[at:], p)
			if i < 0 {
				i = strings.Index(a.Text, p) // out of order: still a substring
				if i < 0 {
					continue // not in the text; corpus never produces this
				}
			} else {
				i += at
				at = i + len(p)
			}
			ss.Paragraphs = append(ss.Paragraphs, [2]int{i, i + len(p)})
		}
		s.Sections = append(s.Sections, ss)
	}
	return s
}

func (s storedArticle) unpack(text string) corpus.Article {
	a := s.Article
	a.Text = text
	for _, ss := range s.Sections {
		sec := corpus.Section{Heading: ss.Heading}
		for _, p := range ss.Paragraphs {
			if 0 <= p[0] && p[0] <= p[1] && p[1] <= len(text) {
				sec.Paragraphs = append(sec.Paragraphs, text[p[0]:p[1]])
			}
		}
		a.Sections = append(a.Sections, sec)
	}
	return a
}

// sentenceAt returns the sentence of text that holds byte offset at, given
// the sentences of text (split.SentenceSpans), or "" when none does. Stored
// figures leave out their sentence, which is always in the passage text;
// the caller splits a passage once for all of its figures.
func sentenceAt(text string, sents []split.Span, at int) string {
	k := sort.Search(len(sents), func(k int) bool { return sents[k].End > at })
	if k < len(sents) && sents[k].Start <= at {
		return text[sents[k].Start:sents[k].End]
	}
	return ""
}

// storedString returns the stored field name of d, or "" when it has none.
func storedString(d indexapi.Document, name string) string {
	var s string
	d.VisitFields(func(f indexapi.Field) {
		if f.Name() == name {
			s = string(f.Value())
		}
	})
	return s
}
