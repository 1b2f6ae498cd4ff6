package answer

import (
	"newsdesk/bot"
	"newsdesk/corpus/figures"
	"newsdesk/index"
)

// cite is the citation of a retrieved passage.
func cite(h index.Hit) bot.Citation {
	c := bot.Citation{
		ArticleID: h.Passage.ArticleID, Title: h.Title, Source: h.Source, URL: h.URL,
		PassageID: h.Passage.ID, Locator: h.Passage.Locator, Text: h.Passage.Text, Score: h.Score,
	}
	if !h.Published.IsZero() {
		c.Published = h.Published.Format("2006-01-02")
	}
	return c
}

// figureAnswer is a figure as the answer shows it, without its citation.
func figureAnswer(f figures.Figure) bot.FigureAnswer {
	return bot.FigureAnswer{
		Text: f.Text, Kind: f.Kind, Value: f.Value, Unit: f.Unit, Qualifier: f.Qualifier,
		Subject: f.Subject, Period: f.Period, Sentence: f.Sentence, Start: f.Start, End: f.End,
	}
}
