// Package eval measures answer quality and speed. It reads evaluation sets
// (a JSON Lines file of questions with their articles and answers, a BEIR
// folder, SQuAD v1.1), asks every question through the answer path as the
// bot would, and reports passage hit@1 and hit@5, sentence accuracy,
// article recall, MRR and nDCG@10, with each miss and where the right
// passage ranked. Bench measures indexing speed, answer latency and memory.
//
//	set, err := eval.ReadSet(ctx, "testdata/eval/bbc-questions.jsonl", "")
//	// … index set.Articles, or the corpus the questions are about, as ix
//	r, err := eval.Run(ctx, answer.New(ix, nil, log), set.Questions, eval.Options{K: 10})
//	eval.WriteReport(os.Stdout, r, 20)
package eval
