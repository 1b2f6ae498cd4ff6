package corpus

import (
	"context"
	"os"
	"testing"
)

// bbcDir is the BBC News set next to the repository; benchmarks that need
// it skip when it is missing (a fresh clone).
const bbcDir = "../../shared/data/bbc-news/bbc"

func BenchmarkLoadBBC(b *testing.B) {
	if _, err := os.Stat(bbcDir); err != nil {
		b.Skipf("BBC data not found at %s", bbcDir)
	}
	var bytes int64
	for b.Loop() {
		articles, _, err := Load(context.Background(), bbcDir)
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, a := range articles {
			bytes += int64(len(a.Text))
		}
	}
	b.SetBytes(bytes)
}

func BenchmarkSplitBBC(b *testing.B) {
	if _, err := os.Stat(bbcDir); err != nil {
		b.Skipf("BBC data not found at %s", bbcDir)
	}
	articles, _, err := Load(context.Background(), bbcDir)
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for _, a := range articles {
		bytes += int64(len(a.Text))
	}
	b.SetBytes(bytes)
	for b.Loop() {
		for _, a := range articles {
			Split(a)
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	text := Default()[0].Text
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}
