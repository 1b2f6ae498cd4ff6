package eval

import (
	"strings"
	"testing"

	"newsdesk/bot"
)

func TestWriteReport(t *testing.T) {
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
