package eval

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadSet(t *testing.T) {
	ctx := context.Background()
	squad := writeSQuAD(t)
	cases := []struct {
		name, path, split string
		kind              string
		articles          int // articles the set brings
		want              []Question
	}{
		{"qa file", "../../testdata/eval/qa.jsonl", "", "qa", 0, []Question{
			{Question: "How much more will the island ferries cost from April?", Articles: []string{"ferry-fares"}, Answers: []string{"8%"}},
			{Question: "Who pays for the libraries staying open late?", Articles: []string{"library-hours"}, Answers: []string{"lottery heritage fund"}},
			{Question: "How many tonnes of apples were picked?", Articles: []string{"orchard-harvest"}, Answers: []string{"41,000 tonnes"}},
			{Question: "What is the name of the ferry that was in dry dock?"},
			{Question: "What did the mayor say about the zoo?", Answers: []string{"zebra"}},
		}},
		{"beir test", "../../testdata/eval/beir", "test", "beir", 4, []Question{
			{Question: "Vitamin D improves bone density.", Articles: []string{"corpus/d1", "corpus/d4"}},
			{Question: "Coffee shortens sleep.", Articles: []string{"corpus/d2"}},
		}},
		{"beir train", "../../testdata/eval/beir", "train", "beir", 4, []Question{
			{Question: "Aerobic exercise improves memory.", Articles: []string{"corpus/d3"}},
		}},
		{"squad zip", squad, "", "squad", 2, []Question{
			{Question: "Who won?", Articles: []string{"Super_Bowl_50/1"}, Answers: []string{"Denver Broncos", "the Broncos"}},
			{Question: "Where was it played?", Articles: []string{"Super_Bowl_50/2"}, Answers: []string{"Santa Clara"}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := ReadSet(ctx, c.path, c.split)
			if err != nil {
				t.Fatal(err)
			}
			if set.Kind != c.kind || len(set.Articles) != c.articles {
				t.Errorf("kind, articles = %s, %d; want %s, %d", set.Kind, len(set.Articles), c.kind, c.articles)
			}
			if !reflect.DeepEqual(set.Questions, c.want) {
				t.Errorf("questions = %+v; want %+v", set.Questions, c.want)
			}
		})
	}
	t.Run("squad titles", func(t *testing.T) {
		set, err := ReadSet(ctx, squad, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Articles[0].Title; got != "Super Bowl 50" {
			t.Errorf("title = %q; want %q", got, "Super Bowl 50")
		}
	})
	// The BBC question sets are read by eval and bench against the BBC set;
	// each question must name its articles and the answers it expects.
	bbc, _ := filepath.Glob("../../testdata/eval/bbc-*.jsonl")
	if len(bbc) < 5 {
		t.Errorf("BBC question sets = %q; want our own, the held-out one and three blind ones", bbc)
	}
	for _, path := range bbc {
		t.Run(filepath.Base(path), func(t *testing.T) {
			set, err := ReadSet(ctx, path, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Questions) < 30 {
				t.Errorf("%d questions; want at least 30", len(set.Questions))
			}
			for _, q := range set.Questions {
				if q.Question == "" || len(q.Articles) == 0 || len(q.Answers) == 0 {
					t.Errorf("question %+v: want a question, its articles and answers", q)
				}
			}
		})
	}
	t.Run("missing split", func(t *testing.T) {
		if _, err := ReadSet(ctx, "../../testdata/eval/beir", "dev"); err == nil {
			t.Error("split dev: got no error; want one (no qrels/dev.tsv)")
		}
	})
}

// writeSQuAD writes a two-paragraph SQuAD v1.1 file, zipped, and returns
// its path.
func writeSQuAD(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "dev.json.zip")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("dev-v1.1.json")
	if err != nil {
		tb.Fatal(err)
	}
	_, err = w.Write([]byte(`{"version": "1.1", "data": [{"title": "Super_Bowl_50", "paragraphs": [
		{"context": "The Denver Broncos beat the Carolina Panthers 24 to 10.", "qas": [{"id": "1", "question": "Who won?",
		 "answers": [{"answer_start": 4, "text": "Denver Broncos"}, {"answer_start": 4, "text": "Denver Broncos"}, {"answer_start": 0, "text": "the Broncos"}]}]},
		{"context": "The game was played at Levi's Stadium in Santa Clara, California.", "qas": [{"id": "2", "question": "Where was it played?",
		 "answers": [{"answer_start": 41, "text": "Santa Clara"}]}]}]}]}`))
	if err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}
