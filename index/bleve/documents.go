package bleve

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"newsdesk/corpus"

	"newsdesk/corpus/split"

	"newsdesk/corpus/figures"
)

type doc struct {
	id     string
	fields map[string]any
}

type prepared struct {
	article  corpus.Article
	docs     []doc
	passages int
	figures  int
	err      error
}

// ahead is how many articles prepare builds before the writer takes them:
// enough to keep every core busy while a batch is written, few enough
// that the documents waiting cost little (a few hundred passages).
const ahead = 64

// prepare splits articles into passage, figure and article documents on all
// cores, delivering them in input order so batches are deterministic. It
// builds at most ahead articles beyond the one the caller takes next, so
// memory grows with the batch, not with the corpus.
//
// An unread article (corpus.Article.Unread) is read with read first.
func prepare(ctx context.Context, articles []corpus.Article, read func(context.Context, corpus.Article) (corpus.Article, error)) <-chan prepared {
	out := make(chan prepared)
	workers := runtime.GOMAXPROCS(0)
	window := make(chan struct{}, ahead)     // a token for each article handed out and not yet delivered
	slots := make(chan chan prepared, ahead) // the slot of each article handed out, in order
	var wg sync.WaitGroup
	type task struct {
		i    int
		slot chan prepared
	}
	next := make(chan task)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range next {
				a := articles[t.i]
				if a.Unread {
					var err error
					if a, err = read(ctx, a); err != nil {
						t.slot <- prepared{err: err}
						continue
					}
				}
				t.slot <- build(a)
			}
		}()
	}
	go func() {
		defer close(next)
		defer close(slots)
		for i := range articles {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			slot := make(chan prepared, 1)
			slots <- slot // never blocks: a slot waits only while it holds a token
			select {
			case next <- task{i, slot}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer close(out)
		defer wg.Wait()
		for slot := range slots {
			var p prepared
			select {
			case p = <-slot:
			case <-ctx.Done():
				p = prepared{err: ctx.Err()}
			}
			<-window
			select {
			case out <- p:
			case <-ctx.Done():
				return
			}
			if p.err != nil {
				return
			}
		}
	}()
	return out
}

func build(a corpus.Article) prepared {
	p := prepared{article: a}
	raw, err := json.Marshal(packArticle(a))
	if err != nil {
		return prepared{err: fmt.Errorf("encode article %s: %w", a.ID, err)}
	}
	p.docs = append(p.docs, doc{articleDocID(a.ID), map[string]any{"type": typeArticle, "json": string(raw), "text": a.Text}})
	passages := split.Passages(a)
	bodies := make([]string, len(passages))
	for i, ps := range passages {
		bodies[i] = ps.Text
	}
	// Capped so that a file written as figures costs about what prose does.
	figsOf := figures.ExtractAll(bodies, figures.MaxPerPassage, figures.MaxPerArticle)
	for i, ps := range passages {
		p.passages++
		d := map[string]any{
			"type":       typePassage,
			"article_id": a.ID,
			"hash":       a.Hash, // a passage is citable only under the manifest entry of its own version
			"n":          strconv.Itoa(ps.N),
			"title":      a.Title,
			"section":    ps.Section,
			"locator":    ps.Locator,
			"body":       ps.Text,
		}
		if figs := figsOf[i]; len(figs) > 0 {
			p.figures += len(figs)
			kinds, subjects, periods, texts := make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs))
			for j, f := range figs {
				kinds[j], subjects[j], periods[j], texts[j] = string(f.Kind), f.Subject, f.Period, f.Text
				figs[j].Sentence = "" // found again in the passage when read
			}
			enc, err := json.Marshal(figs)
			if err != nil {
				return prepared{err: fmt.Errorf("encode figures of %s: %w", ps.ID, err)}
			}
			d["fig_kind"], d["fig_subject"], d["fig_period"], d["fig_text"] = kinds, subjects, periods, texts
			d["figs"] = string(enc)
		}
		figsOf[i] = nil // the figures live on in d only as text
		p.docs = append(p.docs, doc{ps.ID, d})
	}
	return p
}

func passageID(articleID string, n int) string { return articleID + "#" + strconv.Itoa(n) }
