// Package bot is newsdesk's face: it answers questions from the index with
// cited passages (optionally summarized by an OpenAI-compatible model whose
// text is checked before anyone sees it), looks up key figures, talks to
// Slack (Events API over HTTP or Socket Mode, slash commands, buttons),
// posts the daily digest, keeps the index in step with the corpus folder,
// and measures answer quality. It is the only package that imports slack-go
// and go-openai.
//
//	a := bot.NewAnswerer(ix, nil, log) // nil: extractive answers only
//	ans, err := a.Ask(ctx, "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
//	// ans.Answer is quoted verbatim from ans.Citations[0].Text
//
//	err = bot.Serve(ctx, bot.SlackOptions{BotToken: …, SigningSecret: …}, a, a)
package bot
