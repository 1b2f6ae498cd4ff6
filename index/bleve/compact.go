package bleve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compaction. Every batch an update writes becomes a segment, and scorch
// merges them in the background only while it runs: an index an update
// leaves has a dozen segments at 25,000 articles, and each question looks
// up each of its terms in each segment. After a large update, Update
// merges the small segments, so that the questions that follow search
// three segments instead of a dozen at 25,000 articles (docs/speed.md).
const (
	// compactAbove is the most segments an index may have after an update
	// before Update merges them.
	compactAbove = 3
	// compactAfter is the fewest passages an update must write for Update
	// to merge after it: merging after a small update, 1% of 250,000
	// articles, doubled its time, and the few segments it adds are what
	// scorch's merges in the background take care of.
	compactAfter = 20_000
	// maxMergedDocs bounds the documents of a segment a merge writes, and
	// so the memory a merge takes: a merge maps the segments it reads.
	maxMergedDocs = 200_000
)

// compactPlan is scorch's tiered plan with two segments a tier instead of
// ten: it merges the small segments the last batches wrote, which
// scorch's merges in the background have not reached, and leaves the
// large ones those merges made. Merging everything into one segment
// answers no faster and took a third of the indexing time at 25,000
// articles.
var compactPlan = mergeplan.MergePlanOptions{
	MaxSegmentsPerTier:   2,
	MaxSegmentSize:       maxMergedDocs,
	MaxSegmentFileSize:   mergeplan.DefaultMergePlanOptions.MaxSegmentFileSize,
	TierGrowth:           mergeplan.DefaultMergePlanOptions.TierGrowth,
	SegmentsPerMergeTask: mergeplan.DefaultMergePlanOptions.SegmentsPerMergeTask,
	FloorSegmentSize:     mergeplan.DefaultMergePlanOptions.FloorSegmentSize,
	ReclaimDeletesWeight: mergeplan.DefaultMergePlanOptions.ReclaimDeletesWeight,
}

// compact merges the segments of the open index when there are more than
// compactAbove after an update that wrote written passages, at least
// compactAfter. It returns when the merge is done, when ctx is done, or
// when scorch reports that a merge failed (a full disk): scorch then
// retries in the background until the index closes, and the index serves
// on as it was. The caller holds use.
func (ix *Index) compact(ctx context.Context, written int) error {
	if written < ix.compactAfter {
		return nil
	}
	n := 0
	if err := withSegments(ix.idx, func(segs []*scorch.SegmentSnapshot) error { n = len(segs); return nil }); err != nil {
		return err
	}
	if n <= ix.compactAbove {
		return nil
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("open index: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	select { // a failure reported before this merge is not its
	case <-ix.merges:
	default:
	}
	// The update's garbage is returned to the system first: the merge maps
	// the segments it reads into memory, and would add them to a resident
	// set that still holds the batches' analysis.
	debug.FreeOSMemory()
	done := make(chan error, 1)
	go func() { done <- s.ForceMerge(ctx, &compactPlan) }()
	select {
	case err := <-done:
		return err
	case err := <-ix.merges:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// mergeFailed passes err, an error scorch reported, to compact when it is
// a merge's.
func (ix *Index) mergeFailed(err error) {
	var se *scorch.ScorchError
	if errors.As(err, &se) && se.Source == "merger" {
		select {
		case ix.merges <- err:
		default:
		}
	}
}
