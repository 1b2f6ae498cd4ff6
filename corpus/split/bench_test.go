package split

import (
	"context"
	"testing"

	"newsdesk/corpus"
	"newsdesk/internal/dataset"
)

// bbcArticles loads the BBC News set under $NEWSDESK_DATA and sets the
// bytes per op to its text size. It skips b when NEWSDESK_DATA is unset.
func bbcArticles(b *testing.B) []corpus.Article {
	b.Helper()
	articles, _, err := corpus.Load(context.Background(), dataset.Path(b, "bbc-news", "bbc"))
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for _, a := range articles {
		bytes += int64(len(a.Text))
	}
	b.SetBytes(bytes)
	return articles
}

func BenchmarkPassagesBBC(b *testing.B) {
	articles := bbcArticles(b)
	for b.Loop() {
		for _, a := range articles {
			Passages(a)
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	text := corpus.Default()[0].Text
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}
