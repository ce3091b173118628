package search

import (
	"context"
	"strings"
	"testing"
)

// judged is one judged query: the pages (corpus id prefixes) that must be
// among the first five results.
type judged struct {
	req  Request
	want []string
}

// Queries written from the topics of the corpus pages, as an analyst would
// type them: a few words, sometimes a phrase, a field or a filter.
var judgedQueries = []judged{
	{Request{Query: "Davis Cup Nadal"}, []string{"aeb/0d46122928"}},
	{Request{Query: "feather duvet lung"}, []string{"aeb/a078b3656a", "aeb/bd673bd798"}},
	{Request{Query: "South Dakota meth campaign"}, []string{"aeb/3f65af7b6b", "aeb/776a1c0467"}},
	{Request{Query: "Stadia game streaming"}, []string{"aeb/8267acacb9", "aeb/e100c9612a"}},
	{Request{Query: "US China trade deal tariffs"}, []string{"aeb/39d5c43beb", "aeb/d605bdef2c"}},
	{Request{Query: "NASA commercial moon companies"}, []string{"aeb/d1c57d7821", "aeb/42aad16bde"}},
	{Request{Query: "Alibaba Hong Kong listing"}, []string{"aeb/360c732d1f"}},
	{Request{Query: "Epstein prison guards charged"}, []string{"aeb/c58aa507c4"}},
	{Request{Query: "power shutoff fire danger"}, []string{"aeb/d0382c0d95"}},
	{Request{Query: "Taliban hostages released"}, []string{"aeb/a1fca19b88"}},
	{Request{Query: "Iran protesters killed"}, []string{"aeb/d90bda7ed1"}},
	{Request{Query: "bubonic plague"}, []string{"aeb/432362af0b"}},
	{Request{Query: "money laundering Ukraine"}, []string{"traf/0a3108e507"}},
	{Request{Query: "New York mass burials coronavirus"}, []string{"traf/bbc.com.52241221"}},
	{Request{Query: `"rolling blackouts"`}, []string{"traf/nytimes.com.blackouts"}},
	{Request{Query: "Neanderthal birch tar"}, []string{"traf/phys.org.tool"}},
	{Request{Query: "python virtual environments", Site: "pluralsight.com"}, []string{"traf/pluralsight.com.python"}},
	{Request{Query: "Gannett GateHouse merger"}, []string{"aeb/8634d1211c"}},
	{Request{Query: "Saturn moon Titan map"}, []string{"aeb/359fee2285"}},
	{Request{Query: "title:impeachment"}, []string{"aeb/f5c90a6d52", "aeb/c90731f051"}},
	{Request{Query: "hydrangea blooms"}, []string{"traf/realsimple.com.hydrangea"}},
	{Request{Query: "grow lemon tree from seed"}, []string{"traf/youhadmeatgardening.com.lemon"}},
	{Request{Query: "tmux clipboard"}, []string{"traf/flowfx.de.tmux"}},
	{Request{Query: "docker builds pipenv poetry"}, []string{"traf/pythonspeed.com.docker"}},
	{Request{Query: "Kernfusion Energiequelle"}, []string{"traf/ingenieur.de.kernfusion"}},
	{Request{Query: "Wildschweine Jagdjahr"}, []string{"traf/mluk.brandenburg.de-erlegungspermie"}},
	{Request{Query: "Studierende Wohnungssuche Freiburg"}, []string{"traf/badische-zeitung.de-Wohnungssuche"}},
	{Request{Query: "solarthermisches Kraftwerk", Lang: "de"}, []string{"traf/Solarserver.de.solarthermisches"}},
	{Request{Query: "Fische Schmerzen"}, []string{"traf/angelmagazin.de-schmerzen"}},
	{Request{Query: "Crocs Cowboyboots"}, []string{"traf/omr.com-Schuhbrand"}},
	{Request{Query: "retraite néolibéralisme"}, []string{"traf/aoc.media.archaisme"}},
	{Request{Query: "éléphants Guinée"}, []string{"traf/dw.com-elephants"}},
	{Request{Query: "rumeur infox"}, []string{"traf/sciencesetavenir.fr.rumeur"}},
}

func TestRelevance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the corpus")
	}
	pages := loadCorpus(t)
	m, urlOf := corpusArchive(pages)
	ix, err := Open(t.TempDir(), &Options{BatchSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)
	resolve := func(prefix string) string {
		var found string
		for id, u := range urlOf {
			if strings.HasPrefix(id, prefix) {
				if found != "" {
					t.Fatalf("prefix %q is ambiguous", prefix)
				}
				found = u
			}
		}
		return found
	}
	if len(judgedQueries) < 25 {
		t.Fatalf("only %d judged queries", len(judgedQueries))
	}
	passed, judgedN := 0, 0
	for _, j := range judgedQueries {
		var want []string
		for _, p := range j.want {
			if u := resolve(p); u != "" {
				want = append(want, u)
			}
		}
		if len(want) != len(j.want) {
			t.Logf("%q: judged page missing from the extracted corpus, skipped", j.req.Query)
			continue
		}
		judgedN++
		req := j.req
		req.Limit = 5
		req.NoSnippets = true
		res, err := ix.Search(context.Background(), req, nil)
		if err != nil {
			t.Errorf("%q: %v", req.Query, err)
			continue
		}
		got := urls(res)
		ok := true
		for _, w := range want {
			if !contains(got, w) {
				ok = false
			}
		}
		if ok {
			passed++
		} else {
			t.Errorf("%q: want %v in top 5, got %v", req.Query, want, got)
		}
	}
	t.Logf("relevance: %d/%d judged queries have every judged page in the top 5 (%d pages indexed)", passed, judgedN, len(pages))
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
