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

// cutMarkdown takes out the markdown member alone: what is decoded from
// what is left is the article without its markdown, whatever the markdown
// and the other members hold.
func TestCutMarkdownLeavesTheRest(t *testing.T) {
	mds := []string{"", "# md", `a "quoted" \ back\slash \\" \"`, "line\nbreak\t\u2028 \u00e9 <b>&amp;</b>", `,"markdown":"x"`, `\`}
	for _, md := range mds {
		for _, tr := range []map[string]string{nil, {"fr": "u"}, {"markdown": "v", "a": "w"}} {
			in := extract.Article{URL: "https://example.org/a", Title: `T "q"`, Text: md + " text", Markdown: md,
				Authors: []string{"A"}, WordCount: 3, Translations: tr, Documents: []string{`https://x/"markdown":"`}}
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			cut := cutMarkdown(nil, b)
			if cut == nil {
				t.Fatalf("no markdown found in %s", b)
			}
			var got extract.Article
			if err := json.Unmarshal(cut, &got); err != nil {
				t.Fatalf("%v: %s", err, cut)
			}
			want := in
			want.Markdown = ""
			wb, _ := json.Marshal(want)
			gb, _ := json.Marshal(got)
			if string(wb) != string(gb) {
				t.Fatalf("decoded\n%s\nwant\n%s", gb, wb)
			}
		}
	}
	// An article without the member is left alone, a nested one cut.
	if cutMarkdown(nil, []byte(`{"text":"x","markdown_x":"y"}`)) != nil {
		t.Fatal("cut a member that is not the markdown")
	}
	if got := cutMarkdown(nil, []byte(`{"translations":{"en":"a","markdown":"b"},"text":"x"}`)); string(got) != `{"translations":{"en":"a"},"text":"x"}` {
		t.Fatalf("nested member: %s", got)
	}
}
