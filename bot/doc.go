// Package bot holds newsdesk's domain types — Answer, Citation, Summary,
// FigureList and the errors callers branch on — and answers questions from
// the index with cited passages (optionally summarized by an
// OpenAI-compatible model whose text is checked before anyone sees it),
// looks up key figures and measures answer quality. Its sub-packages do the
// rest: slack (the Slack bot), digest (the daily digest), state (the bot's
// durable memory), rescan (keeping the index in step with the corpus).
//
//	a := bot.NewAnswerer(ix, nil, log) // nil: extractive answers only
//	ans, err := a.Ask(ctx, "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
//	// ans.Answer is quoted verbatim from ans.Citations[0].Text
package bot
