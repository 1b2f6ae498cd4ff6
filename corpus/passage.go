package corpus

// Passage is a citable piece of an article: whole sentences, at most about
// split.MaxPassage characters, never across a section boundary. Package
// corpus/split cuts articles into passages; the type lives here because
// the index stores passages and answers cite them.
type Passage struct {
	ID        string // ArticleID + "#" + N; stable while the article is unchanged
	ArticleID string
	N         int    // 1-based position in the article
	Section   string // heading of the section it belongs to ("" for the lead)
	Locator   string // human locator: "Diplomatic Implications… ¶2", or "¶1" in the lead
	Text      string // verbatim substring of Article.Text
}
