package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"newsdesk/bot/grounding"
	"newsdesk/corpus"
	"newsdesk/index"
)

// Caps on what one digest holds and shows.
const (
	firstDigestArticles = 10  // the first digest ever: the latest articles
	maxDigestArticles   = 100 // articles built into one digest; the rest are counted in Digest.More
	maxFullArticles     = 10  // articles a Slack digest shows in full; the rest by title only
	maxExtractRunes     = 400 // a lede extract
	maxHighlights       = 5   // items of a highlights list
	maxHighlightRunes   = 300
	maxDigestFigures    = 3
	overviewArticles    = 5 // articles the overview is written from
)

// overviewQuestion is what the summarizer is asked for the digest overview.
const overviewQuestion = "In two or three sentences, what is new in these articles?"

// ArticleStore is what the digest needs from the index: the indexed
// articles, newest first, and each article's stored text. *index.Index
// implements it.
type ArticleStore interface {
	Articles() []index.ArticleInfo
	Article(ctx context.Context, id string) (corpus.Article, error)
}

// Digest is one daily digest: the articles indexed or changed since the
// previous one, newest first. It is also the JSON that `newsdesk digest
// --json` prints:
//
//	{
//	  "date": "2025-03-04",                  // local date of the digest
//	  "since": "2025-03-03T08:00:00Z",       // omitted for the first digest
//	  "first": false,                        // true: the latest articles, capped
//	  "overview": "… [1] … [2]",             // only with an LLM, grounded; [n] is articles[n-1]
//	  "overview_model": "gpt-4o-mini",
//	  "overview_fallback": "…",              // why a configured model's overview was left out
//	  "articles": [{
//	    "id": "…", "title": "…", "source": "…", "url": "…",
//	    "published": "2025-03-01",           // when known
//	    "status": "new",                     // or "updated"
//	    "extract_kind": "highlights",        // or "lede"
//	    "extract": ["…", "…"],               // verbatim from the article
//	    "figures": [{"text": "over €50 billion", "kind": "money", "value": 5e10,
//	                 "unit": "EUR", "qualifier": "over", "subject": "…", "period": "2024"}]
//	  }],
//	  "more": 0                              // new articles beyond the cap, not listed
//	}
type Digest struct {
	Date             string          `json:"date"`
	Since            time.Time       `json:"since,omitzero"`
	First            bool            `json:"first"`
	Overview         string          `json:"overview,omitempty"`
	OverviewModel    string          `json:"overview_model,omitempty"`
	OverviewFallback string          `json:"overview_fallback,omitempty"`
	Articles         []DigestArticle `json:"articles"`
	More             int             `json:"more"`
}

// DigestArticle is one article of a digest.
type DigestArticle struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Source      string         `json:"source"`
	URL         string         `json:"url,omitempty"`
	Published   string         `json:"published,omitempty"` // YYYY-MM-DD when known
	Status      string         `json:"status"`              // "new" or "updated"
	ExtractKind string         `json:"extract_kind"`        // "highlights" or "lede"
	Extract     []string       `json:"extract"`             // highlight items, or one to two sentences of the lede
	Figures     []DigestFigure `json:"figures"`
}

// DigestFigure is a key figure of an article, as written with its
// qualifier ("over €50 billion").
type DigestFigure struct {
	Text      string      `json:"text"`
	Kind      corpus.Kind `json:"kind"`
	Value     float64     `json:"value"`
	Unit      string      `json:"unit,omitempty"`
	Qualifier string      `json:"qualifier,omitempty"`
	Subject   string      `json:"subject,omitempty"`
	Period    string      `json:"period,omitempty"`
}

// Empty reports whether the digest has no article.
func (d Digest) Empty() bool { return len(d.Articles) == 0 }

// digestMark is how far the digests have got, in the index's own clock: an
// article is new when its stamp (the later of first indexed and updated) is
// after At, or equal to At and not in IDs. IDs makes the mark exact even
// when a digest was built in the middle of an index update whose articles
// all share one timestamp.
type digestMark struct {
	At  time.Time `json:"at"`
	IDs []string  `json:"ids,omitempty"`
}

func stamp(a index.ArticleInfo) time.Time {
	if a.Updated.After(a.FirstIndexed) {
		return a.Updated
	}
	return a.FirstIndexed
}

func (m digestMark) isNew(id string, t time.Time) bool {
	return t.After(m.At) || (t.Equal(m.At) && !slices.Contains(m.IDs, id))
}

// advance returns the mark once every article in infos has been digested.
func (m digestMark) advance(infos []index.ArticleInfo) digestMark {
	next := digestMark{At: m.At, IDs: slices.Clone(m.IDs)}
	for _, a := range infos {
		t := stamp(a)
		switch {
		case t.After(next.At):
			next = digestMark{At: t, IDs: []string{a.ID}}
		case t.Equal(next.At) && !slices.Contains(next.IDs, a.ID):
			next.IDs = append(next.IDs, a.ID)
		}
	}
	slices.Sort(next.IDs)
	return next
}

// buildDigest selects the articles new since mark (nil: the first digest,
// the latest articles) and builds their extracts and figures, plus a
// grounded overview when sum is not nil. It returns the digest and the mark
// to record once it is posted. Articles removed from the index while
// building are left out.
func buildDigest(ctx context.Context, store ArticleStore, sum Summarizer, log *slog.Logger, date string, mark *digestMark) (Digest, digestMark, error) {
	infos := store.Articles()
	d := Digest{Date: date, Articles: []DigestArticle{}}
	var picked []index.ArticleInfo
	var base digestMark
	if mark == nil {
		d.First = true
		picked = infos[:min(len(infos), firstDigestArticles)]
	} else {
		base = *mark
		d.Since = mark.At
		for _, a := range infos {
			if base.isNew(a.ID, stamp(a)) {
				picked = append(picked, a)
			}
		}
	}
	next := base.advance(infos)
	if len(picked) > maxDigestArticles {
		d.More = len(picked) - maxDigestArticles
		picked = picked[:maxDigestArticles]
	}
	for _, info := range picked {
		a, err := store.Article(ctx, info.ID)
		if errors.Is(err, index.ErrNotFound) {
			continue // removed by a rescan since Articles()
		}
		if err != nil {
			return Digest{}, digestMark{}, fmt.Errorf("digest: %w", err)
		}
		da := DigestArticle{
			ID: info.ID, Title: a.Title, Source: a.Source, URL: a.URL, Status: "new", // the stored version's own metadata
			Figures: keyFigures(a.Text),
		}
		if mark != nil && !mark.isNew(info.ID, info.FirstIndexed) {
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

// highlightsRE matches the heading of an article's own summary list.
var highlightsRE = regexp.MustCompile(`(?i)\b(highlights|key points|key takeaways|takeaways|at a glance|in brief|in short|summary|tl;?dr|what you need to know)\b`)

// extract returns the article's highlights list when it has one, else the
// first one or two sentences of its lede. Every item is verbatim from the
// article (a long one is cut short with "…").
func extract(a corpus.Article) (kind string, items []string) {
	for _, s := range a.Sections {
		if s.Heading != "" && highlightsRE.MatchString(s.Heading) && len(s.Paragraphs) > 0 {
			for _, p := range s.Paragraphs[:min(len(s.Paragraphs), maxHighlights)] {
				items = append(items, cutRunes(strings.TrimSpace(p), maxHighlightRunes))
			}
			return "highlights", items
		}
	}
	var lede string
	for _, s := range a.Sections {
		if len(s.Paragraphs) > 0 {
			lede = s.Paragraphs[0]
			break
		}
	}
	if lede == "" {
		lede = a.Text
	}
	sents := corpus.Sentences(lede)
	if len(sents) == 0 {
		return "lede", []string{}
	}
	text := strings.TrimSpace(sents[0])
	if len(sents) > 1 {
		if two := strings.TrimSpace(sents[0]) + " " + strings.TrimSpace(sents[1]); utf8.RuneCountInString(two) <= maxExtractRunes {
			text = two
		}
	}
	return "lede", []string{cutRunes(text, maxExtractRunes)}
}

// cutRunes shortens s to at most n runes, ending with "…" when cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	return strings.TrimRight(string(r), " ") + "…"
}

// figureRank orders kinds by how much a reader wants them in a digest:
// amounts and shares first, years last.
func figureRank(k corpus.Kind) int {
	switch k {
	case corpus.Money, corpus.Percent:
		return 0
	case corpus.Count:
		return 1
	case corpus.Quantity:
		return 2
	case corpus.Date:
		return 3
	default:
		return 4
	}
}

// keyFigures picks up to three figures of text, preferring money, percent
// and counts over dates and years, and returns them in reading order.
func keyFigures(text string) []DigestFigure {
	figs := corpus.Extract(text)
	seen := map[string]bool{}
	var uniq []corpus.Figure
	for _, f := range figs {
		k := strings.ToLower(f.Text)
		if !seen[k] {
			seen[k] = true
			uniq = append(uniq, f)
		}
	}
	sort.SliceStable(uniq, func(i, j int) bool { return figureRank(uniq[i].Kind) < figureRank(uniq[j].Kind) })
	uniq = uniq[:min(len(uniq), maxDigestFigures)]
	sort.SliceStable(uniq, func(i, j int) bool { return uniq[i].Start < uniq[j].Start })
	out := make([]DigestFigure, 0, len(uniq))
	for _, f := range uniq {
		out = append(out, DigestFigure{Text: f.Text, Kind: f.Kind, Value: f.Value, Unit: f.Unit,
			Qualifier: f.Qualifier, Subject: f.Subject, Period: f.Period})
	}
	return out
}

// overview asks sum for a short overview of the first articles and keeps it
// only when it passes the grounding checks answers pass; [n] then refers to
// the digest's n-th article.
func overview(ctx context.Context, d *Digest, sum Summarizer, log *slog.Logger) {
	var given []Citation
	for _, a := range d.Articles[:min(len(d.Articles), overviewArticles)] {
		given = append(given, Citation{
			ArticleID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
			PassageID: a.ID + "#digest", Locator: a.ExtractKind, Text: strings.Join(a.Extract, "\n"),
		})
	}
	s, err := sum.Summarize(ctx, overviewQuestion, given)
	if err == nil {
		// The same checks again: whatever Summarizer is plugged in, no
		// unchecked text reaches the channel.
		ps := make([]grounding.Passage, len(given))
		for i, c := range given {
			ps[i] = grounding.Passage{Title: c.Title, Published: c.Published, Text: c.Text}
		}
		s.Text, _, err = grounding.Check(s.Text, ps)
	}
	if err != nil {
		d.OverviewFallback = "the overview was left out: " + FallbackReason(err)
		log.Warn("digest overview dropped", "date", d.Date, "err", err)
		return
	}
	d.Overview, d.OverviewModel = s.Text, s.Model
}

// digestMarker tags a posted digest so the bot can find its own post in
// the channel's history: "newsdesk digest 2025-03-04".
func digestMarker(date string) string { return "newsdesk digest " + date }

// titleLink is the escaped title, linked when the article has an http(s) URL.
func titleLink(title, rawURL string) string {
	t := trimText(escapeText(title), 300)
	if u := safeURL(rawURL); u != "" {
		return "<" + u + "|" + t + ">"
	}
	return t
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// headline is the digest's first line, e.g. "3 new or updated articles
// since 2025-03-03 08:00 UTC" (the index time the previous digest reached).
func (d Digest) headline() string {
	n := len(d.Articles) + d.More
	switch {
	case d.First:
		return plural(n, "article", "articles") + " in the first digest (the latest)."
	case n == 0:
		return "No new articles since " + d.Since.UTC().Format("2006-01-02 15:04 MST") + "."
	default:
		return plural(n, "new or updated article", "new or updated articles") + " since " + d.Since.UTC().Format("2006-01-02 15:04 MST") + "."
	}
}

// digestMessage renders d for Slack within its limits: the first articles
// in full, the rest by title only, and a footer carrying the digest marker.
// All article text is escaped.
func digestMessage(d Digest) Message {
	marker := digestMarker(d.Date)
	blocks := []slack.Block{section("*Daily digest — " + escapeText(d.Date) + "*\n" + d.headline())}
	if d.Overview != "" {
		model := d.OverviewModel
		if model == "" {
			model = "a language model"
		}
		blocks = append(blocks, section(escapeText(d.Overview)),
			contextBlock("Overview by "+escapeText(model)+"; [n] is the numbered article below"))
	}
	full := d.Articles[:min(len(d.Articles), maxFullArticles)]
	for i, a := range full {
		blocks = append(blocks, section(articleText(i+1, a)))
	}

	// The rest by title, in sections of up to maxSectionText characters,
	// leaving room for the footer.
	rest := d.Articles[len(full):]
	shown := len(full)
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
	}
	for i, a := range rest {
		line := fmt.Sprintf("%d. %s", len(full)+i+1, titleLink(a.Title, a.URL))
		if a.Published != "" {
			line += " · " + a.Published
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > maxSectionText {
			flush()
		}
		if cur.Len() == 0 {
			if len(blocks) > maxBlocks-2 { // this section and the footer must fit
				break
			}
			if i == 0 {
				cur.WriteString("*Also new:*")
			}
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
		shown++
	}
	flush()

	footer := marker
	if hidden := len(d.Articles) - shown + d.More; hidden > 0 {
		footer += " · " + plural(hidden, "more article", "more articles") + " not shown"
	}
	blocks = append(blocks, contextBlock(footer))

	var titles []string
	for _, a := range d.Articles {
		titles = append(titles, escapeText(a.Title))
	}
	text := marker + ": " + d.headline()
	if len(titles) > 0 {
		text += " — " + strings.Join(titles, "; ")
	}
	return Message{Text: trimText(text, maxFallbackText), Blocks: blocks}
}

// articleText is one article in full: numbered linked title, date, extract
// and key figures, escaped, within a section's limit.
func articleText(n int, a DigestArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d. %s*", n, titleLink(a.Title, a.URL))
	var meta []string
	if a.Published != "" {
		meta = append(meta, "published "+a.Published)
	}
	if a.Status == "updated" {
		meta = append(meta, "updated")
	}
	if len(meta) > 0 {
		b.WriteString("\n" + strings.Join(meta, " · "))
	}
	switch a.ExtractKind {
	case "highlights":
		for _, h := range a.Extract {
			b.WriteString("\n• " + escapeText(h))
		}
	default:
		if len(a.Extract) > 0 {
			b.WriteString("\n" + quote(escapeText(strings.Join(a.Extract, " "))))
		}
	}
	if len(a.Figures) > 0 {
		var fs []string
		for _, f := range a.Figures {
			fs = append(fs, "*"+escapeText(f.Text)+"*")
		}
		b.WriteString("\nKey figures: " + strings.Join(fs, " · "))
	}
	return trimText(b.String(), maxSectionText)
}

// WriteDigest prints d for a terminal: the headline, the overview, then
// each article with its link, date, extract and key figures.
func WriteDigest(w io.Writer, d Digest) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Daily digest %s — %s\n", d.Date, d.headline())
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
