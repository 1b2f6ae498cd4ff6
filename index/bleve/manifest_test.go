package bleve

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
)

// shardBytes reads every manifest shard of the index in dir.
func shardBytes(t *testing.T, dir string) map[int]string {
	t.Helper()
	idx, err := blevesearch.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	out := map[int]string{}
	for s := range manifestShards {
		raw, err := idx.GetInternal(shardKey(s))
		if err != nil {
			t.Fatal(err)
		}
		out[s] = string(raw)
	}
	return out
}

// TestManifestShards: a commit rewrites the shards of the articles it
// changes and no other, and a manifest of the earlier layout (entries in
// the head) is read, then moved to shards by the next commit.
func TestManifestShards(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h, c, r := article(t, "harbour", harbour), article(t, "chips", chips), article(t, "rail", rail)
	ix := open(t, dir)
	if _, err := ix.Update(ctx, []corpus.Article{h, c, r}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	before := shardBytes(t, dir)

	ix = open(t, dir)
	if _, err := ix.Update(ctx, []corpus.Article{h, c, article(t, "rail", rail+"\nMore trains.\n")}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	after := shardBytes(t, dir)
	for s := range manifestShards {
		if want := s == shardOf("rail", manifestShards); (before[s] != after[s]) != want {
			t.Errorf("shard %d rewritten: %v; want %v (rail's shard only)", s, before[s] != after[s], want)
		}
	}

	// The earlier layout: every entry in the head, no shards.
	idx, err := blevesearch.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := readManifest(idx)
	if err != nil {
		t.Fatal(err)
	}
	legacy.Shards = 0
	raw, err := json.Marshal(map[string]any{"format": formatVersion, "commits": legacy.Commits, "articles": legacy.Articles})
	if err != nil {
		t.Fatal(err)
	}
	b := idx.NewBatch()
	b.SetInternal(manifestKey, raw)
	for s := range manifestShards {
		b.DeleteInternal(shardKey(s))
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	ix = open(t, dir)
	if ix.Len() != 3 {
		t.Errorf("Len of a manifest of the earlier layout = %d; want 3", ix.Len())
	}
	if _, err := ix.Update(ctx, []corpus.Article{h, c}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = open(t, dir)
	defer ix.Close()
	if ix.Len() != 2 || ix.man.Shards != manifestShards {
		t.Errorf("after a commit: %d articles in %d shards; want 2 in %d", ix.Len(), ix.man.Shards, manifestShards)
	}
}

func TestShardCodec(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	part := map[string]entry{
		"business/001": {Hash: "ab", Passages: 4, Title: "Profits rise", Source: "business/001.txt", URL: "https://example.org/a",
			Published: time.Date(2004, 12, 1, 9, 30, 0, 0, zone), FirstIndexed: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC),
			Updated: time.Date(2025, 1, 3, 3, 4, 5, 6, time.UTC), Size: 2213, ModTime: 1733212345123456789},
		"": {},
	}
	got, err := decodeShard(encodeShard(part))
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range part {
		g := got[id]
		if g.Hash != want.Hash || g.Passages != want.Passages || g.Title != want.Title || g.Source != want.Source || g.URL != want.URL ||
			!g.Published.Equal(want.Published) || g.Published.Format(time.RFC3339) != want.Published.Format(time.RFC3339) ||
			!g.FirstIndexed.Equal(want.FirstIndexed) || !g.Updated.Equal(want.Updated) || g.file() != want.file() {
			t.Errorf("entry %q after a round trip = %+v; want %+v", id, g, want)
		}
	}
	for _, bad := range [][]byte{nil, {shardVersion, 200}, append(encodeShard(part), 5), []byte(`{"a":{}}`)} {
		if _, err := decodeShard(bad); err == nil {
			t.Errorf("decodeShard(%q) = nil error; want one", bad)
		}
	}
}
