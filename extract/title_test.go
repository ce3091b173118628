package extract

import (
	"net/url"
	"strings"
	"testing"
)

func TestCleanTitle(t *testing.T) {
	tests := []struct {
		name, title, host string
		sites             []string
		want              string
	}{
		{"suffix", "Why Harbour Strikes Persist – Lakeside Center", "lakesidecenter.org", []string{"Lakeside Center"}, "Why Harbour Strikes Persist"},
		{"prefix", "Lakeside Center | Why Harbour Strikes Persist", "lakesidecenter.org", []string{"Lakeside Center"}, "Why Harbour Strikes Persist"},
		{"repeated and truncated", "Why Harbour Strikes Persist – Lakeside Center for … – Lakeside Center for Maritime Studies", "lakesidecenter.org",
			[]string{"Lakeside Center for Maritime Studies"}, "Why Harbour Strikes Persist"},
		{"host label", "Der Große und die kleine Stadt - kiez-blog.de", "www.kiez-blog.de", nil, "Der Große und die kleine Stadt"},
		{"site from host words", "Caching of Short Strings | Nine Rivers", "ninerivers.eu", nil, "Caching of Short Strings"},
		{"dash inside title stays", "HF041 – 41 Gründe zum weiter lesen", "www.hoerfaenger.com", []string{"Hoerfaenger"}, "HF041 – 41 Gründe zum weiter lesen"},
		{"no separator", "Plain title", "example.org", []string{"Example"}, "Plain title"},
		{"domain before the title", "tomvelk.com Quiet Coding", "tomvelk.com", nil, "Quiet Coding"},
		{"another domain is the subject", "Wikipedia.org Turns Ten", "news.example", nil, "Wikipedia.org Turns Ten"},
		{"site name ending the host's name", "Top 5 Payroll Tools in 2026 | OrbitHR", "www.getorbithr.com", nil, "Top 5 Payroll Tools in 2026"},
		{"aggregator junk", "Why Mini-Grids Need Reform – Energy Forum – Energy Forum - NaijaWatch", "naijawatch.example", nil, "Why Mini-Grids Need Reform"},
		{"cut short before junk", "Five Lessons from a Decade of Coups… – Sahel Centre – Sahel Centre", "agg.example", nil, "Five Lessons from a Decade of Coups"},
		{"only site", "Example", "example.org", []string{"Example"}, "Example"},
		{"blog theme's label in French", "Carnet de route » Archives du blog » Trois jours à Lyon", "carnet.example", []string{"Carnet de route"}, "Trois jours à Lyon"},
		{"blog theme's label in Spanish", "Cuaderno » Archivo del blog » Tres días en Sevilla", "cuaderno.example", []string{"Cuaderno"}, "Tres días en Sevilla"},
		{"single angle quote", "Neue Wege im Ehrenamt › Verein Lindenhof", "lindenhof.example", []string{"Verein Lindenhof"}, "Neue Wege im Ehrenamt"},
		{"star", "Ein Abend mit dem Chor ⋆ Singkreis Auental", "auental.example", []string{"Singkreis Auental"}, "Ein Abend mit dem Chor"},
		{"fullwidth bar without spaces", "駅前に新しい店舗をオープン｜サクラ不動産", "sakura.example", []string{"サクラ不動産"}, "駅前に新しい店舗をオープン"},
		{"three-letter domain", "Lawinen im Januar - ALP", "www.alp.ch", nil, "Lawinen im Januar"},
		{"three-letter domain as a word of the title stays", "ALP Rescue Teams Train in Snow", "alp.ch", nil, "ALP Rescue Teams Train in Snow"},
		{"top-level domain is no site", "Caching Tips | COM", "tips.example.com", nil, "Caching Tips | COM"},
		{"site's full name after the title", "Trail Shoes for Wet Ground | Cairn Co-op", "www.cairn.example", []string{"Cairn"}, "Trail Shoes for Wet Ground"},
		{"company form after the title", "Our year in review - updates at Kestrel – Kestrel B.V.", "kestrel.example", nil, "Our year in review - updates at Kestrel"},
		{"docs' name after the title", "Quickstart — Ferrule Documentation (2.4.x)", "ferrule.example", nil, "Quickstart"},
		{"site's name opening a long segment stays", "Our plans | Cairn members vote on the new store", "cairn.example", []string{"Cairn"}, "Our plans | Cairn members vote on the new store"},
		{"site's name in the possessive", "Wrong refresh rate after update - Kestrel's Forum", "forum.kestrel.example", nil, "Wrong refresh rate after update"},
		{"phpBB's label", "View topic - 2025-26 Season: The League is Back!", "forum.league.example", nil, "2025-26 Season: The League is Back!"},
		{"fullwidth bar with spaces", "駅前に新しい店舗をオープン ｜ サクラ不動産", "sakura.example", []string{"サクラ不動産"}, "駅前に新しい店舗をオープン"},
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
		{"kicker in head title", `<html><head><title>Klimaschutz: Bohren, bis es heiß wird | TAGESBLATT</title></head>
			<body><article><h1>Bohren, bis es heiß wird</h1></article></body></html>`, "Bohren, bis es heiß wird"},
		{"logo h1 skipped", `<html><head><title>Real Headline Here - Example News</title>
			<meta property="og:site_name" content="Example News"></head>
			<body><h1>Example News</h1><h2 class="entry-title">Real Headline Here</h2></body></html>`, "Real Headline Here"},
		{"head only", `<html><head><meta property="og:title" content="A Title | Site"><meta property="og:site_name" content="Site"></head><body><p>x</p></body></html>`, "A Title"},
		{"double-escaped entities", `<html><head><meta property="og:title" content="&amp;#8222;Zitat&amp;#8220; im Titel"></head><body><p>x</p></body></html>`, "„Zitat“ im Titel"},
		{"ruby readings dropped", `<html><head><title>子どもの法律 | KidsNews</title></head><body><h1><ruby>子<rt>こ</rt></ruby>どもの法律</h1></body></html>`, "子どもの法律"},
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
	page := `<html><head><title>Klimaschutz: Bohren, bis es heiß wird | TAGESBLATT ONLINE</title></head><body><article>
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

func TestPickTitleSiteHeadings(t *testing.T) {
	tests := []struct {
		name, url, html, want string
	}{
		{"blog header h1 linking home names the site", "https://blog.example/2019/10/post/",
			`<html><head><title>Caching of Short Strings | Remaining Years</title></head>
			<body><h1><a href="https://blog.example">Remaining Years</a></h1><div class="post"><p>Text.</p></div></body></html>`,
			"Caching of Short Strings"},
		{"archived page: the archived site's host names it", "https://web.archive.org/web/20080731095558/http://www.klickwerk.de/2008/07/29/post/",
			`<html><head><title>Was ist Guerilla Marketing? | KlickwerkBlog</title></head>
			<body><h2>KlickwerkBlog</h2><p>Text.</p></body></html>`,
			"Was ist Guerilla Marketing?"},
		{"one-word page keeps its site", "https://news.example/about",
			`<html><head><title>About - State of the Field</title><meta property="og:site_name" content="State of the Field"></head>
			<body><p>Text.</p></body></html>`,
			"About - State of the Field"},
		{"breadcrumb h1 equal to the headline", "https://news.example/a/b-123",
			`<html><head><title>Long Headline: The Full Story | News</title>
			<meta property="og:site_name" content="News">
			<script type="application/ld+json">{"@type":"NewsArticle","headline":"Long Headline: The Full Story"}</script>
			<meta property="og:title" content="Short Teaser: Story"></head>
			<body><nav><ol class="breadcrumb"><li>Home</li><li><h1>Long Headline: The Full Story</h1></li></ol></nav>
			<h2 class="article-title">Short Teaser: Story</h2><p>Text.</p></body></html>`,
			"Long Headline: The Full Story"},
		{"breadcrumb h1 equal to the title tag alone is not enough", "https://news.example/a/b-123",
			`<html><head><title>Other Words for It</title>
			<meta property="og:title" content="Headline Proper Here"></head>
			<body><nav><ol class="breadcrumb"><li><h1>Other Words for It</h1></li></ol></nav><p>Text.</p></body></html>`,
			"Headline Proper Here"},
		{"heading's kicker before the head's title dropped", "https://news.example/a/b-123",
			`<html><head><title>Cyber Attacks: Firms Spend a Fifth on Security - Trade Magazine</title>
			<meta property="og:site_name" content="Trade Magazine"></head>
			<body><h1><span>Investing in Security</span> Cyber Attacks: Firms Spend a Fifth on Security</h1><p>Text.</p></body></html>`,
			"Cyber Attacks: Firms Spend a Fifth on Security"},
		{"one word before the head's title is the heading's own", "https://news.example/a/b-123",
			`<html><head><title>Best Home Security Cameras of 2026 | Reviews</title>
			<meta property="og:site_name" content="Reviews"></head>
			<body><h1>The Best Home Security Cameras of 2026</h1><p>Text.</p></body></html>`,
			"The Best Home Security Cameras of 2026"},
		{"blog theme's label between site and post", "https://remainingyears.example/2019/10/post/",
			`<html><head><title>Remaining Years » Blog Archive » Caching of Short Strings</title></head>
			<body><p>Text.</p></body></html>`,
			"Caching of Short Strings"},
		{"headline cut to a length limit", "https://blog.example/2019/10/post/",
			`<html><head><script type="application/ld+json">{"@type":"BlogPosting","headline":"Fix It Friday: Struggling With How To Arrange Your Room? We Help (Including"}</script>
			<meta property="og:title" content="Fix It Friday: Struggling With How To Arrange Your Room? We Help (Including One Trick) - Jane Doe"></head>
			<body><p>Text.</p></body></html>`,
			"Fix It Friday: Struggling With How To Arrange Your Room? We Help (Including One Trick) - Jane Doe"},
		{"a headline is not cut when the longer title adds a site", "https://blog.example/2019/10/post/",
			`<html><head><script type="application/ld+json">{"@type":"BlogPosting","headline":"US News MBA Rankings: Full and Part Time Programs"}</script>
			<meta property="og:title" content="US News MBA Rankings: Full and Part Time Programs - Consulting Firm - Admissions"></head>
			<body><p>Text.</p></body></html>`,
			"US News MBA Rankings: Full and Part Time Programs"},
		{"a heading that is a whole title beats a segment", "https://news.example/de/detail/-/content/x",
			`<html><head><title>Country Reports and Analyses - Foundation</title><meta property="og:title" content="Local Elections"></head>
			<body><h1>Country Reports and Analyses</h1><h1>Local Elections</h1><p>Text.</p></body></html>`,
			"Local Elections"},
		{"the longest segment heading beats a section's name", "https://customs.example/news/2021/x.html",
			`<html><head><title>Customs online - Notices - Promulgation of the Tobacco Tax Act</title></head>
			<body><h1>Notices</h1><h1>Promulgation of the Tobacco Tax Act</h1><p>Text.</p></body></html>`,
			"Promulgation of the Tobacco Tax Act"},
		{"an h1 copying the whole <title> gives way to the headline", "https://health.example/patient-education/sleep",
			`<html><head><title>How to help babies sleep through the night | Patient Education | Children's Hospital</title></head>
			<body><h1>How to help babies sleep through the night | Patient Education | Children's Hospital</h1>
			<h2 class="page-title">How to help babies sleep through the night</h2><p>Text.</p></body></html>`,
			"How to help babies sleep through the night"},
		{"the head's title adds a subtitle after a colon", "https://design.example/blog/how-to-design-a-website",
			`<html><head><meta property="og:title" content="How to Design a Website: a Complete Guide for 2026 | Loam"><meta property="og:site_name" content="Loam"></head>
			<body><h1>How to Design a Website</h1><p>Text.</p></body></html>`,
			"How to Design a Website: a Complete Guide for 2026"},
		{"a segment naming the URL's section", "https://news.example/story/opinion/contributors/2025/12/19/meditation/87830855007/",
			`<html><head><meta property="og:title" content="How meditation rewires brains | Opinion"></head>
			<body><h1>How meditation rewires brains | Opinion</h1><p>Text.</p></body></html>`,
			"How meditation rewires brains"},
		{"the slug is no section", "https://news.example/blog/opinion",
			`<html><head><meta property="og:title" content="Why we changed our minds | Opinion"></head>
			<body><p>Text.</p></body></html>`,
			"Why we changed our minds | Opinion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := FromHTML([]byte(tt.html), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.want {
				t.Errorf("title = %q, want %q", a.Title, tt.want)
			}
		})
	}
}

func TestUnwrapArchived(t *testing.T) {
	for in, want := range map[string]string{
		"https://web.archive.org/web/20080731095558/http://www.klickwerk.de/2008/post/": "http://www.klickwerk.de/2008/post/",
		"https://web.archive.org/web/2016id_/https://example.org/a?b=1":                 "https://example.org/a?b=1",
		"https://web.archive.org/about/":                                                "https://web.archive.org/about/",
		"https://example.org/web/1/http://other.org/":                                   "https://example.org/web/1/http://other.org/",
	} {
		u, _ := url.Parse(in)
		if got := unwrapArchived(u).String(); got != want {
			t.Errorf("unwrapArchived(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleWrittenInUTF8Twice(t *testing.T) {
	// The bytes of "’" (E2 80 99) read as Latin-1 and written as UTF-8 again.
	twice := "A Beginner\u00e2\u0080\u0099s Guide to Sourdough"
	page := `<html><head><meta charset="utf-8"><title>` + twice + ` | Crumb Journal</title></head><body><article><h1>` + twice +
		`</h1><p>Feed the starter twice a day for a week before the first loaf, and keep it somewhere warm.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://crumb.example/guides/sourdough")
	if want := "A Beginner’s Guide to Sourdough"; m.Title != want {
		t.Errorf("title %q, want %q", m.Title, want)
	}
}

func TestSphinxPermalinkIsNoPartOfTheTitle(t *testing.T) {
	page := `<html><head><title>tarfile — Read and write tar archives — Toolkit 2.1 documentation</title></head><body><div class="body" role="main"><section>
<h1>tarfile — Read and write tar archives<a class="headerlink" href="#module-tarfile" title="Link to this heading">¶</a></h1>
<p>The tarfile module makes it possible to read and write tar archives, including those using gzip, bz2 and lzma compression.</p></section></div></body></html>`
	m := readMetadataFrom(t, page, "https://docs.toolkit.example/2.1/library/tarfile.html")
	if want := "tarfile — Read and write tar archives"; m.Title != want {
		t.Errorf("title %q, want %q", m.Title, want)
	}
	// A theme drawing the permalink with an icon font's glyph.
	page = strings.Replace(page, "¶", "\uf0c1", 1)
	if m := readMetadataFrom(t, page, "https://docs.toolkit.example/2.1/library/tarfile.html"); m.Title != "tarfile — Read and write tar archives" {
		t.Errorf("title with an icon glyph %q", m.Title)
	}
}

func TestHeadingPrintedTwiceForSmallScreens(t *testing.T) {
	page := `<html><head><title>Run Linux on a Chromebook - Tandem Desk 7 Virtual Machine for ChromeOS</title></head><body>
<div class="hero"><h1 class="d-none d-md-block">Tandem Desk 7 for ChromeOS</h1><h1 class="d-md-none">Tandem Desk 7 for ChromeOS</h1>
<p>Run Linux apps side by side with your Chromebook's own, with no reboot and shared folders between the two.</p></div></body></html>`
	m := readMetadataFrom(t, page, "https://tandem.example/products/desk/")
	if want := "Tandem Desk 7 for ChromeOS"; m.Title != want {
		t.Errorf("title %q, want %q", m.Title, want)
	}
}

func TestUnrenderedTemplateHeadingIsNoHeading(t *testing.T) {
	page := `<html><head><title>*On the Virtues of Tea* (1750) — The Archive Review</title><meta property="og:title" content="*On the Virtues of Tea* (1750)"></head><body>
<article><h1>On the Virtues of Tea (1750)</h1><p>A physician's pamphlet praising the leaf for the stomach, the nerves and the temper of the household.</p></article>
<div id="cart" hidden><h1>{{ $localize("payment.title") }}</h1><h1>{{ $localize('cart.summary') }}</h1></div></body></html>`
	m := readMetadataFrom(t, page, "https://archivereview.example/collection/tea/")
	if want := "On the Virtues of Tea (1750)"; m.Title != want {
		t.Errorf("title %q, want %q", m.Title, want)
	}
}
