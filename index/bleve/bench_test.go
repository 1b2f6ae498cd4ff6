package bleve

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/corpus"
	"newsdesk/corpus/figures/figurestest"
	"newsdesk/index/bleve/naive"
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
		if _, err := idx.Search(context.Background(), questions[i%len(questions)], 10); err != nil {
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

// naiveIndex builds the baseline index (see package naive).
func naiveIndex(b *testing.B, arts []corpus.Article) *naive.Index {
	b.Helper()
	idx, err := naive.Build(context.Background(), filepath.Join(b.TempDir(), "naive"), arts)
	if err != nil {
		b.Fatal(err)
	}
	return idx
}

// BenchmarkIndexFigureDenseFile measures the whole path of article files
// dense with figures (see figurestest.Dense): load and parse, passages,
// figures, documents and the bleve batches, into a new on-disk index. The
// files are 4.4 MB, the size of the file that once took 1.16 GB to index,
// just under corpus.MaxFileSize, and three of 4.4 MB in one corpus. Besides
// bytes allocated it reports the peak heap (objects in use, as
// runtime.MemStats.HeapAlloc) and the peak live heap (what the last GC
// marked), sampled every millisecond.
//
//	go test ./index/bleve -run '^$' -bench IndexFigureDenseFile -benchtime 3x -benchmem
func BenchmarkIndexFigureDenseFile(b *testing.B) {
	for _, c := range []struct {
		name        string
		files, size int
	}{{"4.4MB", 1, 4400 << 10}, {"8MB", 1, corpus.MaxFileSize - 4<<10}, {"3x4.4MB", 3, 4400 << 10}, {"3x8MB", 3, corpus.MaxFileSize - 4<<10}} {
		b.Run(c.name, func(b *testing.B) { benchmarkIndexFiles(b, c.files, figurestest.Dense(c.size)) })
	}
}

// benchmarkIndexFiles loads a corpus of n .txt articles, each text with a
// line of its own on top, and indexes it.
func benchmarkIndexFiles(b *testing.B, n int, text string) {
	dir := b.TempDir()
	for i := range n {
		body := fmt.Sprintf("File %d\n\n%s", i, text)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("dense%d.txt", i)), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(n * len(text)))
	b.ReportAllocs()
	var st peakHeap
	for b.Loop() {
		data := b.TempDir()
		runtime.GC()
		stop := st.sample()
		articles, _, err := corpus.Load(context.Background(), dir)
		if err != nil || len(articles) != n {
			b.Fatalf("Load: %d articles, %v; want %d", len(articles), err, n)
		}
		ix, err := Open(context.Background(), data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, err := ix.Update(context.Background(), articles, nil)
		if err != nil {
			b.Fatal(err)
		}
		stop()
		ix.Close()
		b.ReportMetric(float64(s.Passages), "passages")
		b.ReportMetric(float64(s.Figures), "figures")
	}
	b.ReportMetric(float64(st.heap), "peak-heap-B")
	b.ReportMetric(float64(st.live), "peak-live-B")
}

// peakHeap records the largest heap seen while sampling.
type peakHeap struct{ heap, live uint64 }

// sample starts sampling the heap every millisecond until the returned
// function is called; that function waits for the sampler to end.
func (p *peakHeap) sample() (stop func()) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			p.heap = max(p.heap, samples[0].Value.Uint64())
			p.live = max(p.live, samples[1].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
