package bleve

import (
	"reflect"
	"testing"

	"newsdesk/corpus"
	"newsdesk/corpus/split"
)

func TestStoredArticleRoundTrip(t *testing.T) {
	for _, a := range append(corpus.Default(), article(t, "harbour", harbour), article(t, "rail", rail)) {
		got := packArticle(a).unpack(a.Text)
		if !reflect.DeepEqual(got, a) {
			t.Errorf("%s: unpack(pack(a)) = %+v; want %+v", a.ID, got, a)
		}
	}
}

func TestSentenceAt(t *testing.T) {
	cases := []struct {
		name, text string
		at         int
		want       string
	}{
		{"first", "Mr. Smith paid €50bn. Shares rose 3.8% on Monday. Nothing else.", 0, "Mr. Smith paid €50bn."},
		{"middle", "Mr. Smith paid €50bn. Shares rose 3.8% on Monday. Nothing else.", 30, "Shares rose 3.8% on Monday."},
		{"last", "Mr. Smith paid €50bn. Shares rose 3.8% on Monday. Nothing else.", 62, "Nothing else."},
		{"past the end", "Mr. Smith paid €50bn. Shares rose 3.8% on Monday. Nothing else.", 70, ""},
		{"between sentences", "It rose. It fell.", 8, ""},
		{"a repeated sentence", "Up 5%. Down 2%. Up 5%.", 17, "Up 5%."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sentenceAt(c.text, split.SentenceSpans(c.text), c.at); got != c.want {
				t.Errorf("sentenceAt(%q, %d) = %q; want %q", c.text, c.at, got, c.want)
			}
		})
	}
}
