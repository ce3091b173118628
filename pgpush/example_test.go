package pgpush_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// docExamples returns the SQL blocks of docs/postgres.md that start with
// "-- example: NAME", by name.
func docExamples(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../docs/postgres.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var cur *strings.Builder
	name := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && line == "```sql":
			cur = &strings.Builder{}
		case cur != nil && line == "```":
			if name != "" {
				out[name] = cur.String()
			}
			cur, name = nil, ""
		case cur != nil && name == "" && cur.Len() == 0 && strings.HasPrefix(line, "-- example: "):
			name = strings.TrimPrefix(line, "-- example: ")
			cur.WriteString(line + "\n")
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

// TestDocExamples runs the example queries of docs/postgres.md, exactly as
// written there, on a pushed archive and checks the rows they return.
func TestDocExamples(t *testing.T) {
	ex := docExamples(t)
	const (
		grain  = "https://www.sahelcentre.example/analysis/grain-corridors/"
		solar  = "https://www.sahelcentre.example/analysis/solar-pumps-herders/"
		pompes = "https://www.sahelcentre.example/fr/analyse/pompes-solaires/"
		copyU  = "https://digest-africa.example/2025/03/13/grain-corridors-copy"
		brief  = "https://digest-africa.example/2025/02/02/sahel-brief"
		other  = "https://news.example/world/elsewhere"
	)
	a := openArchive(t)
	for _, p := range []page{
		{url: grain, title: "Grain Corridors After the Drought", text: "Reopened grain corridors cut prices.", at: day("2025-03-03 09:00")},
		{url: grain, title: "Grain Corridors After the Drought", text: "Reopened grain corridors cut prices by a third.", at: day("2025-03-12 09:00")},
		{url: solar, title: "Solar Pumps Are Redrawing the Herders' Map", at: day("2025-02-20 07:00"),
			text: "Solar pumps let herders stay at private wells. Herders who once moved with the rains now wait by solar pumps, and pumps change routes."},
		{url: pompes, title: "Les pompes solaires redessinent la carte des éleveurs", lang: "fr", at: day("2025-03-11 10:00"),
			text: "Les pompes solaires permettent aux éleveurs de rester près des puits privés."},
		{url: copyU, title: "Grain Corridors After the Drought", text: "Reopened grain corridors cut prices by a third.",
			source: grain, at: day("2025-03-13 15:00")},
		{url: brief, title: "Sahel brief", at: day("2025-02-02 08:00"),
			text: "In brief: markets, elections, and a note that solar pumps reach more herders each year."},
		{url: other, title: "Elsewhere", text: "A story about ports.", at: day("2025-03-11 12:00")},
		{url: other, title: "Elsewhere", text: "A story about ports and rail.", at: day("2025-04-02 12:00")},
	} {
		record(t, a, p)
	}
	db := newDB(t)
	push(t, db, a, nil)
	c := connect(t, db)

	want := map[string][]string{
		"latest-of-site": {
			grain + " | 2 | Grain Corridors After the Drought | 2025-03-12 09:00",
			solar + " | 1 | Solar Pumps Are Redrawing the Herders' Map | 2025-02-20 07:00",
			pompes + " | 1 | Les pompes solaires redessinent la carte des éleveurs | 2025-03-11 10:00",
		},
		"changed-in-week": {
			pompes + " | 1 | new | Les pompes solaires redessinent la carte des éleveurs | 2025-03-11 10:00",
			other + " | 1 | new | Elsewhere | 2025-03-11 12:00",
			grain + " | 2 | changed | Grain Corridors After the Drought | 2025-03-12 09:00",
			copyU + " | 1 | new | Grain Corridors After the Drought | 2025-03-13 15:00",
		},
		"copies-of": {
			copyU + " | digest-africa.example | Grain Corridors After the Drought | 2025-03-13 15:00",
		},
	}
	for name, rows := range want {
		sql, ok := ex[name]
		if !ok {
			t.Errorf("docs/postgres.md has no example %q", name)
			continue
		}
		checkRows(t, name, rowsOf(t, c, sql), rows)
	}

	// Ranks are floats: check the order and that the denser page ranks
	// higher, not the values.
	sql, ok := ex["search"]
	if !ok {
		t.Fatal("docs/postgres.md has no example \"search\"")
	}
	got := rowsOf(t, c, sql)
	var urls []string
	for _, r := range got {
		urls = append(urls, strings.SplitN(r, " | ", 2)[0])
	}
	if strings.Join(urls, " ") != solar+" "+brief {
		t.Errorf("search returned\n  %s\nwant %s then %s (the French page is indexed in French)", strings.Join(got, "\n  "), solar, brief)
	}
	if len(ex) != 4 {
		t.Errorf("docs/postgres.md has %d examples, the test checks 4: add the new one here", len(ex))
	}

	// The French page is found in French.
	var n int
	if err := c.QueryRow(context.Background(), `SELECT count(*) FROM versions
		WHERE tsv @@ websearch_to_tsquery(archivist_ts_config('fr'), 'pompe solaire éleveur')`).Scan(&n); err != nil || n != 1 {
		t.Errorf("French query found %d, %v; want the French page", n, err)
	}
}
