package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/bot/internal/testkit"
	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
)

// BenchmarkAskBBC measures the whole answer path (retrieve, rank, quote,
// verify) on the BBC set with the project's question set. It skips when the
// data is missing (a fresh clone has no ../shared).
//
//	go test ./bot/eval -run '^$' -bench AskBBC
func BenchmarkAskBBC(b *testing.B) {
	dir := os.Getenv("NEWSDESK_SHARED_DATA")
	if dir == "" {
		dir = "../../../shared/data"
	}
	arts, _, err := corpus.Load(context.Background(), filepath.Join(dir, "bbc-news", "bbc"))
	if err != nil {
		b.Skipf("BBC data not found (set NEWSDESK_SHARED_DATA): %v", err)
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
