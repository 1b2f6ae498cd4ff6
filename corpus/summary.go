package corpus

import "regexp"

// summaryHeadingRE matches the words news sites head their own summary
// of an article with, as whole words.
var summaryHeadingRE = regexp.MustCompile(`(?i)\b(highlights|key points|key takeaways|takeaways|at a glance|in brief|in short|summary|tl;?dr|what you need to know)\b`)

// IsSummaryHeading reports whether a section heading names the article's
// own summary ("Story Highlights", "Key points", "TL;DR"). The digest
// quotes such a section as the article's highlights, and ranking discounts
// its passages, which restate the body in fewer words.
func IsSummaryHeading(heading string) bool {
	return heading != "" && summaryHeadingRE.MatchString(heading)
}
