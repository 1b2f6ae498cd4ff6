// Package rescan keeps the index in step with the corpus folder while the
// bot runs: it reloads the corpus on an interval (and on the change signals
// of package fswatch) and updates the index incrementally, never emptying
// it because a folder looked empty for a moment.
//
//	load := func(ctx context.Context) ([]corpus.Article, error) {
//		a, report, err := corpus.Load(ctx, dir)
//		return rescan.KeepSkipped(ctx, ix, a, report), err
//	}
//	changes, err := fswatch.Watch(ctx, dir, log) // optional; nil means the interval alone
//	rescan.Run(ctx, 5*time.Minute, changes, load, ix, log) // returns when ctx is done
package rescan
