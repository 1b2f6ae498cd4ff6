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
const formatVersion = "newsdesk-index/1"

// Document types, told apart by the "type" field. Passage and figure fields
// have distinct names so a passage query never scores a figure document.
const (
	typePassage = "passage"
	typeFigure  = "figure"
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
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	passage := bleve.NewDocumentStaticMapping()
	passage.AddFieldMappingsAt("body", text(true, true))
	passage.AddFieldMappingsAt("title", text(true, true))
	passage.AddFieldMappingsAt("section", text(true, true))
	passage.AddFieldMappingsAt("article_id", keywordField())
	for _, name := range []string{"locator", "source", "url", "published", "n"} {
		passage.AddFieldMappingsAt(name, stored())
	}

	figure := bleve.NewDocumentStaticMapping()
	figure.AddFieldMappingsAt("f_kind", keywordField())
	figure.AddFieldMappingsAt("f_unit", keywordField())
	figure.AddFieldMappingsAt("f_article", keywordField())
	figure.AddFieldMappingsAt("f_value", number())
	figure.AddFieldMappingsAt("f_subject", text(true, false))
	figure.AddFieldMappingsAt("f_period", text(true, false))
	figure.AddFieldMappingsAt("f_text", text(true, false))
	figure.AddFieldMappingsAt("f_sentence", text(true, false))
	figure.AddFieldMappingsAt("f_title", text(false, false))
	for _, name := range []string{"f_passage", "f_qualifier", "f_start", "f_end"} {
		figure.AddFieldMappingsAt(name, stored())
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
	m.AddDocumentMapping(typeFigure, figure)
	m.AddDocumentMapping(typeArticle, article)
	return m
}
