package bleve

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
	"newsdesk/internal/dataset"
)

// bbcArticles loads the BBC set and sets the benchmark's bytes per op to
// its text size.
func bbcArticles(b *testing.B) []corpus.Article {
	b.Helper()
	arts, _, err := corpus.Load(context.Background(), dataset.Path(b, "bbc-news", "bbc"))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	b.SetBytes(size)
	return arts
}

// BenchmarkIndexBBC measures newsdesk's indexing of the BBC set: passages,
// figures and stored articles, into a new on-disk index.
//
//	go test ./index/bleve -run '^$' -bench IndexBBC -benchtime 3x
func BenchmarkIndexBBC(b *testing.B) {
	arts := bbcArticles(b)
	b.ReportAllocs()
	for b.Loop() {
		ix, err := Open(context.Background(), b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Update(context.Background(), arts, nil); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkNaiveSearchBBC is the baseline's query side: a match query on the
// whole question, on the naive index, for each question of the project's
// question set in turn.
//
//	go test ./index/bleve -run '^$' -bench NaiveSearchBBC
func BenchmarkNaiveSearchBBC(b *testing.B) {
	arts, _, err := corpus.Load(context.Background(), dataset.Path(b, "bbc-news", "bbc"))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile("../../testdata/eval/bbc-questions.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var questions []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var q struct{ Question string }
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			b.Fatal(err)
		}
		questions = append(questions, q.Question)
	}
	idx := naiveIndex(b, arts)
	defer idx.Close()
	i := 0
	for b.Loop() {
		req := blevesearch.NewSearchRequest(blevesearch.NewMatchQuery(questions[i%len(questions)]))
		if _, err := idx.Search(req); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkNaiveBBC is the baseline the issue compares against: bleve's
// default mapping, an on-disk index, one document per paragraph, batches of
// 1,000.
//
//	go test ./index/bleve -run '^$' -bench NaiveBBC -benchtime 3x
func BenchmarkNaiveBBC(b *testing.B) {
	arts := bbcArticles(b)
	b.ReportAllocs()
	for b.Loop() {
		naiveIndex(b, arts).Close()
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// naiveIndex builds the baseline index: default mapping, on disk, one
// document per paragraph, batches of 1,000.
func naiveIndex(b *testing.B, arts []corpus.Article) blevesearch.Index {
	b.Helper()
	idx, err := blevesearch.New(filepath.Join(b.TempDir(), "naive"), blevesearch.NewIndexMapping())
	if err != nil {
		b.Fatal(err)
	}
	batch := idx.NewBatch()
	for _, a := range arts {
		for i, p := range strings.Split(a.Text, "\n\n") {
			if err := batch.Index(fmt.Sprintf("%s#%d", a.ID, i), map[string]any{"title": a.Title, "body": p}); err != nil {
				b.Fatal(err)
			}
			if batch.Size() == 1000 {
				if err := idx.Batch(batch); err != nil {
					b.Fatal(err)
				}
				batch = idx.NewBatch()
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		b.Fatal(err)
	}
	return idx
}
