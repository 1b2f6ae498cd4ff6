package digest

import (
	"context"
	"log/slog"
	"strings"

	"newsdesk/bot"
	"newsdesk/bot/grounding"
)

// overviewQuestion is what the summarizer is asked for the digest overview.
const overviewQuestion = "In two or three sentences, what is new in these articles?"

// overview asks sum for a short overview of the first articles and keeps it
// only when it passes the grounding checks answers pass; [n] then refers to
// the digest's n-th article.
func overview(ctx context.Context, d *Digest, sum bot.Summarizer, log *slog.Logger) {
	var given []bot.Citation
	for _, a := range d.Articles[:min(len(d.Articles), overviewArticles)] {
		given = append(given, bot.Citation{
			ArticleID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
			PassageID: a.ID + "#digest", Locator: a.ExtractKind, Text: strings.Join(a.Extract, "\n"),
		})
	}
	s, err := sum.Summarize(ctx, overviewQuestion, given)
	if err == nil {
		// The same checks again: whatever Summarizer is plugged in, no
		// unchecked text reaches the channel.
		passages := make([]grounding.Passage, len(given))
		for i, c := range given {
			passages[i] = grounding.Passage{Title: c.Title, Published: c.Published, Text: c.Text}
		}
		s.Text, _, err = grounding.Check(s.Text, passages)
	}
	if err != nil {
		d.OverviewFallback = "the overview was left out: " + bot.FallbackReason(err)
		log.Warn("digest overview dropped", "date", d.Date, "err", err)
		return
	}
	d.Overview, d.OverviewModel = s.Text, s.Model
}
