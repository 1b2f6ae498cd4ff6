// Package fswatch turns changes in the corpus folder into rescan signals,
// with fsnotify. It is the only package that imports fsnotify.
//
//	changes, err := fswatch.Watch(ctx, corpusDir, log)
//	if err != nil {
//		log.Warn("not watching the corpus folder; rescanning every interval only", "err", err)
//	}
//	rescan.Run(ctx, interval, changes, load, ix, log) // changes nil: the interval alone
package fswatch
