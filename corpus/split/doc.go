// Package split cuts an article into the passages newsdesk cites and a text
// into its sentences. Passages are whole sentences of one section, at most
// MaxPassage bytes, each a verbatim substring of the article's Text, with
// IDs and locators that stay the same while the article does.
//
//	for _, p := range split.Passages(a) { // a is a corpus.Article
//		fmt.Println(p.ID, p.Locator)   // "business/001#2", "Story Highlights ¶1–4"
//		for _, s := range split.Sentences(p.Text) {
//			...
//		}
//	}
//
// It depends on package corpus for the Article and Passage types only.
package split
