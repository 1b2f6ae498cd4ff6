//go:build cgo

package onnx

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"newsdesk/index/embed"
)

// The benchmarks measure a real model (NEWSDESK_EMBED_MODEL, from
// scripts/fetch-models) on the shared data sets (NEWSDESK_DATA, by
// default ../shared/data beside the repository); docs/embeddings.md has
// their figures and commands:
//
//	export $(scripts/fetch-models .cache/models e5-small-v2-q)
//	go test ./index/embed/onnx -run '^$' -bench . -benchtime 1x

// realModel opens NEWSDESK_EMBED_MODEL, skipping tb when it is unset.
func realModel(tb testing.TB) *Embedder {
	tb.Helper()
	dir := os.Getenv("NEWSDESK_EMBED_MODEL")
	if dir == "" {
		tb.Skip("NEWSDESK_EMBED_MODEL is unset; run `export $(scripts/fetch-models .cache/models)` to test the real model")
	}
	e, err := Open(dir, Options{Library: library(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

func sharedData(tb testing.TB, name string) string {
	tb.Helper()
	root := os.Getenv("NEWSDESK_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("%s not found (set NEWSDESK_DATA): %v", dir, err)
	}
	return dir
}

// bbcPassages returns every nth passage of the BBC set, where a passage is
// an article's paragraphs joined until they hold at least 100 words (the
// size newsdesk's passages have).
func bbcPassages(tb testing.TB, every int) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(sharedData(tb, "bbc-news"), "bbc", "*", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no BBC articles: %v", err)
	}
	var all []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		paras := strings.Split(strings.TrimSpace(string(b)), "\n")[1:] // line 1 is the title
		var cur []string
		words := 0
		for _, p := range paras {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			cur = append(cur, p)
			if words += len(strings.Fields(p)); words >= 100 {
				all = append(all, strings.Join(cur, " "))
				cur, words = nil, 0
			}
		}
		if len(cur) > 0 {
			all = append(all, strings.Join(cur, " "))
		}
	}
	var out []string
	for i := 0; i < len(all); i += every {
		out = append(out, all[i])
	}
	tb.Logf("%d BBC passages, %d taken", len(all), len(out))
	return out
}

// BenchmarkPassagesBBC embeds an eighth of the BBC passages (about 1,000)
// per op and reports passages a second.
func BenchmarkPassagesBBC(b *testing.B) {
	e := realModel(b)
	ps := bbcPassages(b, 8)
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Embed(context.Background(), embed.Passage, ps); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ps)*b.N)/b.Elapsed().Seconds(), "passages/s")
}

// BenchmarkQuery embeds one question per op.
func BenchmarkQuery(b *testing.B) {
	e := realModel(b)
	q := []string{"How much did the government spend on the new rail line?"}
	for b.Loop() {
		if _, err := e.Embed(context.Background(), embed.Query, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSciFact reports dense-only nDCG@10 on the BEIR SciFact train
// split (the test split is kept for a final measurement), with exact
// cosine search over title + abstract. One op embeds the corpus; run it
// with -benchtime 1x.
//
// The whole split is 809 claims over 5,183 abstracts, half an hour a
// model on two busy cores; NEWSDESK_SCIFACT_QUERIES=n takes every nth
// claim instead, over their relevant abstracts and n times fewer others
// (every nth by id), which keeps the ratio of distractors to answers.
func BenchmarkSciFact(b *testing.B) {
	e := realModel(b)
	dir := sharedData(b, "beir-scifact")
	ids, docs := scifactCorpus(b, filepath.Join(dir, "corpus.jsonl.gz"))
	queries := scifactQueries(b, filepath.Join(dir, "queries.jsonl"))
	qrels := scifactQrels(b, filepath.Join(dir, "qrels", "train.tsv"))
	var qids []string
	for q := range qrels {
		qids = append(qids, q)
	}
	slices.Sort(qids)
	if n, _ := strconv.Atoi(os.Getenv("NEWSDESK_SCIFACT_QUERIES")); n > 1 {
		keep := map[string]bool{}
		var sub []string
		for i := 0; i < len(qids); i += n {
			sub = append(sub, qids[i])
			for d := range qrels[qids[i]] {
				keep[d] = true
			}
		}
		qids = sub
		var sids, sdocs []string
		for i, id := range ids {
			if keep[id] || i%n == 0 {
				sids, sdocs = append(sids, id), append(sdocs, docs[i])
			}
		}
		ids, docs = sids, sdocs
	}
	b.Logf("%d claims over %d abstracts", len(qids), len(docs))
	qtexts := make([]string, len(qids))
	for i, q := range qids {
		qtexts[i] = queries[q]
	}
	var ndcg float64
	for b.Loop() {
		dv, err := e.Embed(context.Background(), embed.Passage, docs)
		if err != nil {
			b.Fatal(err)
		}
		qv, err := e.Embed(context.Background(), embed.Query, qtexts)
		if err != nil {
			b.Fatal(err)
		}
		ndcg = 0
		for i, q := range qids {
			ndcg += ndcgAt10(rank(qv[i], dv, ids, 10), qrels[q])
		}
		ndcg /= float64(len(qids))
	}
	b.ReportMetric(ndcg, "nDCG@10")
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// rank returns the ids of the k documents nearest q.
func rank(q []float32, docs [][]float32, ids []string, k int) []string {
	type hit struct {
		id    string
		score float32
	}
	hits := make([]hit, len(docs))
	for i, d := range docs {
		hits[i] = hit{ids[i], embed.Dot(q, d)}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	out := make([]string, k)
	for i := range out {
		out[i] = hits[i].id
	}
	return out
}

// ndcgAt10 is BEIR's nDCG@10 of one ranking against graded judgements.
func ndcgAt10(ranked []string, rel map[string]int) float64 {
	var dcg, idcg float64
	for i, id := range ranked {
		dcg += float64(rel[id]) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range rel {
		grades = append(grades, g)
	}
	slices.SortFunc(grades, func(a, b int) int { return b - a })
	for i, g := range grades[:min(10, len(grades))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func TestNDCGAt10(t *testing.T) {
	tests := []struct {
		name   string
		ranked []string
		rel    map[string]int
		want   float64
	}{
		{"perfect", []string{"a", "b"}, map[string]int{"a": 1}, 1},
		{"second", []string{"x", "a"}, map[string]int{"a": 1}, 1 / math.Log2(3)},
		{"missed", []string{"x", "y"}, map[string]int{"a": 1}, 0},
		{"two of two, swapped order", []string{"b", "a"}, map[string]int{"a": 1, "b": 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ndcgAt10(tt.ranked, tt.rel); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("ndcgAt10 = %v; want %v", got, tt.want)
			}
		})
	}
}

func scifactCorpus(tb testing.TB, path string) (ids, texts []string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var d struct {
			ID    string `json:"_id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, d.ID)
		texts = append(texts, strings.TrimSpace(d.Title+" "+d.Text))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return ids, texts
}

func scifactQueries(tb testing.TB, path string) map[string]string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var q struct {
			ID   string `json:"_id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			tb.Fatal(err)
		}
		out[q.ID] = q.Text
	}
	return out
}

func scifactQrels(tb testing.TB, path string) map[string]map[string]int {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]map[string]int{}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) != 3 || f[2] == "0" {
			continue // the header, or not relevant
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string]int{}
		}
		g := 0
		for _, c := range f[2] {
			g = g*10 + int(c-'0')
		}
		out[f[0]][f[1]] = g
	}
	return out
}
