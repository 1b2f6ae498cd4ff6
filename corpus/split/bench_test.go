package split

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/corpus"
)

// bbcArticles loads the BBC News set under NEWSDESK_DATA, the folder that
// holds the public data sets (bbc-news/, beir-scifact/, squad-v1.1-dev/,
// recognizers-text-specs-en/), and sets the bytes per op to its text size.
// It skips tb when NEWSDESK_DATA is unset, as in a fresh clone.
func bbcArticles(b *testing.B) []corpus.Article {
	b.Helper()
	root := os.Getenv("NEWSDESK_DATA")
	if root == "" {
		b.Skip("NEWSDESK_DATA is not set: set it to the folder holding bbc-news/ to run this")
	}
	articles, _, err := corpus.Load(context.Background(), filepath.Join(root, "bbc-news", "bbc"))
	if err != nil {
		b.Fatalf("NEWSDESK_DATA has no BBC News set: %v", err)
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
