package digest

import (
	"fmt"
	"time"

	"newsdesk/corpus/figures"
)

// Digest is one daily digest: the articles indexed or changed since the
// previous one, newest first. It is also the JSON that `newsdesk digest
// --json` prints:
//
//	{
//	  "date": "2025-03-04",                  // local date of the digest
//	  "since": "2025-03-03T08:00:00Z",       // omitted for the first digest
//	  "first": false,                        // true: the latest articles, capped
//	  "overview": "… [1] … [2]",             // only with an LLM, grounded; [n] is articles[n-1]
//	  "overview_model": "gpt-4o-mini",
//	  "overview_fallback": "…",              // why a configured model's overview was left out
//	  "articles": [{
//	    "id": "…", "title": "…", "source": "…", "url": "…",
//	    "published": "2025-03-01",           // when known
//	    "status": "new",                     // or "updated"
//	    "extract_kind": "highlights",        // or "lede"
//	    "extract": ["…", "…"],               // verbatim from the article
//	    "figures": [{"text": "over €50 billion", "kind": "money", "value": 5e10,
//	                 "unit": "EUR", "qualifier": "over", "subject": "…", "period": "2024"}]
//	  }],
//	  "more": 0                              // new articles beyond the cap, not listed
//	}
type Digest struct {
	Date             string    `json:"date"`
	Since            time.Time `json:"since,omitzero"`
	First            bool      `json:"first"`
	Overview         string    `json:"overview,omitempty"`
	OverviewModel    string    `json:"overview_model,omitempty"`
	OverviewFallback string    `json:"overview_fallback,omitempty"`
	Articles         []Article `json:"articles"`
	More             int       `json:"more"`
}

// Article is one article of a digest.
type Article struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Source      string   `json:"source"`
	URL         string   `json:"url,omitempty"`
	Published   string   `json:"published,omitempty"` // YYYY-MM-DD when known
	Status      string   `json:"status"`              // "new" or "updated"
	ExtractKind string   `json:"extract_kind"`        // "highlights" or "lede"
	Extract     []string `json:"extract"`             // highlight items, or one to two sentences of the lede
	Figures     []Figure `json:"figures"`
}

// Figure is a key figure of an article, as written with its
// qualifier ("over €50 billion").
type Figure struct {
	Text      string       `json:"text"`
	Kind      figures.Kind `json:"kind"`
	Value     float64      `json:"value"`
	Unit      string       `json:"unit,omitempty"`
	Qualifier string       `json:"qualifier,omitempty"`
	Subject   string       `json:"subject,omitempty"`
	Period    string       `json:"period,omitempty"`
}

// Empty reports whether the digest has no article.
func (d Digest) Empty() bool { return len(d.Articles) == 0 }

// Headline is the digest's first line, e.g. "3 new or updated articles
// since 2025-03-03 08:00 UTC" (the index time the previous digest reached).
func (d Digest) Headline() string {
	n := len(d.Articles) + d.More
	switch {
	case d.First:
		return plural(n, "article", "articles") + " in the first digest (the latest)."
	case n == 0:
		return "No new articles since " + d.Since.UTC().Format("2006-01-02 15:04 MST") + "."
	default:
		return plural(n, "new or updated article", "new or updated articles") + " since " + d.Since.UTC().Format("2006-01-02 15:04 MST") + "."
	}
}

// plural is "1 article" or "n articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
