package eval

import (
	"archive/zip"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/bot/internal/testkit"
	"newsdesk/bot/llm"
	"newsdesk/corpus"
)

// TestEvalMetrics checks the metric arithmetic on a constructed case.
func TestEvalMetrics(t *testing.T) {
	p := func(article, text string) bot.Citation {
		return bot.Citation{ArticleID: article, PassageID: article + "#1", Text: text}
	}
	var m sums
	// Two relevant articles; found at article ranks 2 and 4 (A's second
	// passage does not count again). No answer was given.
	q1 := Question{Question: "q1", Articles: []string{"A", "B"}}
	ranked1 := []bot.Citation{p("C", ""), p("A", ""), p("A", ""), p("D", ""), p("B", "")}
	if got := m.add(q1, nil, "", ranked1, 3); got {
		t.Errorf("q1 hit@1 = true; want false (no answer)")
	}
	// One relevant article, cited first, with the answer text in the quote.
	q2 := Question{Question: "q2", Articles: []string{"X"}, Answers: []string{"Forty  Two"}}
	c := p("X", "It was forty two.")
	if got := m.add(q2, &c, "It was FORTY two.", []bot.Citation{c, p("Y", "")}, 3); !got {
		t.Errorf("q2 hit@1 = false; want true")
	}
	// Answers only: the right passage is second, the quote misses.
	q3 := Question{Question: "q3", Answers: []string{"zebra"}}
	c3 := p("Z", "a lion")
	if got := m.add(q3, &c3, "a lion", []bot.Citation{c3, p("Z", "a zebra")}, 3); got {
		t.Errorf("q3 hit@1 = true; want false")
	}
	// Nothing expected: counted, not judged.
	m.add(Question{Question: "q4"}, nil, "", nil, 3)

	r := m.report()
	ndcg1 := (1/math.Log2(3) + 1/math.Log2(5)) / (1 + 1/math.Log2(3))
	want := Report{
		Questions:        4,
		Hit1:             1.0 / 3, // q2 of q1..q3
		Hit5:             3.0 / 3, // q1 (A is in its top 5 passages), q2, q3 (zebra second)
		SentenceAccuracy: 1.0 / 2, // q2 of q2, q3
		Recall1:          (0 + 1) / 2.0,
		Recall5:          (1 + 1) / 2.0,
		RecallK:          (0.5 + 1) / 2.0, // k=3: q1 finds A among C, A, D
		MRR:              (1.0/2 + 1) / 2,
		NDCG10:           (ndcg1 + 1) / 2,
	}
	check := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.6f; want %.6f", name, got, want)
		}
	}
	if r.Questions != want.Questions {
		t.Errorf("questions = %d; want %d", r.Questions, want.Questions)
	}
	check("hit@1", r.Hit1, want.Hit1)
	check("hit@5", r.Hit5, want.Hit5)
	check("sentence accuracy", r.SentenceAccuracy, want.SentenceAccuracy)
	check("recall@1", r.Recall1, want.Recall1)
	check("recall@5", r.Recall5, want.Recall5)
	check("recall@k", r.RecallK, want.RecallK)
	check("mrr", r.MRR, want.MRR)
	check("ndcg@10", r.NDCG10, want.NDCG10)
}

func TestNDCG(t *testing.T) {
	cases := []struct {
		name     string
		ranked   []string
		relevant []string
		want     float64
	}{
		{"perfect", []string{"a", "b", "c"}, []string{"a", "b"}, 1},
		{"none found", []string{"x", "y"}, []string{"a"}, 0},
		{"second", []string{"x", "a"}, []string{"a"}, 1 / math.Log2(3)},
		{"beyond 10", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"}, []string{"a"}, 0},
		{"more relevant than ranks", []string{"a"}, []string{"a", "b"}, 1 / (1 + 1/math.Log2(3))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ndcg(c.ranked, c.relevant, 10); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("ndcg(%v, %v) = %.6f; want %.6f", c.ranked, c.relevant, got, c.want)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(100 - i) // 100..1
	}
	cases := []struct {
		name      string
		xs        []float64
		mean, p95 float64
		p50, p99  float64
	}{
		{"none", nil, 0, 0, 0, 0},
		{"one", []float64{3}, 3, 3, 3, 3},
		{"four", []float64{4, 1, 2, 3}, 2.5, 4, 2, 4},
		{"zeros", []float64{20: 0}, 0, 0, 0, 0},
		{"twelve", []float64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 6.5, 12, 6, 12}, // rank 11.4 rounds up
		{"hundred", xs, 50.5, 95, 50, 99},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := mean(c.xs); got != c.mean {
				t.Errorf("mean = %g; want %g", got, c.mean)
			}
			for _, p := range []struct{ p, want float64 }{{50, c.p50}, {95, c.p95}, {99, c.p99}} {
				if got := percentile(c.xs, p.p); got != p.want {
					t.Errorf("percentile(%g) = %g; want %g", p.p, got, p.want)
				}
			}
		})
	}
}

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
	// The BBC question sets are read by eval and bench against ../shared;
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

// TestRun runs the whole answer path over the fixtures in
// testdata/eval on a real index.
func TestRun(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, set string
		corpus    string // "" when the set brings its own articles
		want      Report
		misses    []string // their kinds
	}{
		{"qa", "../../testdata/eval/qa.jsonl", "../../testdata/eval/articles", Report{
			// The zoo question finds nothing (its answer text is in no
			// article); the other three with answers quote them.
			Questions: 5, Hit1: 0.75, Hit5: 0.75, SentenceAccuracy: 0.75, WithAnswers: 4, WithArticles: 3,
			Recall1: 1, Recall5: 1, RecallK: 1, MRR: 1, NDCG10: 1,
		}, []string{MissNoAnswer}},
		{"beir", "../../testdata/eval/beir", "", Report{
			Questions: 2, Hit1: 1, Hit5: 1, WithArticles: 2,
			Recall1: 0.75, Recall5: 1, RecallK: 1, MRR: 1, NDCG10: 1,
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := ReadSet(ctx, c.set, "test")
			if err != nil {
				t.Fatal(err)
			}
			articles := set.Articles
			if c.corpus != "" {
				if articles, _, err = corpus.Load(ctx, c.corpus); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Run(ctx, answer.New(testkit.Index(t, articles), nil, nil), set.Questions, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := r
			got.K, got.Answered, got.LatencyMean, got.LatencyP95, got.Misses = 0, 0, 0, 0, nil
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("report = %+v; want %+v", got, c.want)
			}
			var kinds []string
			for _, m := range r.Misses {
				kinds = append(kinds, m.Kind)
			}
			if !slices.Equal(kinds, c.misses) {
				t.Errorf("misses = %+v; want kinds %v", r.Misses, c.misses)
			}
			if r.K != 10 || r.LatencyMean <= 0 || r.LatencyP95 < r.LatencyMean/2 {
				t.Errorf("k, latency = %d, %g, %g; want 10 and positive latencies", r.K, r.LatencyMean, r.LatencyP95)
			}
		})
	}
}

// TestRunLLM measures answers written through an OpenAI-compatible
// server: the passage the model cites first is the one judged.
func TestRunLLM(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	article := "---\ntitle: Harbour board orders a new island ferry\n---\n" +
		"The harbour board has ordered a new ferry for the island route to replace the Kittiwake, it said on Monday.\n\n" +
		"## The name\n\n" +
		"The new ferry will be called the Puffin, after a vote by island schoolchildren.\n"
	files := map[string]string{
		"ferry.md":    article,
		"library.txt": "Library opens late\n\nThe town library will open until nine on Thursdays from May, the council said.\n",
		"orchard.txt": "Orchard harvest\n\nGrowers picked a record crop of apples this autumn, the growers' association said.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	articles, _, err := corpus.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := testkit.Index(t, articles)
	qs := []Question{{Question: "What will the new island ferry be called?", Articles: []string{"ferry"}, Answers: []string{"Puffin"}}}

	// reply answers with a sentence for each of cites, in order: one citing
	// the passage that says the ferry's name (true) or the lede (false).
	reply := func(cites ...bool) func(http.ResponseWriter, *http.Request, int) {
		return func(w http.ResponseWriter, r *http.Request, n int) {
			var req struct {
				Messages []struct{ Content string } `json:"messages"`
			}
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
				t.Error(err)
			}
			user := req.Messages[len(req.Messages)-1].Content
			heads := regexp.MustCompile(`(?m)^\[(\d+)\] `).FindAllStringSubmatchIndex(user, -1)
			marker := func(puffin bool) string {
				for i, h := range heads {
					end := len(user)
					if i+1 < len(heads) {
						end = heads[i+1][0]
					}
					if strings.Contains(user[h[0]:end], "Puffin") == puffin {
						return "[" + user[h[2]:h[3]] + "]"
					}
				}
				t.Errorf("no passage with Puffin %v in the prompt:\n%s", puffin, user)
				return ""
			}
			var text []string
			for _, puffin := range cites {
				if puffin {
					text = append(text, "The new ferry will be called the Puffin "+marker(true)+".")
				} else {
					text = append(text, "The board has ordered a new ferry "+marker(false)+".")
				}
			}
			testkit.WriteChatJSON(w, strings.Join(text, " "))
		}
	}
	type result struct {
		hit1, sentence       float64
		summarized, fellBack int
	}
	tests := []struct {
		name    string
		respond func(http.ResponseWriter, *http.Request, int)
		want    result
	}{
		{"model cites the answer", reply(true), result{1, 1, 1, 0}},
		{"model cites the other passage", reply(false), result{0, 0, 1, 0}},
		// Its citations are listed in ranking order, the answer's passage
		// first; what is judged is the passage the model cited first.
		{"model cites the lede, then the answer", reply(false, true), result{0, 1, 1, 0}},
		{"model cites the answer, then the lede", reply(true, false), result{1, 1, 1, 0}},
		{"model refuses", func(w http.ResponseWriter, r *http.Request, n int) { testkit.WriteChatJSON(w, "NO_ANSWER") }, result{1, 1, 0, 1}},
		{"model is down", func(w http.ResponseWriter, r *http.Request, n int) { testkit.WriteChatError(w, 500, "") }, result{1, 1, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testkit.NewLLM(t, tt.respond, nil)
			sum := llm.New(llm.Config{BaseURL: f.URL + "/v1", APIKey: testkit.LLMKey, Model: testkit.LLMModel, MaxRetries: -1})
			r, err := Run(ctx, answer.New(ix, sum, nil), qs, Options{LLM: true})
			if err != nil {
				t.Fatal(err)
			}
			got := result{r.Hit1, r.SentenceAccuracy, r.Summarized, r.FellBack}
			if !r.LLM || got != tt.want || f.Count() != 1 {
				t.Errorf("report = %+v after %d requests; want %+v after 1", got, f.Count(), tt.want)
			}
		})
	}
	t.Run("nothing found, no model asked", func(t *testing.T) {
		f := testkit.NewLLM(t, reply(true), nil)
		sum := llm.New(llm.Config{BaseURL: f.URL + "/v1", APIKey: testkit.LLMKey, Model: testkit.LLMModel, MaxRetries: -1})
		zoo := []Question{{Question: "What did the mayor say about the zoo?", Answers: []string{"zebra"}}}
		r, err := Run(ctx, answer.New(ix, sum, nil), zoo, Options{LLM: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Summarized != 0 || r.FellBack != 0 || f.Count() != 0 {
			t.Errorf("summarized %d, fell back %d after %d requests; want none of each", r.Summarized, r.FellBack, f.Count())
		}
	})
	t.Run("no model", func(t *testing.T) {
		if _, err := Run(ctx, answer.New(ix, nil, nil), qs, Options{LLM: true}); err == nil {
			t.Error("Run with LLM and no summarizer: no error")
		}
	})
}

func TestWriteEvalReport(t *testing.T) {
	tests := []struct {
		name      string
		r         Report
		want, not []string
	}{
		{"answers and articles", Report{Questions: 2, K: 10, Hit1: 0.5, WithAnswers: 2, WithArticles: 2, Recall1: 0.5},
			[]string{"passage hit@1     50.0%", "the quoted sentence(s) hold", "article recall@1  50.0%", "article recall@10"},
			[]string{"n/a", "model answers"}},
		{"no labels", Report{Questions: 1, K: 10},
			[]string{"sentence acc.      n/a", "article rates      n/a"},
			[]string{"recall@", "MRR"}},
		{"misses by kind", Report{Questions: 3, K: 10, Misses: []Miss{
			{Question: "q1", Kind: MissOtherPassage, Cited: "a#1", RightRank: 2},
			{Question: "q2", Kind: MissOtherPassage, Cited: "a#1", RightRank: 3},
			{Question: "q3", Kind: MissNoAnswer},
		}},
			[]string{"misses: 3 (2 from another passage of a right article, 0 from another article, 1 not answered)", "right:    ranked 2", "right:    not among the passages ranked"},
			[]string{"first 20 listed", "not known"}},
		{"through a model", Report{Questions: 5, K: 10, WithAnswers: 5, LLM: true, Summarized: 3, FellBack: 1},
			[]string{"model answers    3 written by the model, 1 fell back", "1 not asked", "the passage the answer cites first", "the summary or quote holds"},
			[]string{"the quoted sentence(s) hold"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteReport(&b, tt.r, 20); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, b.String())
				}
			}
			for _, w := range tt.not {
				if strings.Contains(b.String(), w) {
					t.Errorf("report has %q:\n%s", w, b.String())
				}
			}
		})
	}
}

func TestClassifyMiss(t *testing.T) {
	ranked := []bot.Citation{
		{ArticleID: "a", PassageID: "a#1", Text: "The ferry was ordered."},
		{ArticleID: "b", PassageID: "b#1", Text: "Another ferry story."},
		{ArticleID: "a", PassageID: "a#2", Text: "She will be called the Puffin."},
	}
	tests := []struct {
		name      string
		q         Question
		cited     *bot.Citation
		kind      string
		rightRank int
	}{
		{"lede of the right article", Question{Articles: []string{"a"}, Answers: []string{"Puffin"}}, &ranked[0], MissOtherPassage, 3},
		{"another article", Question{Articles: []string{"a"}, Answers: []string{"Puffin"}}, &ranked[1], MissOtherArticle, 3},
		{"nothing cited", Question{Articles: []string{"a"}, Answers: []string{"Puffin"}}, nil, MissNoAnswer, 3},
		{"right article from the ranking", Question{Answers: []string{"Puffin"}}, &ranked[0], MissOtherPassage, 3},
		{"another article from the ranking", Question{Answers: []string{"Puffin"}}, &ranked[1], MissOtherArticle, 3},
		{"right passage not ranked, no article named", Question{Answers: []string{"zebra"}}, &ranked[0], MissUnknown, 0},
		{"right passage not ranked", Question{Articles: []string{"a"}, Answers: []string{"zebra"}}, &ranked[1], MissOtherArticle, 0},
		{"articles only", Question{Articles: []string{"b"}}, &ranked[0], MissOtherArticle, 2},
		{"several right articles", Question{Articles: []string{"b", "a"}, Answers: []string{"Puffin"}}, &ranked[0], MissOtherPassage, 3},
		{"first of several right passages", Question{Answers: []string{"ferry"}}, &ranked[2], MissOtherPassage, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, rank := classifyMiss(tt.q, tt.cited, ranked)
			if kind != tt.kind || rank != tt.rightRank {
				t.Errorf("classifyMiss = %s, %d; want %s, %d", kind, rank, tt.kind, tt.rightRank)
			}
		})
	}
}
