package archive

import (
	"encoding/json"
	"testing"

	"github.com/archivist-org/archivist/extract"
)

func TestArticleNoMarkdownSkipsOnlyMarkdown(t *testing.T) {
	in := extract.Article{URL: "https://example.org/a", Title: "T", Text: "text \"quoted\"", Markdown: "# md",
		Authors: []string{"A"}, Topics: []string{"x"}, WordCount: 3, Translations: map[string]string{"fr": "u"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var got extract.Article
	if err := json.Unmarshal(b, &articleNoMarkdown{Article: &got}); err != nil {
		t.Fatal(err)
	}
	want := in
	want.Markdown = ""
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if string(wb) != string(gb) {
		t.Fatalf("decoded\n%s\nwant\n%s", gb, wb)
	}
}
