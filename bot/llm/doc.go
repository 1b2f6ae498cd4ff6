// Package llm is the adapter to an OpenAI-compatible chat-completions
// endpoint (OpenAI, Ollama, vLLM, llama.cpp …): its Summarizer implements
// bot.Summarizer, asks the model to answer from the passages given, and
// returns the answer only when it passes grounding.Check. It is the only
// package that imports go-openai.
//
//	sum := llm.New(llm.Config{BaseURL: "http://localhost:11434/v1", Model: "llama3.1"})
//	s, err := sum.Summarize(ctx, "How much support did allies provide Ukraine in 2024?", passages)
//	if err != nil {
//		// an *llm.EndpointError (errors.Is bot.ErrLLMUnavailable) or a
//		// *grounding.Error (errors.Is bot.ErrUngrounded); answer extractively
//	}
package llm
