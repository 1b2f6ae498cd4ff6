package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
)

// bbcDir is the BBC News data set used by the indexing benchmarks. They skip
// when it is missing (a fresh clone has no ../shared).
func bbcDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("NEWSDESK_SHARED_DATA")
	if dir == "" {
		dir = "../../shared/data"
	}
	dir = filepath.Join(dir, "bbc-news", "bbc")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("BBC data not found at %s (set NEWSDESK_SHARED_DATA): %v", dir, err)
	}
	return dir
}

// BenchmarkIndexBBC measures newsdesk's indexing of the BBC set: passages,
// figures and stored articles, into a new on-disk index.
//
//	go test ./index -run '^$' -bench IndexBBC -benchtime 3x
func BenchmarkIndexBBC(b *testing.B) {
	arts, _, err := corpus.Load(context.Background(), bbcDir(b))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	b.SetBytes(size)
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

// BenchmarkNaiveBBC is the baseline the issue compares against: bleve's
// default mapping, an on-disk index, one document per paragraph, batches of
// 1,000.
//
//	go test ./index -run '^$' -bench NaiveBBC -benchtime 3x
func BenchmarkNaiveBBC(b *testing.B) {
	arts, _, err := corpus.Load(context.Background(), bbcDir(b))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		idx, err := bleve.New(filepath.Join(b.TempDir(), "naive"), bleve.NewIndexMapping())
		if err != nil {
			b.Fatal(err)
		}
		batch := idx.NewBatch()
		for _, a := range arts {
			for i, p := range strings.Split(a.Text, "\n\n") {
				batch.Index(a.ID+"#"+string(rune('0'+i%10))+strings.Repeat("x", i/10), map[string]any{"title": a.Title, "body": p})
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
		idx.Close()
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
