package embed

import (
	"slices"
	"testing"
)

func TestPrefixesApply(t *testing.T) {
	e5 := Prefixes{Query: "query: ", Passage: "passage: "}
	bge := Prefixes{Query: "Represent this sentence for searching relevant passages: "}
	tests := []struct {
		name string
		p    Prefixes
		kind Kind
		want []string
	}{
		{"e5 query", e5, Query, []string{"query: a", "query: b"}},
		{"e5 passage", e5, Passage, []string{"passage: a", "passage: b"}},
		{"bge passage", bge, Passage, []string{"a", "b"}},
		{"none", Prefixes{}, Query, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []string{"a", "b"}
			if got := tt.p.Apply(tt.kind, in); !slices.Equal(got, tt.want) {
				t.Errorf("Apply = %q; want %q", got, tt.want)
			}
			if !slices.Equal(in, []string{"a", "b"}) {
				t.Errorf("Apply changed its input to %q", in)
			}
		})
	}
}

func TestModelKey(t *testing.T) {
	m := Model{Name: "e5-small-v2-q", Dims: 384, Digest: "sha256:0123456789abcdef"}
	if got, want := m.Key(), "e5-small-v2-q/384/sha256:0123456789abcdef"; got != want {
		t.Errorf("Key = %q; want %q", got, want)
	}
	tests := []struct {
		m    Model
		want bool
	}{
		{m, true},
		{Model{Name: "a/b", Dims: 3}, false},
		{Model{Name: "a"}, false},
		{Model{Dims: 3}, false},
	}
	for _, tt := range tests {
		if got := tt.m.Valid(); got != tt.want {
			t.Errorf("%+v.Valid() = %v; want %v", tt.m, got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Passage: "passage", Query: "query", Kind(7): "Kind(7)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q; want %q", int(k), got, want)
		}
	}
}
