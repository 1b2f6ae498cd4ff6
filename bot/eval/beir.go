package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"newsdesk/corpus"
)

// readBEIR reads a BEIR data set folder: corpus.jsonl(.gz), queries.jsonl
// and qrels/SPLIT.tsv ("test" when split is ""). Each question expects the
// documents its qrels rate above 0, in the qrels' order of queries.
func readBEIR(ctx context.Context, dir, split string) (Set, error) {
	if split == "" {
		split = "test"
	}
	articles, byDoc, err := readBEIRCorpus(ctx, dir)
	if err != nil {
		return Set{}, err
	}
	queries, err := readBEIRQueries(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return Set{}, err
	}
	order, rel, err := readBEIRQrels(dir, split, byDoc)
	if err != nil {
		return Set{}, err
	}
	set := Set{Name: filepath.Base(filepath.Clean(dir)), Kind: "beir", Articles: articles}
	set.Name = strings.TrimPrefix(set.Name, "beir-")
	for _, qid := range order {
		text, ok := queries[qid]
		if !ok {
			return Set{}, fmt.Errorf("qrels/%s.tsv: query %q is not in queries.jsonl", split, qid)
		}
		set.Questions = append(set.Questions, Question{Question: text, Articles: rel[qid]})
	}
	return set, nil
}

// readBEIRCorpus loads dir's corpus and maps each BEIR document ID to its
// article ID.
func readBEIRCorpus(ctx context.Context, dir string) ([]corpus.Article, map[string]string, error) {
	corpusPath := filepath.Join(dir, "corpus.jsonl.gz")
	if _, err := os.Stat(corpusPath); err != nil {
		corpusPath = filepath.Join(dir, "corpus.jsonl")
	}
	articles, report, err := corpus.Load(ctx, corpusPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read BEIR corpus: %w", err)
	}
	if len(articles) == 0 {
		return nil, nil, fmt.Errorf("read BEIR corpus %s: no articles (%d skipped)", corpusPath, len(report.Skipped))
	}
	// Article IDs are "<file>/<record id>"; qrels name the record id.
	byDoc := make(map[string]string, len(articles))
	for _, a := range articles {
		byDoc[a.ID[strings.LastIndex(a.ID, "/")+1:]] = a.ID
	}
	return articles, byDoc, nil
}

// readBEIRQueries reads queries.jsonl into a map from query ID to text.
func readBEIRQueries(path string) (map[string]string, error) {
	qf, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read BEIR queries: %w", err)
	}
	defer qf.Close()
	queries := map[string]string{}
	sc := bufio.NewScanner(qf)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		var q struct {
			ID   json.RawMessage `json:"_id"`
			Text string          `json:"text"`
		}
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("queries.jsonl line %d: %w", n, err)
		}
		queries[strings.Trim(string(q.ID), `"`)] = q.Text
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read BEIR queries: %w", err)
	}
	return queries, nil
}

// readBEIRQrels reads qrels/SPLIT.tsv: the query IDs in order of first
// appearance, and for each the article IDs of the documents rated above 0.
func readBEIRQrels(dir, split string, byDoc map[string]string) (order []string, rel map[string][]string, err error) {
	rf, err := os.Open(filepath.Join(dir, "qrels", split+".tsv"))
	if err != nil {
		return nil, nil, fmt.Errorf("read BEIR qrels (split %q): %w", split, err)
	}
	defer rf.Close()
	rel = map[string][]string{}
	sc := bufio.NewScanner(rf)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(f) < 3 || (n == 1 && f[0] == "query-id") {
			continue
		}
		if s, err := strconv.ParseFloat(f[2], 64); err != nil || s <= 0 {
			continue
		}
		id, ok := byDoc[f[1]]
		if !ok {
			return nil, nil, fmt.Errorf("qrels/%s.tsv line %d: document %q is not in the corpus", split, n, f[1])
		}
		if _, ok := rel[f[0]]; !ok {
			order = append(order, f[0])
		}
		rel[f[0]] = append(rel[f[0]], id)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read BEIR qrels: %w", err)
	}
	return order, rel, nil
}
