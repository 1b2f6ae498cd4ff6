// Package bot holds newsdesk's domain types: the Answer to a question and
// the Citations it quotes, its Mode (extractive, model-written, no answer),
// the Summarizer port a model implements and the Summary it returns,
// FigureList for key figures, the errors callers branch on
// (ErrEmptyQuestion, ErrQuestionTooLong, ErrUngrounded, ErrLLMUnavailable,
// …), and ErrorText, the sentence a user sees for a failure. It imports no
// outside client; the work is done in its sub-packages:
//
//   - answer: answers a question or lists key figures from the index.
//   - rank: the ranking stages behind one Stage interface, run as a Pipeline.
//   - llm: the OpenAI-compatible client that implements Summarizer.
//   - grounding: the checks a model's summary passes before anyone sees it.
//   - slack: the Slack bot: both transports, commands, Block Kit messages.
//   - digest: builds and schedules the daily digest behind a Publisher port.
//   - state: the bot's durable memory behind a Store interface.
//   - rescan: keeps the index in step with the corpus folder (fswatch watches it).
//   - eval: evaluation sets, quality metrics, reports and the speed bench.
//   - internal/testkit: the fakes and fixtures the tests above share.
//
// A caller asks through package answer and reads the domain types:
//
//	a := answer.New(ix, nil, log) // nil Summarizer: extractive answers only
//	ans, err := a.Ask(ctx, "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
//	if errors.Is(err, bot.ErrEmptyQuestion) {
//		…
//	}
//	// ans.Mode is bot.Extractive; ans.Answer is quoted from ans.Citations[0].Text
package bot
