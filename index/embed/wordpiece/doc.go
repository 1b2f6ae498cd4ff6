// Package wordpiece is BERT's tokenizer: the uncased (or cased) basic
// tokenizer and greedy longest-match WordPiece, as Hugging Face's
// `tokenizers` runs it for BertNormalizer + BertPreTokenizer + WordPiece.
// The sentence-embedding models newsdesk runs (all-MiniLM, e5, bge) all use
// it. testdata/vectors.jsonl holds that library's own output for a few
// hundred sentences, and the tests check that this package agrees.
//
// Usage:
//
//	tok, err := wordpiece.Load("model/tokenizer.json") // or vocab.txt
//	ids := tok.Encode("Who won the election?", 256)  // [CLS] … [SEP], at most 256
package wordpiece
