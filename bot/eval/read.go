package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"newsdesk/corpus"
	"os"
	"path/filepath"
	"strings"
)

// ReadSet reads an evaluation set from path:
//   - a JSON Lines file of {"question", "article", "answer"} objects, where
//     "article" is an article ID (or its path; a known extension is dropped)
//     or a list of them, and "answer" a text or a list of texts; either may
//     be absent;
//   - a BEIR folder (corpus.jsonl or corpus.jsonl.gz, queries.jsonl,
//     qrels/<split>.tsv), which brings its corpus; split is "test" or
//     "train" (default "test");
//   - the SQuAD v1.1 JSON file, or a .zip holding it: each paragraph becomes
//     an article "<title>/<i>" and each question expects its paragraph and
//     gold answer texts.
//
// The error says which file or line is wrong. ReadSet checks ctx
// between files.
func ReadSet(ctx context.Context, path, split string) (Set, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Set{}, fmt.Errorf("read eval set: %w", err)
	}
	switch lower := strings.ToLower(path); {
	case info.IsDir():
		return readBEIR(ctx, path, split)
	case strings.HasSuffix(lower, ".zip"), strings.HasSuffix(lower, ".json"):
		return readSQuAD(path)
	default:
		return readQA(path)
	}
}

// qaLine is one line of a QA file. article and answer take a string or a
// list of strings.
type qaLine struct {
	Question string          `json:"question"`
	Article  json.RawMessage `json:"article"`
	Answer   json.RawMessage `json:"answer"`
}

func readQA(path string) (Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return Set{}, fmt.Errorf("read eval set: %w", err)
	}
	defer f.Close()
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	set := Set{Name: name, Kind: "qa"}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var l qaLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return Set{}, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		arts, err := stringList(l.Article)
		if err != nil {
			return Set{}, fmt.Errorf("%s line %d: article: %w", path, n, err)
		}
		answers, err := stringList(l.Answer)
		if err != nil {
			return Set{}, fmt.Errorf("%s line %d: answer: %w", path, n, err)
		}
		if strings.TrimSpace(l.Question) == "" {
			return Set{}, fmt.Errorf("%s line %d: no question", path, n)
		}
		for i, a := range arts {
			arts[i] = corpus.ArticleID(strings.TrimSpace(a))
		}
		set.Questions = append(set.Questions, Question{Question: l.Question, Articles: arts, Answers: answers})
	}
	if err := sc.Err(); err != nil {
		return Set{}, fmt.Errorf("read %s: %w", path, err)
	}
	return set, nil
}

// stringList reads a JSON string or list of strings; absent or null is nil.
func stringList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("want a string or a list of strings")
	}
	return list, nil
}
