// Package answer answers questions from the index with cited passages: it
// turns a question into a search (query.go, variants.go), reads what kind of
// answer it asks for (expect.go), ranks the passages found (package rank),
// quotes the sentences that answer, verbatim from the stored article, and,
// when a bot.Summarizer is set, has the best passages summarized. It also
// looks up key figures, and prints answers and figures for a terminal.
//
//	a := answer.New(ix, nil, log) // nil: extractive answers only
//	ans, err := a.Ask(ctx, "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
//	if err != nil {
//		return err // errors.Is(err, bot.ErrEmptyQuestion): the asker's mistake, fit to show
//	}
//	// ans.Answer is quoted verbatim from ans.Citations[0].Text
//	answer.WriteAnswer(os.Stdout, ans)
package answer
