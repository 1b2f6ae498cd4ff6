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
//     be absent; "absent": true marks a question the articles do not
//     answer ("articles" and "answers" are accepted as the plural names);
//   - a JSON Lines file of threads, {"turns": [question, question, …]},
//     each turn a question object as above (Kind "threads");
//   - a JSON Lines file of figure lookups, {"topic", "articles", "figure"}
//     (Kind "figures");
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
	Question string            `json:"question"`
	Article  json.RawMessage   `json:"article"`
	Articles json.RawMessage   `json:"articles"`
	Answer   json.RawMessage   `json:"answer"`
	Answers  json.RawMessage   `json:"answers"`
	Absent   bool              `json:"absent"`
	Turns    []json.RawMessage `json:"turns"`
	Topic    string            `json:"topic"`
	Figure   string            `json:"figure"`
}

// question reads l as a question.
func (l qaLine) question() (Question, error) {
	arts, err := stringList(cmpRaw(l.Article, l.Articles))
	if err != nil {
		return Question{}, fmt.Errorf("article: %w", err)
	}
	answers, err := stringList(cmpRaw(l.Answer, l.Answers))
	if err != nil {
		return Question{}, fmt.Errorf("answer: %w", err)
	}
	for i, a := range arts {
		arts[i] = corpus.ArticleID(strings.TrimSpace(a))
	}
	switch {
	case l.Topic != "":
		if strings.TrimSpace(l.Figure) == "" {
			return Question{}, errors.New("a figure lookup needs its figure")
		}
		return Question{Question: l.Topic, Articles: arts, Answers: []string{l.Figure}}, nil
	case strings.TrimSpace(l.Question) == "":
		return Question{}, errors.New("no question")
	case l.Absent && len(answers) > 0:
		return Question{}, errors.New("an absent question has no answers")
	}
	return Question{Question: l.Question, Articles: arts, Answers: answers, Absent: l.Absent}, nil
}

// cmpRaw is a when it is set, else b.
func cmpRaw(a, b json.RawMessage) json.RawMessage {
	if len(a) > 0 {
		return a
	}
	return b
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
		kind := "qa"
		switch {
		case len(l.Turns) > 0:
			kind = "threads"
		case l.Topic != "":
			kind = "figures"
		}
		if len(set.Questions)+len(set.Threads)+len(set.Lookups) == 0 {
			set.Kind = kind
		} else if kind != set.Kind {
			return Set{}, fmt.Errorf("%s line %d: a %s line in a set of %s", path, n, kind, set.Kind)
		}
		switch kind {
		case "threads":
			var th Thread
			for i, raw := range l.Turns {
				var tl qaLine
				if err := json.Unmarshal(raw, &tl); err != nil {
					return Set{}, fmt.Errorf("%s line %d: turn %d: %w", path, n, i+1, err)
				}
				q, err := tl.question()
				if err != nil {
					return Set{}, fmt.Errorf("%s line %d: turn %d: %w", path, n, i+1, err)
				}
				th.Turns = append(th.Turns, q)
			}
			if len(th.Turns) < 2 {
				return Set{}, fmt.Errorf("%s line %d: a thread needs two turns or more", path, n)
			}
			set.Threads = append(set.Threads, th)
		case "figures":
			q, err := l.question()
			if err != nil {
				return Set{}, fmt.Errorf("%s line %d: %w", path, n, err)
			}
			set.Lookups = append(set.Lookups, Lookup{Topic: q.Question, Articles: q.Articles, Figure: q.Answers[0]})
		default:
			q, err := l.question()
			if err != nil {
				return Set{}, fmt.Errorf("%s line %d: %w", path, n, err)
			}
			set.Questions = append(set.Questions, q)
		}
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
