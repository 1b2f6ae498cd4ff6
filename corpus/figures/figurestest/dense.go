package figurestest

import (
	"fmt"
	"strings"
)

// sentences are the patterns Dense fills in: nearly every word belongs to a
// figure (money, percentages, counts, quantities, dates, years, ranges),
// as in a results statement or a table written out as prose.
var sentences = []func(v [6]int) string{
	func(v [6]int) string {
		return fmt.Sprintf("Revenue rose %d.%d%% to $%d.%dbn in %d, up from %d,%03d staff in %d.",
			v[0]%40, v[1]%10, v[2]%90+1, v[3]%10, 1990+v[4]%30, v[5]%9+1, v[0]%1000, 1989+v[4]%30)
	},
	func(v [6]int) string {
		return fmt.Sprintf("The group paid %d cents a share on %d March %d, against £%dm a year earlier and €%d.%dm in %d.",
			v[0]%90+5, v[1]%28+1, 1995+v[2]%25, v[3]%900+10, v[4]%50+1, v[5]%10, 1994+v[2]%25)
	},
	func(v [6]int) string {
		return fmt.Sprintf("Shares fell %d%% to %dp, while %d,%03d jobs went and output slipped %d.%d%% to %d,%03d tonnes in the fourth quarter.",
			v[0]%30+1, v[1]%900+100, v[2]%9+1, v[3]%1000, v[4]%9, v[5]%10, v[4]%90+10, v[5]%1000)
	},
	func(v [6]int) string {
		return fmt.Sprintf("Between %d and %d, sales grew from ¥%dbn to ¥%dbn, some %d%% more than the forecast of %d.%d million units.",
			1990+v[0]%15, 2005+v[1]%15, v[2]%500+10, v[3]%900+600, v[4]%60+5, v[5]%90+2, v[0]%10)
	},
	func(v [6]int) string {
		return fmt.Sprintf("About %d,%03d people, %d%% of the workforce, earned more than $%d,%03d in %d, and %d%% earned under $%d,%03d.",
			v[0]%90+10, v[1]%1000, v[2]%80+5, v[3]%90+10, v[4]%1000, 2000+v[5]%24, v[0]%40+1, v[1]%20+5, v[2]%1000)
	},
	func(v [6]int) string {
		return fmt.Sprintf("Profit before tax was £%d.%dbn ($%d.%dbn) on 1 January %d, %d.%d percentage points above the %d level of %d.%d%%.",
			v[0]%9+1, v[1]%10, v[2]%15+1, v[3]%10, 2001+v[4]%20, v[5]%5, v[0]%10, 1999+v[4]%20, v[1]%30+1, v[2]%10)
	},
}

// Dense returns about n bytes of figure-dense news prose: a headline, then
// paragraphs of four sentences separated by blank lines, every sentence
// stating five to nine figures. The text is the same on every call with the
// same n; it never ends inside a sentence and is at least one paragraph.
func Dense(n int) string {
	var sb strings.Builder
	sb.Grow(n + 256)
	sb.WriteString("Results in figures\n\n")
	state := uint64(0x9e3779b97f4a7c15)
	next := func() int { // xorshift64: deterministic, no seed to pass around
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return int(state >> 33)
	}
	for k := 0; ; k++ {
		for s := range 4 {
			if s > 0 {
				sb.WriteByte(' ')
			}
			var v [6]int
			for i := range v {
				v[i] = next()
			}
			sb.WriteString(sentences[(k*4+s)%len(sentences)](v))
		}
		if sb.Len() >= n {
			break
		}
		sb.WriteString("\n\n")
	}
	sb.WriteByte('\n')
	return sb.String()
}
