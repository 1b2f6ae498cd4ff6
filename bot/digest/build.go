package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"newsdesk/bot"
	"newsdesk/corpus"
	"newsdesk/index"
)

// Caps on what one digest holds and shows.
const (
	firstArticles     = 10  // the first digest ever: the latest articles
	maxArticles       = 100 // articles built into one digest; the rest are counted in Digest.More
	maxExtractRunes   = 400 // a lede extract
	maxHighlights     = 5   // items of a highlights list
	maxHighlightRunes = 300
	maxFigures        = 3
	overviewArticles  = 5 // articles the overview is written from
)

// Index is what the digest needs from the index: the indexed
// articles, newest first, and each article's stored text. index.Store
// implements it.
type Index interface {
	Articles() []index.ArticleInfo
	Article(ctx context.Context, id string) (corpus.Article, error)
}

// build selects the articles new since since (nil: the first digest,
// the latest articles) and builds their extracts and figures, plus a
// grounded overview when sum is not nil. It returns the digest and the mark
// to record once it is posted. Articles removed from the index while
// building are left out.
func build(ctx context.Context, store Index, sum bot.Summarizer, log *slog.Logger, date string, since *mark) (Digest, mark, error) {
	infos := store.Articles()
	d := Digest{Date: date, Articles: []Article{}}
	var picked []index.ArticleInfo
	var base mark
	if since == nil {
		d.First = true
		picked = infos[:min(len(infos), firstArticles)]
	} else {
		base = *since
		d.Since = since.At
		for _, a := range infos {
			if base.isNew(a.ID, stamp(a)) {
				picked = append(picked, a)
			}
		}
	}
	next := base.advance(infos)
	if len(picked) > maxArticles {
		d.More = len(picked) - maxArticles
		picked = picked[:maxArticles]
	}
	for _, info := range picked {
		a, err := store.Article(ctx, info.ID)
		if errors.Is(err, index.ErrNotFound) {
			continue // removed by a rescan since Articles()
		}
		if err != nil {
			return Digest{}, mark{}, fmt.Errorf("digest: %w", err)
		}
		da := Article{
			ID: info.ID, Title: a.Title, Source: a.Source, URL: a.URL, Status: "new", // the stored version's own metadata
			Figures: keyFigures(a.Text),
		}
		if since != nil && !since.isNew(info.ID, info.FirstIndexed) {
			da.Status = "updated"
		}
		if !info.Published.IsZero() {
			da.Published = info.Published.Format("2006-01-02")
		}
		da.ExtractKind, da.Extract = extract(a)
		d.Articles = append(d.Articles, da)
	}
	if sum != nil && len(d.Articles) > 0 {
		overview(ctx, &d, sum, log)
	}
	return d, next, nil
}
