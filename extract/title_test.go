package extract

import "testing"

func TestCleanTitle(t *testing.T) {
	tests := []struct {
		name, title, host string
		sites             []string
		want              string
	}{
		{"suffix", "Why Sahel Coups Persist – Africa Center", "africacenter.org", []string{"Africa Center"}, "Why Sahel Coups Persist"},
		{"prefix", "Africa Center | Why Sahel Coups Persist", "africacenter.org", []string{"Africa Center"}, "Why Sahel Coups Persist"},
		{"repeated and truncated", "Why Sahel Coups Persist – Africa Center for … – Africa Center for Strategic Studies", "africacenter.org",
			[]string{"Africa Center for Strategic Studies"}, "Why Sahel Coups Persist"},
		{"host label", "Der Lange und die alte Dame - hertha-blog.de", "www.hertha-blog.de", nil, "Der Lange und die alte Dame"},
		{"site from host words", "Interning of Small Integers | Four Years", "fouryears.eu", nil, "Interning of Small Integers"},
		{"dash inside title stays", "SW082 – 82 Gründe zum weiter hören", "www.sprechwaisen.com", []string{"Sprechwaisen"}, "SW082 – 82 Gründe zum weiter hören"},
		{"no separator", "Plain title", "example.org", []string{"Example"}, "Plain title"},
		{"aggregator junk", "Why Mini-Grids Need Reform – Energy Forum – Energy Forum - NaijaWatch", "naijawatch.example", nil, "Why Mini-Grids Need Reform"},
		{"cut short before junk", "Five Lessons from a Decade of Coups… – Sahel Centre – Sahel Centre", "agg.example", nil, "Five Lessons from a Decade of Coups"},
		{"only site", "Example", "example.org", []string{"Example"}, "Example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanTitle(tt.title, newSiteNames(tt.host, tt.sites...)); got != tt.want {
				t.Errorf("cleanTitle(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

func TestPickTitle(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"h1 agrees with og:title", `<html><head><title>Sahel Security – Think Tank</title>
			<meta property="og:title" content="Sahel Security – Think Tank"></head>
			<body><a class="logo">Think Tank</a><h1>Sahel Security</h1><p>Text.</p></body></html>`, "Sahel Security"},
		{"kicker in head title", `<html><head><title>Klimaschutz: Bohren, bis es heiß wird | ZEIT</title></head>
			<body><article><h1>Bohren, bis es heiß wird</h1></article></body></html>`, "Bohren, bis es heiß wird"},
		{"logo h1 skipped", `<html><head><title>Real Headline Here - Example News</title>
			<meta property="og:site_name" content="Example News"></head>
			<body><h1>Example News</h1><h2 class="entry-title">Real Headline Here</h2></body></html>`, "Real Headline Here"},
		{"head only", `<html><head><meta property="og:title" content="A Title | Site"><meta property="og:site_name" content="Site"></head><body><p>x</p></body></html>`, "A Title"},
		{"double-escaped entities", `<html><head><meta property="og:title" content="&amp;#8222;Zitat&amp;#8220; im Titel"></head><body><p>x</p></body></html>`, "„Zitat“ im Titel"},
		{"ruby readings dropped", `<html><head><title>子どもの法律 | NHK</title></head><body><h1><ruby>子<rt>こ</rt></ruby>どもの法律</h1></body></html>`, "子どもの法律"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := FromHTML([]byte(tt.html), "https://example.org/a/b", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.want {
				t.Errorf("title = %q, want %q", a.Title, tt.want)
			}
		})
	}
}

func TestHeadingKicker(t *testing.T) {
	page := `<html><head><title>Klimaschutz: Bohren, bis es heiß wird | ZEIT ONLINE</title></head><body><article>
<h1><span class="article-heading__kicker">Klimaschutz</span><span class="article-heading__title">Bohren, bis es heiß wird</span></h1>
<p>Text.</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://zeit.example/2019/43/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Bohren, bis es heiß wird" {
		t.Errorf("title %q", a.Title)
	}
}

func TestTrimLeadingSeparator(t *testing.T) {
	for in, want := range map[string]string{
		": Bohren, bis es heiß wird": "Bohren, bis es heiß wird",
		"- „Es kommt darauf an“":     "„Es kommt darauf an“",
		"-30 degrees in Oslo":        "-30 degrees in Oslo",
		"Title: Subtitle":            "Title: Subtitle",
		": ":                         ": ",
	} {
		if got := trimLeadingSeparator(in); got != want {
			t.Errorf("trimLeadingSeparator(%q) = %q, want %q", in, got, want)
		}
	}
}
