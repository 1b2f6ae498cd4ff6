// Package grounding checks a model-written summary against the passages it
// was given before anyone sees it: every sentence cites a passage by its
// [n] marker, every number is in a passage it cites, and the answer is no
// refusal, not empty and not too long. It makes no request and imports no
// client; package llm runs it on what the endpoint returns.
//
//	text, cited, err := grounding.Check("Allies gave over €50 billion in 2024 [1].", passages)
//	var ge *grounding.Error
//	if errors.As(err, &ge) { // also errors.Is(err, grounding.ErrUngrounded)
//		log.Warn("summary dropped", "check", ge.Check, "detail", ge.Detail)
//	}
package grounding
