package eval

import (
	"context"
	"testing"

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
	"newsdesk/internal/dataset"
	"newsdesk/internal/testkit"
)

// BenchmarkAskBBC measures the whole answer path (retrieve, rank, quote,
// verify) on the BBC set under $NEWSDESK_DATA with the project's question
// set. It skips when NEWSDESK_DATA is unset, as in a fresh clone.
//
//	NEWSDESK_DATA=/path/to/data go test ./bot/eval -run '^$' -bench AskBBC
func BenchmarkAskBBC(b *testing.B) {
	arts, _, err := corpus.Load(context.Background(), dataset.Path(b, "bbc-news", "bbc"))
	if err != nil {
		b.Fatal(err)
	}
	set, err := ReadSet(context.Background(), "../../testdata/eval/bbc-questions.jsonl", "")
	if err != nil {
		b.Fatal(err)
	}
	a := answer.New(testkit.Index(b, arts), nil, nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := a.Ask(context.Background(), set.Questions[i%len(set.Questions)].Question, bot.AskOptions{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestBenchTimesRefusedQuestions: a question Ask refuses as the asker's
// mistake is timed, not a failure of the whole bench.
func TestBenchTimesRefusedQuestions(t *testing.T) {
	open := func(ctx context.Context, dir string) (index.Store, error) {
		return bleve.Open(ctx, dir, bleve.Options{Owner: "test"})
	}
	r, err := Bench(context.Background(), open, t.TempDir(), corpus.Default(), 0, []string{"What is it?", "How much support did allies provide Ukraine in 2024?"}, 1)
	if err != nil || r.Questions != 2 {
		t.Errorf("Bench = %d questions, %v; want 2 and no error", r.Questions, err)
	}
}
