package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"newsdesk/index"
)

func TestErrorText(t *testing.T) {
	const apology = "Sorry, something went wrong."
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"the index is rebuilt", fmt.Errorf("search: %w", fmt.Errorf("%w from the corpus: it was damaged", index.ErrRebuilding)), RebuildingText},
		{"the index failed under the question", fmt.Errorf("search %q: %w: zap panicked", "q", index.ErrDamaged), RebuildingText},
		{"another failure", fmt.Errorf("rank: %w", errors.New("boom")), apology},
		{"a timeout", fmt.Errorf("search: %w", context.DeadlineExceeded), apology},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ErrorText(c.err, apology); got != c.want {
				t.Errorf("ErrorText(%v) = %q; want %q", c.err, got, c.want)
			}
		})
	}
}
