package answer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"newsdesk/bot"
	"newsdesk/corpus/figures"
	"strings"
)

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
		figs := []bot.FigureAnswer{}
		for _, f := range figures.Extract(strings.ToValidUTF8(sc.Text(), "\uFFFD")) {
			figs = append(figs, figureAnswer(f))
		}
		if asJSON {
			if err := enc.Encode(struct {
				Line    int                `json:"line"`
				Figures []bot.FigureAnswer `json:"figures"`
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
