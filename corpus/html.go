package corpus

import (
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads a web page as an article: the title from og:title, the
// first <h1> or <title>; the date from article:published_time,
// itemprop=datePublished, JSON-LD datePublished or a <time datetime>; the
// URL from the canonical link or og:url; and the text from <article> or
// <main> (else <body>), without scripts, navigation, headers, footers,
// asides and forms. h2–h6 start sections; p, li and other blocks are
// paragraphs.
func parseHTML(id, name, text string) (Article, error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Article{}, fmt.Errorf("parse html: %w", err)
	}
	meta := readMeta(doc)
	root := mainContent(doc)
	a := Article{ID: id, URL: meta.url}
	a.Title = meta.ogTitle
	if a.Title == "" {
		if h1 := find(root, atom.H1); h1 != nil {
			a.Title = clean(textOf(h1))
		} else if h1 := find(doc, atom.H1); h1 != nil {
			a.Title = clean(textOf(h1))
		}
	}
	if a.Title == "" {
		a.Title = siteTitle(meta.title)
	}
	pub := meta.published
	if pub == "" {
		if t := findAttr(root, atom.Time, "datetime"); t != "" {
			pub = t
		} else {
			pub = findAttr(doc, atom.Time, "datetime")
		}
	}
	a.Published, _ = parseDate(pub) // a page's unreadable date is no reason to drop its text
	h := htmlReader{title: clean(a.Title)}
	h.walk(root)
	h.flush()
	return h.b.article(a, name)
}

// pageMeta is what the <head> and JSON-LD say about a page.
type pageMeta struct {
	title, ogTitle, url, published string
}

func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var ogURL, metaDate, ldDate string
	visit(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" {
				m.title = clean(textOf(n))
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
			content := strings.TrimSpace(attr(n, "content"))
			switch key {
			case "og:title":
				setOnce(&m.ogTitle, clean(content))
			case "og:url":
				setOnce(&ogURL, content)
			case "article:published_time", "datepublished":
				setOnce(&m.published, content)
			case "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date":
				setOnce(&metaDate, content)
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") {
				setOnce(&m.url, strings.TrimSpace(attr(n, "href")))
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && ldDate == "" {
				if n.FirstChild != nil {
					ldDate = jsonLDDate(n.FirstChild.Data)
				}
			}
		case atom.Time:
			if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
				setOnce(&m.published, attr(n, "datetime"))
			}
		}
		return true
	})
	setOnce(&m.url, ogURL)
	setOnce(&m.published, ldDate)
	setOnce(&m.published, metaDate)
	return m
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// jsonLDDate finds the first datePublished in a JSON-LD script, however
// deeply nested (@graph, lists).
func jsonLDDate(src string) string {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return ""
	}
	var walk func(v any) string
	walk = func(v any) string {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["datePublished"].(string); ok {
				return s
			}
			for _, c := range v {
				if s := walk(c); s != "" {
					return s
				}
			}
		case []any:
			for _, c := range v {
				if s := walk(c); s != "" {
					return s
				}
			}
		}
		return ""
	}
	return walk(v)
}

// siteTitle drops a site name after " | " from a <title>.
func siteTitle(t string) string {
	if i := strings.LastIndex(t, " | "); i > 0 {
		return t[:i]
	}
	return t
}

// mainContent picks the element holding the article: the outermost
// <article> with the most text, else <main> or role=main, else <body>.
func mainContent(doc *html.Node) *html.Node {
	var articles []*html.Node
	var main *html.Node
	visit(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom == atom.Article {
			articles = append(articles, n)
			return false
		}
		if main == nil && (n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")) {
			main = n
		}
		return true
	})
	var best *html.Node
	bestLen := -1
	for _, n := range articles {
		if l := len(clean(textOf(n))); l > bestLen {
			best, bestLen = n, l
		}
	}
	switch {
	case best != nil:
		return best
	case main != nil:
		return main
	}
	if body := find(doc, atom.Body); body != nil {
		return body
	}
	return doc
}

// visit calls fn on n and its descendants in document order, skipping the
// descendants of a node for which fn returns false.
func visit(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		visit(c, fn)
	}
}

// dropped are elements whose content is not article text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Head: true,
	atom.Object: true, atom.Canvas: true, atom.Dialog: true, atom.Menu: true,
}

// blocks are elements that end the paragraph before them and after them.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Body: true, atom.Caption: true, atom.Tbody: true,
	atom.Thead: true,
}

// htmlReader walks the content element and feeds the builder.
type htmlReader struct {
	b     builder
	title string
	buf   strings.Builder
}

func (h *htmlReader) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		h.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if dropped[n.DataAtom] || hasAttr(n, "hidden") ||
			strings.EqualFold(attr(n, "aria-hidden"), "true") {
			return
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			h.flush()
			text := clean(textOf(n))
			if n.DataAtom == atom.H1 && strings.EqualFold(text, h.title) {
				return // the title, already Article.Title
			}
			h.b.heading(text)
			return
		case atom.Br:
			h.buf.WriteByte(' ')
			return
		case atom.Td, atom.Th:
			h.buf.WriteByte(' ')
		}
	case html.DocumentNode:
	default:
		return
	}
	block := n.Type == html.ElementNode && blocks[n.DataAtom]
	if block {
		h.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c)
	}
	if block {
		h.flush()
	}
}

func (h *htmlReader) flush() {
	if h.buf.Len() == 0 {
		return
	}
	h.b.para(h.buf.String())
	h.buf.Reset()
}

// find returns the first element a under n (n included), or nil.
func find(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	visit(n, func(d *html.Node) bool {
		if found == nil && d.Type == html.ElementNode && d.DataAtom == a {
			found = d
		}
		return found == nil
	})
	return found
}

// findAttr returns the first non-empty attribute key of an element a under n.
func findAttr(n *html.Node, a atom.Atom, key string) string {
	v := ""
	visit(n, func(d *html.Node) bool {
		if v == "" && d.Type == html.ElementNode && d.DataAtom == a {
			v = attr(d, key)
		}
		return v == ""
	})
	return v
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// textOf is the text content of n, with dropped elements left out and
// blocks separated by a space.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
			return
		case html.ElementNode:
			if dropped[n.DataAtom] {
				return
			}
			if blocks[n.DataAtom] || n.DataAtom == atom.Br {
				sb.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}
