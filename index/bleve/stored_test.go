package bleve

import (
	"reflect"
	"testing"

	"newsdesk/corpus"
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
	text := "Mr. Smith paid €50bn. Shares rose 3.8% on Monday. Nothing else."
	cases := []struct {
		at   int
		want string
	}{
		{0, "Mr. Smith paid €50bn."},
		{30, "Shares rose 3.8% on Monday."},
		{len(text) - 2, "Nothing else."},
		{len(text) + 5, ""},
	}
	for _, c := range cases {
		if got := sentenceAt(text, c.at); got != c.want {
			t.Errorf("sentenceAt(%d) = %q; want %q", c.at, got, c.want)
		}
	}
}
