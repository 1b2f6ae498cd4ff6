package digest

import (
	"fmt"
	"io"
	"strings"
)

// WriteDigest prints d for a terminal: the headline, the overview, then
// each article with its link, date, extract and key figures.
func WriteDigest(w io.Writer, d Digest) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Daily digest %s — %s\n", d.Date, d.Headline())
	if d.Overview != "" {
		fmt.Fprintf(&b, "\n%s\n(Overview by %s; [n] is article n below.)\n", d.Overview, d.OverviewModel)
	} else if d.OverviewFallback != "" {
		fmt.Fprintf(&b, "\n(%s.)\n", d.OverviewFallback)
	}
	for i, a := range d.Articles {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, a.Title)
		var meta []string
		if a.URL != "" {
			meta = append(meta, a.URL)
		} else if a.Source != "" {
			meta = append(meta, a.Source)
		}
		if a.Published != "" {
			meta = append(meta, "published "+a.Published)
		}
		if a.Status == "updated" {
			meta = append(meta, "updated")
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "   %s\n", strings.Join(meta, " · "))
		}
		for _, e := range a.Extract {
			if a.ExtractKind == "highlights" {
				fmt.Fprintf(&b, "   • %s\n", e)
			} else {
				fmt.Fprintf(&b, "   > %s\n", e)
			}
		}
		if len(a.Figures) > 0 {
			var fs []string
			for _, f := range a.Figures {
				fs = append(fs, f.Text)
			}
			fmt.Fprintf(&b, "   Key figures: %s\n", strings.Join(fs, " · "))
		}
	}
	if d.More > 0 {
		fmt.Fprintf(&b, "\n…and %s not listed.\n", plural(d.More, "more article", "more articles"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
