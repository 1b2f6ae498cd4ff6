package rank

import (
	"context"
	"errors"
	"slices"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
)

// boost is a stage as a new one would be written: it reads the question and
// the passages and re-scores them.
type boost struct{ word string }

func (b boost) Rank(_ context.Context, q *Query, cands []Candidate) error {
	for i := range cands {
		if slices.Contains(q.Analyze(cands[i].Hit.Passage.Text), b.word) {
			cands[i].Score *= 10
		}
	}
	return nil
}

type failing struct{ err error }

func (f failing) Rank(context.Context, *Query, []Candidate) error { return f.err }

// TestPipelineAddedStage: a stage added before ByScore changes the order;
// a failing stage stops the pipeline with its error.
func TestPipelineAddedStage(t *testing.T) {
	hit := func(id string, score float64, text string) index.Hit {
		return index.Hit{Passage: corpus.Passage{ID: id, ArticleID: id, Text: text}, Score: score}
	}
	q := &Query{Question: "ferry", Analyze: bleve.NewAnalyzer().Terms}
	cands := Candidates([]index.Hit{hit("a", 2, "The bus runs late."), hit("b", 1, "The ferry runs late.")})
	if err := (Pipeline{boost{"ferri"}, ByScore{}}).Rank(context.Background(), q, cands); err != nil {
		t.Fatal(err)
	}
	if got := cands[0].Hit.Passage.ID; got != "b" {
		t.Errorf("first = %s; want b, boosted past a", got)
	}
	want := errors.New("scorer down")
	if err := (Pipeline{failing{want}, ByScore{}}).Rank(context.Background(), q, cands); !errors.Is(err, want) {
		t.Errorf("Rank error = %v; want %v", err, want)
	}
}
