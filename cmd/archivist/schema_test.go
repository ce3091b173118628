package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// schemaField is one row of a field table in docs/schema.md.
type schemaField struct {
	Name, Type string // Type: the JSON type the row documents
	Optional   bool
}

var schemaRowRe = regexp.MustCompile("^\\| `([a-z_]+)` \\| ([^|]+) \\|")

// docSchema reads the field tables of docs/schema.md under the headings
// "Article fields" and "Archive fields", so the test follows the document
// a script writer reads.
func docSchema(t *testing.T) (article, archive []schemaField) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "docs", "schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var into *[]schemaField
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "## Article fields":
			into = &article
		case line == "## Archive fields":
			into = &archive
		case strings.HasPrefix(line, "#"):
			into = nil
		}
		m := schemaRowRe.FindStringSubmatch(line)
		if into == nil || m == nil {
			continue
		}
		doc := strings.TrimSpace(m[2])
		var typ string
		switch {
		case strings.HasPrefix(doc, "string"):
			typ = "string"
		case strings.HasPrefix(doc, "integer"):
			typ = "number"
		case strings.HasPrefix(doc, "array"):
			typ = "array"
		case strings.HasPrefix(doc, "object"):
			typ = "object"
		default:
			t.Fatalf("docs/schema.md: type %q of %s not understood", doc, m[1])
		}
		*into = append(*into, schemaField{m[1], typ, strings.Contains(doc, "optional")})
	}
	if len(article) < 20 || len(archive) < 7 {
		t.Fatalf("docs/schema.md: read %d article and %d archive fields", len(article), len(archive))
	}
	return article, archive
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case bool:
		return "boolean"
	}
	return "?"
}

// checkSchema reports every documented field of obj that is missing or
// not of its documented type (optional fields may be absent, never null).
func checkSchema(t *testing.T, what string, obj map[string]any, fields []schemaField) {
	t.Helper()
	for _, f := range fields {
		v, ok := obj[f.Name]
		if !ok {
			if !f.Optional {
				t.Errorf("%s: field %q missing", what, f.Name)
			}
			continue
		}
		if got := jsonType(v); got != f.Type {
			t.Errorf("%s: field %q is %s, docs/schema.md says %s", what, f.Name, got, f.Type)
		}
	}
}

// TestJSONFollowsSchema reads what export, show -f json and an import of
// the crawl's WARC write about an article and a PDF report, and checks
// each line against docs/schema.md: a script using jq ('.topics[]',
// '.translations | keys') must not meet a null where the document
// promises [] or {}.
func TestJSONFollowsSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	articleFields, archiveFields := docSchema(t)
	recordFields := append(append([]schemaField{}, articleFields...), archiveFields...)

	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	a1 := "/2025/05/fiscal-councils-in-europe-analysis"
	h.HTML("/", testsite.HubHTML("Home", a1))
	h.HTML(a1, testsite.ArticleHTML("Fiscal councils in Europe", "Sam Roe", "2025-05-01", 11, 350, 0, "/files/report.pdf"))
	// A PDF with no keywords and no translations.
	h.Page("/files/report.pdf", "application/pdf", readCorpus(t, "libreoffice-0.pdf"))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	warc := filepath.Join(dir, "crawl.warc.gz")
	if r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", "--warc", warc, h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	db2 := filepath.Join(dir, "b.db")
	if r := runBinary(t, dir, nil, "import", "--archive", db2, warc); r.Code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	doc := h.URL + "/files/report.pdf"
	for _, archive := range []string{db, db2} {
		r := runBinary(t, dir, nil, "export", "--archive", archive)
		if r.Code != 0 {
			t.Fatalf("export: exit %d\n%s", r.Code, r.Stderr)
		}
		kinds := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			var obj map[string]any
			if err := json.Unmarshal([]byte(line), &obj); err != nil {
				t.Fatalf("export line %q: %v", line, err)
			}
			kind, _ := obj["kind"].(string)
			kinds[kind] = true
			checkSchema(t, filepath.Base(archive)+": export of "+kind, obj, recordFields)
		}
		if !kinds["document"] || !kinds["article"] {
			t.Errorf("%s: export holds kinds %v, want an article and a document", archive, kinds)
		}
		r = runBinary(t, dir, nil, "show", "--archive", archive, "-f", "json", doc)
		var obj map[string]any
		if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &obj) != nil {
			t.Fatalf("show -f json: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		checkSchema(t, filepath.Base(archive)+": show -f json of the document", obj, recordFields)
	}
	// extract's own output follows the article's table too: a PDF's
	// missing keywords printed "topics":null.
	pdfPath := corpusFile(t, "libreoffice-0.pdf")
	r := runBinary(t, dir, nil, "extract", "-f", "json", pdfPath)
	var obj map[string]any
	if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &obj) != nil {
		t.Fatalf("extract -f json: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	checkSchema(t, "extract -f json of a PDF", obj, articleFields)
}
