// Package endpoint checks an OpenAI-compatible endpoint the way `serve
// --check` reports it: it asks for the model list (GET BASE/models, with
// the key as a bearer token) and tells a network failure from a rejected
// key. The model and embedding adapters (bot/llm, index/embed/openai)
// wrap it with their own defaults.
//
//	models, err := endpoint.Check(ctx, http.DefaultClient, "http://localhost:11434/v1", "")
//	var ee *endpoint.Error
//	if errors.As(err, &ee) && ee.Unreachable() { … "cannot reach http://localhost:11434/v1: …" … }
package endpoint
