package rank

import (
	"context"
	"sort"
	"strings"
	"unicode"
)

// latestShare: for a question about the latest figures, a passage scoring
// at least this share of the best one counts as on topic, and the newest of
// those wins. Newer reports often restate a story in fewer of the
// question's words ("arrears had risen to £4.1bn" against "1.4m households
// are behind on their energy payments"), so the bar is low.
const latestShare = 0.25

// Latest favours newer articles among passages that are about equally good,
// for a question that asks for the newest information ("What is the latest
// price cap?"). It runs after ByScore.
type Latest struct{}

// Rank moves the passages of on-topic articles that cover enough of the
// question to the top, newest first, when q.Question asks for the latest.
func (Latest) Rank(_ context.Context, q *Query, cands []Candidate) error {
	if !wantsLatest(q.Question) || len(cands) < 2 {
		return nil
	}
	best := 0.0
	for _, c := range cands {
		best = max(best, c.Score)
	}
	// An article is on topic when one of its passages scores near the
	// best; its passages that cover enough of the question then sort by
	// date.
	onTopic := map[string]bool{}
	for _, c := range cands {
		if c.Score >= latestShare*best && c.Coverage >= MinCoverage {
			onTopic[c.Hit.Passage.ArticleID] = true
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		ci, cj := cands[i], cands[j]
		ni := onTopic[ci.Hit.Passage.ArticleID] && ci.Coverage >= MinCoverage
		nj := onTopic[cj.Hit.Passage.ArticleID] && cj.Coverage >= MinCoverage
		if ni != nj {
			return ni
		}
		if ni && !ci.Hit.Published.Equal(cj.Hit.Published) {
			return ci.Hit.Published.After(cj.Hit.Published)
		}
		return false
	})
	return nil
}

// wantsLatest reports whether the question asks for the newest information.
func wantsLatest(question string) bool {
	q := " " + strings.Join(strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
	for _, w := range []string{"latest", "most recent", "newest", "currently", "current", "now", "recent", "recently", "so far", "to date"} {
		if strings.Contains(q, " "+w+" ") {
			return true
		}
	}
	return false
}
