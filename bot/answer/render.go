package answer

import (
	"fmt"
	"io"
	"newsdesk/bot"
	"strings"
)

// WriteAnswer prints ans for a terminal: the answer, then each citation with
// its title, locator, source and quoted passage, then related passages. It
// returns w's error.
func WriteAnswer(w io.Writer, ans bot.Answer) error {
	var b strings.Builder
	switch ans.Mode {
	case bot.LLM:
		fmt.Fprintf(&b, "%s\n\n(Summary by %s from the passages below.)\n", ans.Answer, ans.Model)
	default:
		fmt.Fprintf(&b, "%s\n", ans.Answer)
	}
	for i, c := range ans.Citations {
		label := "Source"
		if ans.Mode == bot.LLM {
			label = fmt.Sprintf("[%d]", i+1)
		}
		fmt.Fprintf(&b, "\n%s: %s\n", label, citeLine(c))
		for _, line := range strings.Split(c.Text, "\n") {
			if line != "" {
				fmt.Fprintf(&b, "  > %s\n", line)
			}
		}
	}
	if ans.Fallback != "" {
		fmt.Fprintf(&b, "\n(Extractive answer: %s.)\n", ans.Fallback)
	}
	if len(ans.Related) > 0 {
		if ans.Mode == bot.NoAnswer {
			b.WriteString("\nClosest passages:\n")
		} else {
			b.WriteString("\nRelated:\n")
		}
		for _, c := range ans.Related {
			fmt.Fprintf(&b, "  - %s\n", citeLine(c))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// citeLine is "Title — Locator — source, URL (date)": the source's name
// and the link both, as a reader wants to know who said it and where to
// read it.
func citeLine(c bot.Citation) string {
	parts := []string{c.Title}
	if c.Locator != "" {
		parts = append(parts, c.Locator)
	}
	src := c.Source
	switch {
	case c.URL == "" || c.URL == c.Source:
	case src == "":
		src = c.URL
	default:
		src += ", " + c.URL
	}
	if src != "" {
		parts = append(parts, src)
	}
	s := strings.Join(parts, " — ")
	if c.Published != "" {
		s += " (" + c.Published + ")"
	}
	return s
}

// WriteFigures prints one line per figure: value — subject (period) —
// "sentence" — title, locator. It returns w's error.
func WriteFigures(w io.Writer, list bot.FigureList) error {
	var b strings.Builder
	if len(list.Figures) == 0 {
		if list.Topic == "" {
			b.WriteString("No key figures in the articles yet.\n")
		} else {
			fmt.Fprintf(&b, "No key figures found about %q.\n", list.Topic)
		}
	}
	for _, f := range list.Figures {
		b.WriteString(FigureLine(f))
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FigureLine renders one figure as plain text:
// over €50 billion — support (2024) — "…sentence…" — Title, Locator.
func FigureLine(f bot.FigureAnswer) string {
	value := f.Text
	if f.Qualifier != "" && !strings.HasPrefix(strings.ToLower(f.Text), strings.ToLower(f.Qualifier)) {
		value = f.Qualifier + " " + f.Text
	}
	s := value
	if f.Subject != "" {
		s += " — " + f.Subject
	}
	if f.Period != "" {
		s += " (" + f.Period + ")"
	}
	if f.Sentence != "" {
		s += " — “" + f.Sentence + "”"
	}
	s += " — " + f.Citation.Title
	if f.Citation.Locator != "" {
		s += ", " + f.Citation.Locator
	}
	return s
}
