// Package synth writes a synthetic news archive of any size from a folder of
// real articles, for measuring newsdesk at scale. Each article it writes is
// a perturbed copy of a real one: paragraphs swapped with and taken from
// other articles of the same category, numbers and names substituted, and
// some rare words given a suffix, so the vocabulary grows with the archive
// as a real one's does. The output depends only on the source articles, the
// count and the seed.
//
//	src, _, _ := corpus.Load(ctx, bbcDir)
//	g := synth.New(src, 1)
//	st, err := g.Write(ctx, dir, 25000) // dir/business/000000.txt, …
package synth
