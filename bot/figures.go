package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"newsdesk/corpus/figures"
)

func figureAnswer(f figures.Figure) FigureAnswer {
	return FigureAnswer{
		Text: f.Text, Kind: f.Kind, Value: f.Value, Unit: f.Unit, Qualifier: f.Qualifier,
		Subject: f.Subject, Period: f.Period, Sentence: f.Sentence, Start: f.Start, End: f.End,
	}
}

// defaultFigures is how many figures a lookup returns when k is 0.
const defaultFigures = 10

// Figures looks up the key figures about topic, most relevant first, each
// cited with its passage; with an empty topic, the figures of the most
// recent articles. kind ("money", "percent", …) keeps only that kind; an
// unknown kind is an error that lists the valid ones, and a topic longer
// than 2,000 characters is ErrQuestionTooLong. It returns the index's error
// when the lookup fails.
func (a *Answerer) Figures(ctx context.Context, topic, kind string, k int) (FigureList, error) {
	topic = strings.TrimSpace(topic)
	list := FigureList{Topic: topic, Figures: []FigureAnswer{}}
	if kind != "" && !slices.Contains(figureKinds, figures.Kind(kind)) {
		return list, fmt.Errorf("%w %q; use one of %s", ErrUnknownKind, kind, kindList())
	}
	if utf8.RuneCountInString(topic) > MaxQuestion {
		return list, ErrQuestionTooLong
	}
	if k <= 0 {
		k = defaultFigures
	}
	hits, err := a.lib.Figures(ctx, buildQuery(topic), kind, k)
	if err != nil {
		return list, fmt.Errorf("look up figures: %w", err)
	}
	for _, h := range hits {
		fa := figureAnswer(h.Figure)
		fa.Citation = cite(h.Hit)
		list.Figures = append(list.Figures, fa)
	}
	return list, nil
}

var figureKinds = []figures.Kind{figures.Money, figures.Percent, figures.Count, figures.Quantity, figures.Date, figures.Year}

func kindList() string {
	var s []string
	for _, k := range figureKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// maxLine is the longest input line ExtractLines accepts.
const maxLine = 1 << 20

// ExtractLines reads text line by line from r and writes the figures found in
// each line to w: one JSON object {"line": n, "figures": [...]} per input
// line when asJSON, else one line per figure prefixed with the line number.
// It returns an error naming the line when a line is longer than 1 MiB.
func ExtractLines(r io.Reader, w io.Writer, asJSON bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	for sc.Scan() {
		n++
		figs := []FigureAnswer{}
		for _, f := range figures.Extract(strings.ToValidUTF8(sc.Text(), "\uFFFD")) {
			figs = append(figs, figureAnswer(f))
		}
		if asJSON {
			if err := enc.Encode(struct {
				Line    int            `json:"line"`
				Figures []FigureAnswer `json:"figures"`
			}{n, figs}); err != nil {
				return err
			}
			continue
		}
		for _, f := range figs {
			if _, err := fmt.Fprintf(w, "%d: %s (%s, %s)\n", n, f.Text, f.Kind, strings.TrimSpace(fmt.Sprintf("%g %s", f.Value, f.Unit))); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d is longer than 1 MiB; split the input into lines", n+1)
		}
		return fmt.Errorf("read line %d: %w", n+1, err)
	}
	return nil
}
