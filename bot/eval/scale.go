package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk/corpus"
	"newsdesk/corpus/synth"
	"newsdesk/internal/child"
)

// Runner runs one phase of the scale bench in a process of its own: the
// newsdesk binary with args (main gives os.Executable).
type Runner func(ctx context.Context, args ...string) (child.Result, error)

// ScaleOptions say what Scale measures.
type ScaleOptions struct {
	Source    []corpus.Article // the real articles the archive is made from
	Articles  int              // the archive's size
	Seed      uint64
	Dir       string // where the archive and the indexes go; Scale leaves them there
	Questions string // the question file the answer phases read
	Rounds    int    // passes over the questions per answer phase
	Runs      int    // times each phase runs; the report gives medians
}

// Figures are one measurement taken once a run.
type Figures []float64

// Median is the median of f, 0 for none.
func (f Figures) Median() float64 {
	if len(f) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(f))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// String is the median, and the range when there are several.
func (f Figures) String() string {
	if len(f) < 2 {
		return num(f.Median())
	}
	return fmt.Sprintf("%s (%s–%s)", num(f.Median()), num(slices.Min(f)), num(slices.Max(f)))
}

// num is x to three significant digits, without an exponent.
func num(x float64) string {
	switch {
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// PhaseFigures are a phase's wall time and peak RSS, one of each a run.
type PhaseFigures struct {
	Seconds   Figures `json:"seconds"`
	PeakRSSMB Figures `json:"peak_rss_mb"`
}

func (p *PhaseFigures) add(r child.Result) {
	p.Seconds = append(p.Seconds, r.Seconds)
	p.PeakRSSMB = append(p.PeakRSSMB, r.PeakRSSMB)
}

// LatencyFigures are an answer phase's percentiles, one of each a run.
type LatencyFigures struct {
	P50ms Figures `json:"p50_ms"`
	P95ms Figures `json:"p95_ms"`
	P99ms Figures `json:"p99_ms"`
}

func (l *LatencyFigures) add(r Latency) {
	l.P50ms = append(l.P50ms, r.P50ms)
	l.P95ms = append(l.P95ms, r.P95ms)
	l.P99ms = append(l.P99ms, r.P99ms)
}

// RescanFigures are what the rescan phase measured, one of each a run.
type RescanFigures struct {
	StartRSSMB Figures `json:"start_rss_mb"` // after opening and checking the index, as serve starts
	AfterRSSMB Figures `json:"after_rss_mb"` // after one rescan with nothing changed
	Seconds    Figures `json:"seconds"`      // the rescan's time
}

// ScaleReport is what Scale measured.
type ScaleReport struct {
	Articles        int            `json:"articles"`
	Passages        int            `json:"passages"`
	TextMB          float64        `json:"text_mb"`
	GenerateSeconds float64        `json:"generate_seconds"`
	Runs            int            `json:"runs"`
	Questions       int            `json:"questions"`
	Rounds          int            `json:"rounds"`
	Index           PhaseFigures   `json:"index"`       // newsdesk index into an empty data folder
	NaiveIndex      PhaseFigures   `json:"naive_index"` // the naive bleve index of the same archive
	Unchanged       PhaseFigures   `json:"unchanged"`   // newsdesk index again, nothing changed
	ChangedFiles    int            `json:"changed_files"`
	Changed         PhaseFigures   `json:"changed"` // newsdesk index after 1% of the files changed
	Answer          LatencyFigures `json:"answer"`  // the whole answer path
	NaiveSearch     LatencyFigures `json:"naive_search"`
	Rescan          RescanFigures  `json:"rescan"`
}

// Scale writes a synthetic archive of o.Articles articles made from
// o.Source (see package synth) under o.Dir, and measures newsdesk on it
// beside the naive bleve baseline, each phase in a process of its own
// (run), o.Runs times: indexing, indexing with nothing changed, with 1% of
// the files changed, answers against naive searches, and one serve rescan.
// The phases are the bench command's (--phase) and index's. It returns the
// first error of a phase, or ctx's.
func Scale(ctx context.Context, run Runner, o ScaleOptions) (ScaleReport, error) {
	r := ScaleReport{Articles: o.Articles, Runs: max(o.Runs, 1), Rounds: max(o.Rounds, 1)}
	archive := filepath.Join(o.Dir, "archive")
	if err := os.RemoveAll(archive); err != nil {
		return r, fmt.Errorf("remove the old archive: %w", err)
	}
	gen := synth.New(o.Source, o.Seed)
	start := time.Now()
	st, err := gen.Write(ctx, archive, o.Articles)
	if err != nil {
		return r, err
	}
	r.GenerateSeconds = time.Since(start).Seconds()
	r.TextMB = float64(st.Bytes) / 1e6
	rounds := strconv.Itoa(r.Rounds)
	for i := range r.Runs {
		data := filepath.Join(o.Dir, "data")
		naiveDir := filepath.Join(o.Dir, "naive")
		for _, d := range []string{data, naiveDir} {
			if err := os.RemoveAll(d); err != nil {
				return r, fmt.Errorf("remove the last run's index: %w", err)
			}
		}
		index := []string{"index", "--corpus", archive, "--data", data, "--json"}
		res, err := run(ctx, index...)
		if err != nil {
			return r, err
		}
		r.Index.add(res)
		var out struct {
			Passages int `json:"passages_written"`
		}
		if err := json.Unmarshal(res.Stdout, &out); err != nil {
			return r, fmt.Errorf("read index's output: %w", err)
		}
		r.Passages = out.Passages
		if res, err = run(ctx, "bench", "--phase", "naive-index", "--corpus", archive, "--data", naiveDir); err != nil {
			return r, err
		}
		r.NaiveIndex.add(res)
		if res, err = run(ctx, index...); err != nil {
			return r, err
		}
		r.Unchanged.add(res)
		for _, p := range []struct {
			args []string
			to   *LatencyFigures
		}{
			{[]string{"bench", "--phase", "answer", "--corpus", archive, "--data", data}, &r.Answer},
			{[]string{"bench", "--phase", "naive-search", "--data", naiveDir}, &r.NaiveSearch},
		} {
			res, err := run(ctx, append(p.args, "--questions", o.Questions, "--rounds", rounds)...)
			if err != nil {
				return r, err
			}
			var l Latency
			if err := json.Unmarshal(res.Stdout, &l); err != nil {
				return r, fmt.Errorf("read the answer phase's output: %w", err)
			}
			r.Questions = l.Questions
			p.to.add(l)
		}
		if r.ChangedFiles, err = gen.Change(archive, o.Articles, 100, i+1); err != nil {
			return r, err
		}
		if res, err = run(ctx, index...); err != nil {
			return r, err
		}
		r.Changed.add(res)
		if res, err = run(ctx, "bench", "--phase", "rescan", "--corpus", archive, "--data", data); err != nil {
			return r, err
		}
		var rs RescanReport
		if err := json.Unmarshal(res.Stdout, &rs); err != nil {
			return r, fmt.Errorf("read the rescan phase's output: %w", err)
		}
		r.Rescan.StartRSSMB = append(r.Rescan.StartRSSMB, rs.StartRSSMB)
		r.Rescan.AfterRSSMB = append(r.Rescan.AfterRSSMB, rs.AfterRSSMB)
		r.Rescan.Seconds = append(r.Rescan.Seconds, rs.Seconds)
	}
	return r, nil
}

// WriteScale prints r as the rows of the scale table. It returns w's error.
func WriteScale(w io.Writer, r ScaleReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "archive: %d articles, %d passages, %.1f MB of text (generated in %.1fs); %d run(s), median (min–max)\n",
		r.Articles, r.Passages, r.TextMB, r.GenerateSeconds, r.Runs)
	fmt.Fprintf(&b, "index time, newsdesk / naive bleve:        %s / %s s\n", r.Index.Seconds, r.NaiveIndex.Seconds)
	fmt.Fprintf(&b, "peak RSS while indexing, newsdesk / naive: %s / %s MB\n", r.Index.PeakRSSMB, r.NaiveIndex.PeakRSSMB)
	fmt.Fprintf(&b, "answer p50 / p95 / p99:                    %s / %s / %s ms (%d questions × %d)\n", r.Answer.P50ms, r.Answer.P95ms, r.Answer.P99ms, r.Questions, r.Rounds)
	fmt.Fprintf(&b, "naive search p50 / p95 / p99:              %s / %s / %s ms\n", r.NaiveSearch.P50ms, r.NaiveSearch.P95ms, r.NaiveSearch.P99ms)
	fmt.Fprintf(&b, "index with nothing changed:                %s s, peak RSS %s MB\n", r.Unchanged.Seconds, r.Unchanged.PeakRSSMB)
	fmt.Fprintf(&b, "index after changing 1%% (%d files):       %s s, peak RSS %s MB\n", r.ChangedFiles, r.Changed.Seconds, r.Changed.PeakRSSMB)
	fmt.Fprintf(&b, "one serve rescan, nothing changed:         %s s; RSS %s MB after start, %s MB after the rescan\n", r.Rescan.Seconds, r.Rescan.StartRSSMB, r.Rescan.AfterRSSMB)
	_, err := io.WriteString(w, b.String())
	return err
}

// Latency is what an answer phase measured.
type Latency struct {
	Questions int     `json:"questions"`
	P50ms     float64 `json:"p50_ms"`
	P95ms     float64 `json:"p95_ms"`
	P99ms     float64 `json:"p99_ms"`
}

// Time asks each question rounds times through ask and returns the
// percentiles of the times taken. It returns the first error ask returns.
func Time(ctx context.Context, ask func(ctx context.Context, q string) error, questions []string, rounds int) (Latency, error) {
	var took []float64
	for range max(rounds, 1) {
		for _, q := range questions {
			t0 := time.Now()
			if err := ask(ctx, q); err != nil {
				return Latency{}, fmt.Errorf("ask %q: %w", q, err)
			}
			took = append(took, ms(time.Since(t0)))
		}
	}
	return Latency{Questions: len(questions), P50ms: percentile(took, 50), P95ms: percentile(took, 95), P99ms: percentile(took, 99)}, nil
}

// RescanReport is what the rescan phase measured.
type RescanReport struct {
	StartRSSMB float64 `json:"start_rss_mb"`
	AfterRSSMB float64 `json:"after_rss_mb"`
	Seconds    float64 `json:"seconds"`
}

// MeasureRescan is the rescan phase: start opens the index and brings it up
// to date, as serve does when it starts, and rescan checks the corpus
// again, as serve does on its interval. It returns their first error.
func MeasureRescan(ctx context.Context, start, rescan func(ctx context.Context) error) (RescanReport, error) {
	var r RescanReport
	if err := start(ctx); err != nil {
		return r, err
	}
	r.StartRSSMB = rssMB()
	t0 := time.Now()
	if err := rescan(ctx); err != nil {
		return r, err
	}
	r.Seconds = time.Since(t0).Seconds()
	r.AfterRSSMB = rssMB()
	return r, nil
}

// rssMB is the process's resident set size now (Linux's VmRSS), 0 where
// it cannot be read.
func rssMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
