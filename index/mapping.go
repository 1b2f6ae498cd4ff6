package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// formatVersion names everything that decides what is in the index: the
// mapping below, the analysis, and the passage and figure rules of corpus.
// Change it whenever one of them changes; an index with another version is
// rebuilt from the corpus instead of answering from stale data.
const formatVersion = "newsdesk-index/10"

// Document types, told apart by the "type" field.
const (
	typePassage = "passage"
	typeArticle = "article"
)

func newMapping() mapping.IndexMapping {
	text := func(store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keywordField := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Passages carry their key figures: typed fields to match and filter on,
	// and the full records, stored as JSON, to return. A figure lookup is one
	// query over passages.
	passage := bleve.NewDocumentStaticMapping()
	passage.AddFieldMappingsAt("body", text(true, false))
	passage.AddFieldMappingsAt("title", text(false, false))
	passage.AddFieldMappingsAt("section", text(true, false))
	passage.AddFieldMappingsAt("article_id", keywordField())
	passage.AddFieldMappingsAt("fig_kind", keywordField())
	passage.AddFieldMappingsAt("fig_unit", keywordField())
	passage.AddFieldMappingsAt("fig_subject", text(false, false))
	passage.AddFieldMappingsAt("fig_period", text(false, false))
	passage.AddFieldMappingsAt("fig_text", text(false, false))
	for _, name := range []string{"locator", "n", "figs", "hash"} {
		passage.AddFieldMappingsAt(name, stored())
	}

	article := bleve.NewDocumentStaticMapping()
	article.AddFieldMappingsAt("json", stored())
	article.AddFieldMappingsAt("text", stored())

	m := bleve.NewIndexMapping()
	m.TypeField = "type"
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	m.AddDocumentMapping(typePassage, passage)
	m.AddDocumentMapping(typeArticle, article)
	return m
}
