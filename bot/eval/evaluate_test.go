package eval

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"newsdesk/bot/answer"
	"newsdesk/bot/llm"
	"newsdesk/corpus"
	"newsdesk/internal/testkit"
)

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
