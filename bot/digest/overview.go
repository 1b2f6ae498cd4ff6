package digest

import (
	"context"
	"log/slog"
	"strings"

	"newsdesk/bot"
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
		var checked bot.Summary
		checked, err = bot.CheckSummary(s.Text, given)
		s.Text = checked.Text
	}
	if err != nil {
		d.OverviewFallback = "the overview was left out: " + bot.FallbackReason(err)
		log.Warn("digest overview dropped", "date", d.Date, "err", err)
		return
	}
	d.Overview, d.OverviewModel = s.Text, s.Model
}
