// Package bot holds newsdesk's domain types: an Answer with its Citations,
// the answer Modes, the Summarizer a model plugs in as, key figures, and
// the errors callers branch on (the asker's mistakes, ErrUngrounded,
// ErrLLMUnavailable). The work is done in its sub-packages, each for one
// concept: answer (answers and figure lookups), rank (the ranking stages),
// grounding (the checks a summary must pass), llm (an OpenAI-compatible
// endpoint as a Summarizer), eval (quality and speed measurements), and the
// Slack, digest and state packages of the serving side.
//
//	a := answer.New(ix, llm.New(llm.Config{Model: "gpt-4o-mini", APIKey: key}), log)
//	ans, err := a.Ask(ctx, "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
//	switch {
//	case errors.Is(err, bot.ErrEmptyQuestion): // the asker's mistake; err's text is fit to show
//	case err != nil:
//		return err
//	case ans.Mode == bot.NoAnswer: // ans.Related holds the closest passages
//	}
package bot
