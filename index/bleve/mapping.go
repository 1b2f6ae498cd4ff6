package bleve

import (
	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// formatVersion names everything that decides what is in the index: the
// mapping below, the analysis, and the passage and figure rules of corpus.
// Change it whenever one of them changes; an index with another version is
// rebuilt from the corpus instead of answering from stale data.
const formatVersion = "newsdesk-index/16"

// Document types, told apart by the "type" field.
const (
	typePassage = "passage"
	typeArticle = "article"
)

func newMapping() mapping.IndexMapping {
	// Every field is left out of the composite field, keeps no term vectors
	// and no doc values: matched terms are found at question time, and
	// nothing sorts or facets.
	field := func(f *mapping.FieldMapping, analyzer string, store bool) *mapping.FieldMapping {
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	text := func(store bool) *mapping.FieldMapping {
		return field(blevesearch.NewTextFieldMapping(), analyzerName, store)
	}
	keywordField := func(store bool) *mapping.FieldMapping {
		return field(blevesearch.NewKeywordFieldMapping(), keyword.Name, store)
	}
	stored := func() *mapping.FieldMapping {
		f := field(blevesearch.NewTextFieldMapping(), "", true)
		f.Index = false
		return f
	}
	// Passages carry their key figures: typed fields to match and filter on,
	// and the full records, stored as JSON, to return. A figure lookup is one
	// query over passages.
	passage := blevesearch.NewDocumentStaticMapping()
	passage.AddFieldMappingsAt("body", text(true))
	passage.AddFieldMappingsAt("title", text(false))
	passage.AddFieldMappingsAt("section", text(true))
	passage.AddFieldMappingsAt("article_id", keywordField(true))
	passage.AddFieldMappingsAt("fig_kind", keywordField(false))
	passage.AddFieldMappingsAt("fig_subject", text(false))
	passage.AddFieldMappingsAt("fig_period", text(false))
	passage.AddFieldMappingsAt("fig_text", text(false))
	for _, name := range []string{"locator", "n", "figs", "hash"} {
		passage.AddFieldMappingsAt(name, stored())
	}

	article := blevesearch.NewDocumentStaticMapping()
	article.AddFieldMappingsAt("json", stored())
	article.AddFieldMappingsAt("text", stored())

	m := blevesearch.NewIndexMapping()
	m.TypeField = "type"
	m.DefaultAnalyzer = analyzerName
	m.ScoringModel = "bm25"
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping = blevesearch.NewDocumentDisabledMapping()
	m.AddDocumentMapping(typePassage, passage)
	m.AddDocumentMapping(typeArticle, article)
	return m
}
