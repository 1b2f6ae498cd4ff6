package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/corpus"
	"newsdesk/index"
)

// BenchReport is what Bench measured.
type BenchReport struct {
	Articles       int     `json:"articles"`
	Passages       int     `json:"passages"`
	Figures        int     `json:"figures"`
	TextMB         float64 `json:"text_mb"`
	LoadSeconds    float64 `json:"load_seconds"`     // reading and parsing the corpus
	IndexSeconds   float64 `json:"index_seconds"`    // splitting, extracting figures, writing the index
	ArticlesPerSec float64 `json:"articles_per_sec"` // articles / IndexSeconds
	MBPerSec       float64 `json:"mb_per_sec"`       // TextMB / IndexSeconds
	ReopenSeconds  float64 `json:"reopen_seconds"`   // reopen the index and check the corpus, nothing changed
	Questions      int     `json:"questions"`
	AnswerP50ms    float64 `json:"answer_p50_ms"` // whole answer path: search, rank, quote, verify
	AnswerP99ms    float64 `json:"answer_p99_ms"`
	SearchP50ms    float64 `json:"search_p50_ms"` // index search alone, for comparison
	SearchP99ms    float64 `json:"search_p99_ms"`
	PeakRSSMB      float64 `json:"peak_rss_mb"` // the process's peak resident memory
}

// Opener opens the index in a data folder.
type Opener func(ctx context.Context, dataDir string) (index.Store, error)

// Bench indexes articles into a fresh index in dataDir, reopens it, then
// answers each question `rounds` times, timing the whole answer path and the
// search alone. loadTime is how long the caller took to load articles. It
// returns the first error from the index or from a question; a question Ask
// refuses as the asker's mistake (ErrEmptyQuestion, ErrQuestionTooLong) is
// timed like any other.
//
// open opens the index in a data folder (main gives bleve, with semantic
// search when a model is configured), so the bench measures the answer path
// the commands run.
func Bench(ctx context.Context, open Opener, dataDir string, articles []corpus.Article, loadTime time.Duration, questions []string, rounds int) (BenchReport, error) {
	r := BenchReport{Articles: len(articles), LoadSeconds: loadTime.Seconds()}
	for _, a := range articles {
		r.TextMB += float64(len(a.Text)) / 1e6
	}
	ix, err := open(ctx, dataDir)
	if err != nil {
		return r, err
	}
	start := time.Now()
	st, err := ix.Update(ctx, articles, nil)
	r.IndexSeconds = time.Since(start).Seconds()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, err
	}
	r.Passages, r.Figures = st.Passages, st.Figures
	r.ArticlesPerSec = float64(r.Articles) / r.IndexSeconds
	r.MBPerSec = r.TextMB / r.IndexSeconds

	start = time.Now()
	ix, err = open(ctx, dataDir)
	if err != nil {
		return r, err
	}
	defer ix.Close()
	if _, err := ix.Update(ctx, articles, nil); err != nil {
		return r, err
	}
	r.ReopenSeconds = time.Since(start).Seconds()

	a := answer.New(ix, nil, nil)
	var asked, searched []float64 // milliseconds
	for range max(rounds, 1) {
		for _, q := range questions {
			t0 := time.Now()
			if _, err := a.Ask(ctx, q, bot.AskOptions{}); err != nil && !errors.Is(err, bot.ErrEmptyQuestion) && !errors.Is(err, bot.ErrQuestionTooLong) {
				return r, fmt.Errorf("ask %q: %w", q, err)
			}
			asked = append(asked, ms(time.Since(t0)))
			t0 = time.Now()
			if _, err := ix.Search(ctx, answer.SearchText(q), 10); err != nil {
				return r, fmt.Errorf("search %q: %w", q, err)
			}
			searched = append(searched, ms(time.Since(t0)))
		}
	}
	r.Questions = len(questions)
	r.AnswerP50ms, r.AnswerP99ms = percentile(asked, 50), percentile(asked, 99)
	r.SearchP50ms, r.SearchP99ms = percentile(searched, 50), percentile(searched, 99)
	r.PeakRSSMB = peakRSSMB()
	return r, nil
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSSMB is the process's peak resident set size (getrusage maxrss, which
// Linux reports in KiB).
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

// WriteBench prints r for a terminal. It returns w's error.
func WriteBench(w io.Writer, r BenchReport) error {
	_, err := fmt.Fprintf(w, `corpus:   %d articles, %.1f MB of text, %d passages, %d figures (load %.2fs)
indexing: %.2fs — %.0f articles/s, %.2f MB/s
reopen:   %.3fs (open the index and check every article, nothing changed)
answers:  %d questions — whole answer p50 %.2f ms, p99 %.2f ms; search alone p50 %.2f ms, p99 %.2f ms
memory:   peak RSS %.0f MB
`, r.Articles, r.TextMB, r.Passages, r.Figures, r.LoadSeconds, r.IndexSeconds, r.ArticlesPerSec, r.MBPerSec,
		r.ReopenSeconds, r.Questions, r.AnswerP50ms, r.AnswerP99ms, r.SearchP50ms, r.SearchP99ms, r.PeakRSSMB)
	return err
}
