package digest

import (
	"slices"
	"time"

	"newsdesk/index"
)

// mark is how far the digests have got, in the index's own clock: an
// article is new when its stamp (the later of first indexed and updated) is
// after At, or equal to At and not in IDs. IDs makes the mark exact even
// when a digest was built in the middle of an index update whose articles
// all share one timestamp.
type mark struct {
	At  time.Time `json:"at"`
	IDs []string  `json:"ids,omitempty"`
}

// stamp is when an article last became new to the digest.
func stamp(a index.ArticleInfo) time.Time {
	if a.Updated.After(a.FirstIndexed) {
		return a.Updated
	}
	return a.FirstIndexed
}

// isNew reports whether the article id stamped t is after m.
func (m mark) isNew(id string, t time.Time) bool {
	return t.After(m.At) || (t.Equal(m.At) && !slices.Contains(m.IDs, id))
}

// advance returns the mark once every article in infos has been digested.
func (m mark) advance(infos []index.ArticleInfo) mark {
	next := mark{At: m.At, IDs: slices.Clone(m.IDs)}
	for _, a := range infos {
		t := stamp(a)
		switch {
		case t.After(next.At):
			next = mark{At: t, IDs: []string{a.ID}}
		case t.Equal(next.At) && !slices.Contains(next.IDs, a.ID):
			next.IDs = append(next.IDs, a.ID)
		}
	}
	slices.Sort(next.IDs)
	return next
}
