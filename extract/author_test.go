package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestCleanAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"By the Lakeside Center for Maritime Studies", []string{"Lakeside Center for Maritime Studies"}},
		{"By Jane Doe and John Smith", []string{"Jane Doe", "John Smith"}},
		{"Von Max Muster und Erika Musterfrau", []string{"Max Muster", "Erika Musterfrau"}},
		{"Par Jean Dupont et Claire Morel", []string{"Jean Dupont", "Claire Morel"}},
		{"Por Begoña Arrieta y Juan Pablo Ossandón", []string{"Begoña Arrieta", "Juan Pablo Ossandón"}},
		{"Konrad Maria Wessel im Gespräch mit Ilka Brandner", []string{"Konrad Maria Wessel", "Ilka Brandner"}},
		{"Wes Harlan, Head Winemaker", []string{"Wes Harlan"}},
		{"This post was written by Corinne Labelle, Head of Marketing and Community Development", []string{"Corinne Labelle"}},
		{"Jane Doe, Professor of History and Politics", []string{"Jane Doe"}},
		{"By Brennholt Carver Tax & Accounting", []string{"Brennholt Carver Tax & Accounting"}},
		{"Jane Doe & John Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe in conversation with John Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe; John Smith & Ann Lee", []string{"Jane Doe", "John Smith", "Ann Lee"}},
		{"Written by 2:56 pm Source News", nil},
		{"Jane Doe, Senior Fellow", []string{"Jane Doe"}},
		{"Oswin Tarrant, KRB Columnist", []string{"Oswin Tarrant"}},
		{"Jane Doe, Co-Founder", []string{"Jane Doe"}},
		{"John Smith | March 5, 2024", []string{"John Smith"}},
		{"Volker Branth Fr, 18. Oktober 2019", []string{"Volker Branth"}},
		{"Zeige alle Beiträge von Sabine Kettler →", []string{"Sabine Kettler"}},
		{"View all posts by Arnaud Besson", []string{"Arnaud Besson"}},
		{"Friedrich von Mallen", []string{"Friedrich von Mallen"}},
		{"Center for Coastal and Regional Studies", []string{"Center for Coastal and Regional Studies"}},
		{"Redaktion: Reinhold Glaser (Pressesprecher)", []string{"Reinhold Glaser"}},
		{"jane.doe", []string{"Jane Doe"}},
		{"r23", []string{"r23"}},
		{"dpa/AFP", []string{"dpa/AFP"}},
		{"From Apple", nil}, // a shop's line under a product's name
		{"– Gregory Trustpilot, 2.23.2025", nil},
		{"Carlos Escobar, VP, IS Security, Risk, and Compliance, RevMed", []string{"Carlos Escobar"}},
		{"By: Samer Morqos, Counseling Psychologist", []string{"Samer Morqos"}},
		{"By Jane Doe, Senior Editor, and John Roe", []string{"Jane Doe", "John Roe"}},
		// Think-tank and newsroom credits: name, title, name, title.
		{"Jane Doe, Reporter, John Roe, Photographer", []string{"Jane Doe", "John Roe"}},
		{"Marta Lindqvist, Senior Fellow, Tomasz Brenner, Research Associate", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"By Marta Lindqvist, Senior Fellow, and Tomasz Brenner, Research Associate", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"By Marta Lindqvist, Senior Fellow, Africa Program, and Tomasz Brenner, Research Associate", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"Marta Lindqvist, Director, Africa Program; Tomasz Brenner, Fellow", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"Marta Lindqvist | Director, Africa Program", []string{"Marta Lindqvist"}},
		{"Authors: Marta Lindqvist (CSIS), Tomasz Brenner (RAND)", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"Marta Lindqvist, Senior Fellow and Director, Africa Program", []string{"Marta Lindqvist"}},
		{"Views: 1", nil},
		// A name and its title set below it, no comma between.
		{"By Marta Lindqvist Senior Fellow for Africa Policy Studies", []string{"Marta Lindqvist"}},
		{"Marta Lindqvist Chief Economist", []string{"Marta Lindqvist"}},
		{"Marta Lindqvist Senior Fellow, Tomasz Brenner Associate Professor", []string{"Marta Lindqvist", "Tomasz Brenner"}},
		{"Harbour Desk Tech Reporter", nil}, // no rank: the words before the title may be the title's
		{"Rhea Calloway, Owner", []string{"Rhea Calloway"}},
		{"Rhea Calloway, Co-Owner", []string{"Rhea Calloway"}},
		{"Alexander Downer", []string{"Alexander Downer"}},
		{"facebook.com/rheacalloway", nil},
		{"Find", nil},
		{"Kommentare: 12", nil},
		{"https://www.facebook.com/someone", nil},
		{"Letzte Aktualisierung: 12.01.2022", nil},
		{"von Säure, Extrakt und Zucker führt. Dieser", nil},
		{"بقلم: محمد علي", []string{"محمد علي"}},
		{"Posted by Leopold @ 12:00 am", []string{"Leopold"}},
		{"By Samuel Osei, Senior Fellow, Energy Transition Forum. June 27, 2023", []string{"Samuel Osei"}},
		{"Andres Villalba C.", []string{"Andres Villalba C."}},
		{"Posted by Edwin at December 16, 2025 11:15 AM", []string{"Edwin"}},
		{"Authors: Maren Tollefsrud and Ingrid Vaszary, Extension horticulture educators", []string{"Maren Tollefsrud", "Ingrid Vaszary"}},
		{"Dec 17, 2025 Rupert K. Vail", []string{"Rupert K. Vail"}},
		{"Henrike Stoltenau Alle Artikel", []string{"Henrike Stoltenau"}},
		{"Por Rodolfo Quintero @rquinterov -", []string{"Rodolfo Quintero"}},
		{"by Tahmid rahman", nil}, // in running text, a lower-case word makes a sentence
		{"Dec. 19, 2025 · Jane Doe on behalf of the Rust team", []string{"Jane Doe"}},
		{"Monday, March 5, 2024 | By Jane Doe", []string{"Jane Doe"}},
		{"1 Beitrag • Seite 1 von 1", nil},
		{"Baynote Contributor", nil}, // in running text, a title is no name
		{"By incorporating more", nil},
		{"By clicking", nil},
		{"By tkelmor", []string{"tkelmor"}},
		{"By Jane Doe, DVM. Reviewed by Dr. John Smith", []string{"Jane Doe", "DVM"}},
		{"By Jane Doe / John Roe", []string{"Jane Doe", "John Roe"}},
		{"Di Mario Rossetti e Luca Bianchetti", []string{"Mario Rossetti", "Luca Bianchetti"}},
		{"Por João Valente e Maria Soares", []string{"João Valente", "Maria Soares"}},
		{"Av Anna Bergfors och Erik Lindvall", []string{"Anna Bergfors", "Erik Lindvall"}},
		{"Lars Holmgaard og Mette Dahlberg", []string{"Lars Holmgaard", "Mette Dahlberg"}},
		{"José Valente e Soares 11 de Outubro de 2020", []string{"José Valente e Soares"}}, // one surname
		{"stadtblatt.example / Stadtblatt Online", nil},
		{"Texte : Jean Dupont, Claire Morel", []string{"Jean Dupont", "Claire Morel"}},
		{"Autore: Mario Rossetti", []string{"Mario Rossetti"}},
		{"Mario Rossetti, giornalista", []string{"Mario Rossetti"}},
		{"Por João Valente, jornalista", []string{"João Valente"}},
		{"Revisado por Juan Pablo Ossandón", nil},
		{"Mis à jour par Claire Morel", nil},
		{"Автор: Иван Сидоренко", []string{"Иван Сидоренко"}},
		{"Yazar: Ayşe Karaca", []string{"Ayşe Karaca"}},
		{"作者：王小明 来源：晨报网", []string{"王小明"}},
		{"記者：山田太郎", []string{"山田太郎"}},
		{"Reporting by Jane Doe; Editing by John Roe", []string{"Jane Doe"}},
		{"Reporting by Jane Doe in Oslo; Additional reporting by Ann Lee; Editing by John Roe", []string{"Jane Doe"}},
		// A sentence opening "By …," in a doc or a post is no byline.
		{"By default, a side-effect-free", nil},
		{"By now, you know the basics of writing code", nil},
		{"By creating area maps, self-empty", nil},
		{"By jdoe, 3 hours ago", []string{"jdoe"}},
		{"von dpa, unserer Redaktion", []string{"dpa"}},
		// An author box's heading and a theme's update line.
		{"About the Author", nil},
		{"Last updated on Oct 17, 2025 by Jane Doe", nil},
		{"Zuletzt aktualisiert am 17.10.2025 von Jane Doe", nil},
		{"Get in touch", nil},
		{"Topic Author", nil}, // phpBB's badge
		{"About Ed de Lyon", []string{"Ed de Lyon"}},
		{"About Us", nil},
		{"--reset-author", nil},
		// A sentence opening "Von …" lists things, not people.
		{"Von den umliegenden Höfen kaufte der Burgherr noch zusätzlich Speck, Kaminwurzen, Hartbrot und Kartoffeln.", nil},
		{"By Jane Doe, Senior Correspondent covering the Middle East from the Lebanese capital Beirut", []string{"Jane Doe"}},
		// Labels in Cyrillic: authors and editor, a photo's credit.
		{"Авторы: Сергей Борисов", []string{"Сергей Борисов"}},
		{"Редактор: Елин Димитров", []string{"Елин Димитров"}},
		{"Фото: Наталия Губернаторова", nil},
		// A label before "von" and a full name: the name; "von" before a
		// surname alone is its particle.
		{"Pressemitteilung von Katja Lindqvist", []string{"Katja Lindqvist"}},
		{"Im Wortlaut von Paul Meisner", []string{"Paul Meisner"}},
		{"Een column van Jan Smit", []string{"Jan Smit"}},
		{"Christoph von Rittberg", []string{"Christoph von Rittberg"}},
		{"Text von Clara Seidl Illustration von Mark Roos", []string{"Clara Seidl"}},
		// What follows an organisation is its place.
		{"By Nadia Tewes, Harbour News, New York", []string{"Nadia Tewes"}},
		// Labels glued to the name in Chinese and Japanese.
		{"记者王敬照", []string{"王敬照"}},
		{"質問者：あいぎゅ", []string{"あいぎゅ"}},
		{"回答者：", nil},
		// An e-mail address beside the name, a number inside a party's.
		{"뉴스타파 webmaster@newstapa.example", []string{"뉴스타파"}},
		{"Bündnis 90/Die Grünen Bundestagsfraktion", []string{"Bündnis 90/Die Grünen Bundestagsfraktion"}},
		// A link's call to act, a preposition left alone.
		{"Visit the Brightline Store", nil},
		{"von nach", nil},
		// A brand before the product named after it; a name with a
		// repeated word that is no doubling stays.
		{"Brightline Brightline Trail Sandal", nil},
		{"Laura / House Plant House", []string{"Laura / House Plant House"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := cleanAuthors(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("cleanAuthors(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLastFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Hartmann, Lena":          "Lena Hartmann",
		"Lena Hartmann":           "Lena Hartmann",
		"Lakeside Center, Boston": "Lakeside Center, Boston",
		"A, B, C":                 "A, B, C",
	} {
		if got := lastFirst(in); got != want {
			t.Errorf("lastFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanHeadAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Tahmid rahman", []string{"Tahmid rahman"}},
		{"Jane Doe", []string{"Jane Doe"}},
		{"this is not a name at all", nil},
		{"tahmid rahman", []string{"tahmid rahman"}}, // the head's author field, all lower case
		{"Baynote Contributor", []string{"Baynote Contributor"}},
		{"Community Editor", []string{"Community Editor"}},
		{"Senior Fellow", nil},
		{"Jane Doe, Senior Editor", []string{"Jane Doe"}},
		{"admin", nil},
		// Template placeholders and site accounts in the head's field.
		{"undefined", nil},
		{"publisher", nil},
		{"Webmaster", nil},
		// A publisher's address after its name.
		{"Olympia-Verlag GmbH, Nürnberg, Germany", []string{"Olympia-Verlag GmbH"}},
		// A desk's phrase in a news CMS's JSON-LD author.
		{"Staff and news service reports", []string{"Staff and news service reports"}},
		{"staff and news service reports", nil},
	}
	for _, tt := range tests {
		if got := cleanHeadAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("cleanHeadAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMicrodataMetaAuthor(t *testing.T) {
	page := `<html><head><title>Stilles Fernweh</title></head><body><article>
<meta itemprop="datePublished" content="2019-09-18"><meta itemprop="author" content="Jörg Wendler">
<h1>Stilles Fernweh</h1><p>Ein Text über das Fernweh.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://review.example/stilles-fernweh/")
	if !slices.Equal(m.Authors, []string{"Jörg Wendler"}) {
		t.Errorf("authors %q, want [Jörg Wendler]", m.Authors)
	}
}

func TestBylineAfterSeparator(t *testing.T) {
	page := `<html lang="de"><head><title>Faire Lieferketten</title></head><body><div class="news-single-item">
<div class="news-single-timedata">05.02.2020 <span>-&nbsp;Redaktion: Reinhold Glaser (Pressesprecher)</span></div>
<h1>Faire Lieferketten</h1><p>Ein Text über faire Lieferketten und wer sie fordert.</p></div></body></html>`
	m := readMetadataFrom(t, page, "https://verband.example/news/faire-lieferketten/")
	if !slices.Equal(m.Authors, []string{"Reinhold Glaser"}) {
		t.Errorf("authors %q, want [Reinhold Glaser]", m.Authors)
	}
}

func TestHandleInHeadGivesWayToByline(t *testing.T) {
	for _, tt := range []struct{ ldAuthor, want string }{
		{"NellyB", "Siobhan O'Kearney"},
		{"gordon.mcvittie", "Siobhan O'Kearney"},
		// A full name in the head stays the author.
		{"Nelly Brant", "Nelly Brant"},
	} {
		page := `<html><head><title>Ten Things to Do This Winter</title>
<script type="application/ld+json">{"@type":"BlogPosting","headline":"Ten Things to Do This Winter","author":{"@type":"Person","name":"` + tt.ldAuthor + `"}}</script></head>
<body><article><h1>Ten Things to Do This Winter</h1><p class="byline">by Siobhan O'Kearney</p>
<p>Winter is here and there is plenty to do in the city for everyone.</p></article></body></html>`
		a, err := FromHTML([]byte(page), "https://blog.example/2025/winter", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.Authors, "; "); got != tt.want {
			t.Errorf("head author %q: authors %q, want %q", tt.ldAuthor, got, tt.want)
		}
	}
}

func TestBioName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Maribel Ostrander Maribel Ostrander is a growth-focused marketing professional.", "Maribel Ostrander"},
		{"Zsolt Bárány Zsolt is a software developer specializing in audio.", "Zsolt Bárány"},
		{"Jane Q. Doe Jane Q. Doe has covered courts since 2010.", "Jane Q. Doe"},
		// No bio naming the person again: no name.
		{"Maribel Ostrander writes about marketing for clinics.", ""},
		{"Google rewards practices that are trusted across the web.", ""},
		{"Our Team Our Team is here to help.", ""},
	}
	for _, tt := range tests {
		if got := bioName(tt.in); got != tt.want {
			t.Errorf("bioName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAuthorBoxWithBio(t *testing.T) {
	page := `<html><head><title>SEO tips for clinics</title></head><body><article><h1>SEO tips for clinics</h1>
<p>August 28, 2025</p><p>A paragraph about search and clinics, long enough to be the text.</p>
<div class="blog_author-wrapper"><div class="blog_author-text"><div>Maribel Ostrander</div>
<p>Maribel Ostrander is a growth-focused marketing professional specializing in healthcare technology.</p></div></div>
</article></body></html>`
	m := readMetadataFrom(t, page, "https://agency.example/blog/seo-tips")
	if !slices.Equal(m.Authors, []string{"Maribel Ostrander"}) {
		t.Errorf("authors %q, want [Maribel Ostrander]", m.Authors)
	}
}

func TestScriptDataAuthor(t *testing.T) {
	for _, tt := range []struct{ script, want string }{
		{`var dataLayer_content = {"pagePostType":"page","pagePostAuthor":"Wiesława"};`, "Wiesława"},
		{`self.__next_f.push([1,"{\"site\":{\"author\":\"Tutorfund.org\"},\"post\":{\"author\":{\"id\":21,\"name\":\"Odile Varga\",\"slug\":\"odile-varga\"}}}"])`, "Odile Varga"},
		{`var cfg = {"theme":"dark","authorUrl":"/authors"};`, ""},
		{`var post = {"author":"admin"};`, ""},
		{`var form = {"author":"Name","theme":"base-structure-article.css"};`, ""},
		{`var t = {"author":"$undefined"};`, ""},
	} {
		page := `<html><head><title>Best tutors | Tutorfund.org</title><meta property="og:site_name" content="Tutorfund.org"><script>` + tt.script + `</script></head>
<body><article><h1>Best tutors</h1><p>A paragraph on tutors, long enough to be the text of the page.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://bold.example/blog/best-tutors")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("script %q: authors %q, want %q", tt.script, got, tt.want)
		}
	}
	// A product page's scripts name its reviews' authors.
	product := `<html><head><title>Repair kit</title><meta property="og:type" content="product"><script>var q = {"quote":{"author":"Cyril Dabrowski"}};</script></head>
<body><h1>Repair kit</h1><p>A kit with all the tools to fix a phone at home.</p></body></html>`
	if m := readMetadataFrom(t, product, "https://shop.example/kit"); len(m.Authors) > 0 {
		t.Errorf("product page: authors %q, want none", m.Authors)
	}
	// A byline on the page wins over the script's data.
	page := `<html><head><title>Best tutors</title><script>var d = {"pagePostAuthor":"admin2"};</script></head>
<body><article><h1>Best tutors</h1><p class="byline">By Jane Doe</p><p>A paragraph on tutors, long enough to be the text.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://bold.example/blog/best-tutors"); !slices.Equal(m.Authors, []string{"Jane Doe"}) {
		t.Errorf("authors %q, want [Jane Doe]", m.Authors)
	}
}

func TestBareLabelBeforeNameBlock(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"label and name in sibling blocks",
			`<div class="f--field"><p class="label"><strong>By</strong></p></div>
<div class="f--field"><p class="full-name">Wade Corrigan</p></div>`, "Wade Corrigan"},
		{"heading label before the name",
			`<div><h2>Article by</h2><div class="lead">Eero Kallionpää</div></div>`, "Eero Kallionpää"},
		{"a byline opened by dashes in its own element",
			`<div style="margin-left:5px"><span><strong><em>---- by Lionel Harwick</em></strong></span></div>`, "Lionel Harwick"},
		{"a table of contents after the label is no name",
			`<div class="author-box"><p>Author</p></div><div class="toc"><p>Table of Contents</p></div>`, ""},
	} {
		page := `<html><head><title>New robot samples blood</title></head><body><article><h1>New robot samples blood</h1>` + tt.body +
			`<p>A robot drew blood as well as people did in a trial, the team reports.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://uni.example/news/robot")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTeaserBylineAboveTitle(t *testing.T) {
	page := `<html><head><title>Gelassen durch den Winter</title></head><body>
<aside class="slider"><article><h2><a href="/a">Winter: Aus der stillen Zeit</a></h2><footer><span class="teaser__author">Greta Albinger-Rauch</span></footer></article></aside>
<article><h1>Gelassen durch den Winter</h1><p>Die Krise lehrt uns, wieder achtsam zu sein, sagt die Autorin.</p><p>Noch ein Absatz.</p><p>Und noch einer.</p>
<div class="author"><a href="/autor/hedwig-sallmann" rel="author"><h2 class="author__name">Hedwig Sallmann</h2></a></div>
<p>Der Text geht weiter, mit vielen Gedanken über die Zeit.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://zeitung.example/gesellschaft/gelassen")
	if !slices.Equal(m.Authors, []string{"Hedwig Sallmann"}) {
		t.Errorf("authors %q, want [Hedwig Sallmann]", m.Authors)
	}
}

func TestLongSidebarOfBylinesLeavesRoomForTheArticles(t *testing.T) {
	teasers := strings.Repeat(`<div class="teaser"><h3><a href="/x">Another column</a></h3><span class="teaser__author">Greta Albinger</span></div>`, 45)
	page := `<html><head><title>Gelassen durch den Winter</title></head><body><aside>` + teasers + `</aside>
<article><h1>Gelassen durch den Winter</h1><p class="byline">Von Hedwig Sallmann</p><p>Die Krise lehrt uns, wieder achtsam zu sein.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://zeitung.example/gesellschaft/gelassen")
	if !slices.Equal(m.Authors, []string{"Hedwig Sallmann"}) {
		t.Errorf("authors %q, want [Hedwig Sallmann]", m.Authors)
	}
}

func TestAuthorInArticleDetailsBox(t *testing.T) {
	page := `<html><head><title>AI for patients and clinicians</title></head><body><article><h1>AI for patients and clinicians</h1>
<p>AI tools now help doctors read scans and draft notes, a new review finds.</p><p>More of the story.</p><p>And more.</p>
<p>Still more.</p><p>The end of the story.</p><p>A last line.</p><p>A coda.</p>
<aside class="sidebar"><div class="content-item"><h3>Published</h3><p>August 30, 2024</p></div>
<div class="content-item"><h3>Author</h3><p> Nora T. Bellamy</p></div></aside></article></body></html>`
	m := readMetadataFrom(t, page, "https://school.example/blog/ai")
	if !slices.Equal(m.Authors, []string{"Nora T. Bellamy"}) {
		t.Errorf("authors %q, want [Nora T. Bellamy]", m.Authors)
	}
}

func TestAuthorPageLink(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"link to the author's page under the title",
			`<div class="meta"><a href="https://blog.example/blog/authors/tobenna-okafor" aria-label="Tobenna Okafor"><span>Tobenna Okafor</span></a></div>`, "Tobenna Okafor"},
		{"two authors' links",
			`<div><strong>Written by</strong><br><strong><a href="/authors/anselm-ridgeway">Anselm Ridgeway</a></strong>, hardware writer<br>
<strong><a href="/authors/marisol-tenby">Marisol Tenby</a></strong>, senior editor</div>`, "Anselm Ridgeway; Marisol Tenby"},
		{"contributors' links are no byline",
			`<div>By <a href="/author/gil-abernathy">Gil Abernathy</a> &sdot; Editor</div><div class="small">Contributions From: <a href="/author/hollis-prater">Hollis Prater</a></div>`, "Gil Abernathy"},
		{"a link whose text is not the author's name",
			`<div><a href="/author/jane-doe">More stories</a></div>`, ""},
		{"a link labelled otherwise beside the name its slug spells",
			`<div class="card"><div><p>Delphine Arcourt</p><p>Tech Writer</p></div><a href="/us/blog/authors/delphine-arcourt">Articles by Delphine</a></div>`, "Delphine Arcourt"},
		{"a slug the block does not spell out",
			`<div class="card"><p>Tech Writer</p><a href="/us/blog/authors/delphine-arcourt">Articles by Delphine</a></div>`, ""},
	} {
		page := `<html><head><title>Install Docker on Ubuntu</title></head><body><article><h1>Install Docker on Ubuntu</h1>` + tt.body +
			`<p>Docker runs containers; this guide installs it on a fresh server.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://blog.example/blog/install-docker")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNameInDateline(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"name, role and date in one line",
			`<p>Orla Quentin | Senior Writer | July 2, 2025</p>`, "Orla Quentin"},
		{"date then name in sibling spans",
			`<div class="meta"><span>2025-12-17</span><span>·</span><a title="Bram Ostervik"><img src="/a.png" alt=""><div>Bram Ostervik</div></a></div>`, "Bram Ostervik"},
		{"date, then name and section",
			`<p>Dec 26, 2025 <span>&bull;</span> <img src="/g.png"> Ilse Marwood in <a href="/blog/planning">Project Planning</a></p>`, "Ilse Marwood"},
		{"a particle in the name",
			`<p>12.03.2024 - Ada von der Lindt</p>`, "Ada von der Lindt"},
		{"the name in its own element right before the dateline",
			`<p class="lead">The tides along the coast, in a table.</p><p class="small">Orla Quentin</p><div class="flex"><p><span>23.07.2025</span><span>·</span><span>5 min</span></p></div>`, "Orla Quentin"},
		{"a section's link before the dateline is no name",
			`<p class="small"><a href="/blog/human-resources">Human Resources</a></p><div class="flex"><p><span>23.07.2025</span></p></div>`, ""},
		{"a label before the dateline is no name",
			`<p class="small">Written By</p><div class="flex"><p><span>23.07.2025</span></p></div>`, ""},
		{"a one-word name after a label behind the date",
			`<p>06.11.2023 13:30 von Wiebke</p>`, "Wiebke"},
		{"a one-word section after no label",
			`<p>06.11.2023 13:30 | Politik</p>`, ""},
		{"a section is no name",
			`<p>Essay 25.10.2022 - Politik</p>`, ""},
		{"German nouns are no name",
			`<p>30.11.2022 | Buch der Woche</p>`, ""},
		{"an update label is no name",
			`<p>Last Modified | 12.03.2024</p>`, ""},
		{"a source linked on another site is no author",
			`<div><time datetime="2025-12-09">12/09/2025</time> | <em><a href="https://paper.example/2025/12/09/story">Harbor Ledger</a></em></div>`, ""},
		{"two names: neither",
			`<p>Orla Quentin | Bram Ostervik | July 2, 2025</p>`, ""},
		{"digits that are no date",
			`<p>Chain Link 520 | Model 104</p>`, ""},
		{"WordPress's update line names the post's author",
			`<p>Updated on May 2, 2025 by Orla Quentin</p>`, "Orla Quentin"},
		{"a docs site's last update names its last editor",
			`<p>Last updated on May 2, 2025 by Orla Quentin</p>`, ""},
		{"a table of fields ending in the date's label",
			`<p>Ort Saarbrücken Datum 28.01.2022</p>`, ""},
	} {
		page := `<html><head><title>Tides of the northern coast</title></head><body><article><h1>Tides of the northern coast</h1>` + tt.body +
			`<p>The tides along the northern coast rise twice a day, and the harbour keeps their table.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://coast.example/blog/tides")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
	// A byline elsewhere on the page wins over the dateline's name.
	page := `<html><head><title>Tides of the northern coast</title><meta name="author" content="Nell Ashgrove"></head><body><article>
<h1>Tides of the northern coast</h1><p>Orla Quentin | July 2, 2025</p><p>The tides rise twice a day.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://coast.example/blog/tides"); !slices.Equal(m.Authors, []string{"Nell Ashgrove"}) {
		t.Errorf("authors %q, want [Nell Ashgrove]", m.Authors)
	}
}

func TestLabelledBylineListsTheHeadsAuthorAndOthers(t *testing.T) {
	for _, tt := range []struct{ name, byline, want string }{
		{"the byline lists the head's author and another",
			`<p class="byline">von Ansgar Pohlmeier, Tilo Wendrich</p>`, "Ansgar Pohlmeier; Tilo Wendrich"},
		{"titles before the names",
			`<p class="byline">Written by Dr Ansgar Pohlmeier, Dr Mira Kestel, Tilo Wendrich</p>`, "Dr Ansgar Pohlmeier; Dr Mira Kestel; Tilo Wendrich"},
		{"a role makes the rest an affiliation",
			`<p class="byline">By Ansgar Pohlmeier, Sr. Director of Operations, Harbor Van Lines</p>`, "Ansgar Pohlmeier"},
		{"a byline without a label",
			`<p class="byline">Ansgar Pohlmeier, Tilo Wendrich</p>`, "Ansgar Pohlmeier"},
	} {
		page := `<html><head><title>Trail bikes tested</title>
<script type="application/ld+json">{"@type":"Article","headline":"Trail bikes tested","author":{"@type":"Person","name":"Ansgar Pohlmeier"}}</script></head>
<body><article><h1>Trail bikes tested</h1>` + tt.byline + `<p>We rode six trail bikes for a month on rough ground.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://bikes.example/tests/trail")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDrupalSubmittedLine(t *testing.T) {
	for _, tt := range []struct{ name, line, want string }{
		{"English", `<div class="submitted">Submitted by <span class="username">Tilda Marsh</span> on Mon, 03/04/2024 - 10:00</div>`, "Tilda Marsh"},
		{"German", `<div class="submitted">Gespeichert von <span class="username">kvogt</span> am 24. Juli 2017 - 18:55</div>`, "kvogt"},
	} {
		page := `<html><head><title>Hackathon at the summer camp</title></head><body><div id="content"><h1>Hackathon at the summer camp</h1>
<p>We met for three days to write code for the co-operative's wallet.</p>` + tt.line + `</div></body></html>`
		m := readMetadataFrom(t, page, "https://verein.example/hackathon")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestBylineLabelsInOtherLanguages(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{`<p>Autore: Mario Rossetti</p>`, "Mario Rossetti"},
		{`<p>Автор: Иван Сидоренко</p>`, "Иван Сидоренко"},
		{`<p>Yazar: Ayşe Karaca</p>`, "Ayşe Karaca"},
		{`<p>作者：王小明 来源：晨报网</p>`, "王小明"},
	} {
		page := `<html><head><title>Notes from the harbour</title></head><body><article><h1>Notes from the harbour</h1>` + tt.line +
			`<p>The boats came in early and the market opened before dawn.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://harbour.example/notes")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestByClausesInDocsAreNoBylines(t *testing.T) {
	// A docs page (Sphinx, MDN, Docusaurus) whose paragraphs open "By
	// default," and whose footer dates the last edit and names its editor.
	page := `<html><head><title>Fetch requests</title></head><body><main><h1>Fetch requests</h1>
<p>By default, <code>fetch</code> sends no cookies across origins, and the options object changes that.</p>
<p>By now, you know the basics of how to send a request and read its response.</p>
<footer><p>Last updated on Oct 17, 2025 by Jane Doe</p></footer></main></body></html>`
	if m := readMetadataFrom(t, page, "https://docs.example/fetch"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
}

func TestAuthorBoxHeadingIsNoName(t *testing.T) {
	// A WordPress recipe theme's author box: the heading is no name.
	page := `<html><head><title>Air Fryer Recipes</title></head><body><article><h1>Air Fryer Recipes</h1>
<p>Seven recipes for the air fryer, each with its macros and a shopping list for the week.</p>
<div class="author-box"><div class="author-box-content"><p class="author-box-title">About the Author</p>
<p>Hello. I cook for a family of six and count macros.</p></div></div></article></body></html>`
	if m := readMetadataFrom(t, page, "https://recipes.example/air-fryer"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
}

func TestCrossReferenceClassIsNoByline(t *testing.T) {
	// mkdocstrings' cross-reference links: class "autorefs" holds "autor".
	page := `<html><head><title>Fields</title></head><body><main><h1>Fields</h1>
<p>The <a class="autorefs autorefs-internal" href="#Field"><code>pydantic.fields.Field</code></a> function customises a field.</p>
<p>It takes a default and a description, and more options the reference lists.</p></main></body></html>`
	if m := readMetadataFrom(t, page, "https://docs.example/fields"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
}

func TestSortAndHeadingLabelsAreNoBylines(t *testing.T) {
	// A shop's category (BigCommerce, Magento): a sort order "By Review"
	// and a heading ending "By Category".
	page := `<html><head><title>Wireless Mice</title></head><body><main><h1>Wireless Mice</h1>
<select name="sort"><option value="newest">Newest Items</option><option value="review">By Review</option></select>
<h2>Shop Mice <span>By Category</span></h2>
<p>Twelve wireless mice for the office, each tested for a week of work and travel.</p></main></body></html>`
	if m := readMetadataFrom(t, page, "https://shop.example/wireless-mice"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
	// A date line set as a heading still names its author.
	page = `<html><head><title>Tides</title></head><body><article><h1>Tides</h1><h4>Posted on May 2, 2024 <span>by Orla Quentin</span></h4>
<p>The tides along the northern coast rise twice a day, and the harbour keeps their table.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://coast.example/tides"); !slices.Equal(m.Authors, []string{"Orla Quentin"}) {
		t.Errorf("authors %q, want [Orla Quentin]", m.Authors)
	}
	// A byline heading of its own is still a byline.
	page = `<html><head><title>Tides</title></head><body><article><h1>Tides</h1><h4>By Orla Quentin</h4>
<p>The tides along the northern coast rise twice a day, and the harbour keeps their table.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://coast.example/tides"); !slices.Equal(m.Authors, []string{"Orla Quentin"}) {
		t.Errorf("authors %q, want [Orla Quentin]", m.Authors)
	}
}

func TestSiteNamedAuthorStaysWhole(t *testing.T) {
	// A newsletter whose head gives its own name as the author: the name
	// whole as the last resort, not its first word cut at " in ".
	page := `<html><head><title>Three Models That Could Pay Artists</title><meta property="og:site_name" content="Hands in the Loop">
<meta name="author" content="Hands in the Loop"></head><body><article><h1>Three Models That Could Pay Artists</h1>
<p>Three models for paying the artists whose work trains a model, compared on cost and fairness.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://handsintheloop.example/three-models"); !slices.Equal(m.Authors, []string{"Hands in the Loop"}) {
		t.Errorf("authors %q, want [Hands in the Loop]", m.Authors)
	}
}

func TestEmphasisInASentenceIsNoByline(t *testing.T) {
	page := `<html><head><title>Functions</title></head><body><main><h1>Functions</h1>
<p>Parameters are passed to functions <strong>by value</strong> — so a new value assigned inside stays inside.</p>
<p>Objects are passed by sharing, and a change to their properties shows outside the function.</p></main></body></html>`
	if m := readMetadataFrom(t, page, "https://docs.example/functions"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
	// A byline set in italics on its own line still is one.
	page = `<html><head><title>Tides</title></head><body><article><h1>Tides</h1><p><i>von Orla Quentin</i></p>
<p>Die Gezeiten an der Nordküste steigen zweimal am Tag, und der Hafen führt ihre Tabelle.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://coast.example/tides"); !slices.Equal(m.Authors, []string{"Orla Quentin"}) {
		t.Errorf("authors %q, want [Orla Quentin]", m.Authors)
	}
}

func TestTidyAuthorsKeepsPostNominalsInCapitals(t *testing.T) {
	got := tidyAuthors([]string{"Dana Bell", "MS", "RD", "FAND"})
	if !slices.Equal(got, []string{"Dana Bell, MS, RD, FAND"}) {
		t.Errorf("tidyAuthors = %q, want [Dana Bell, MS, RD, FAND]", got)
	}
	// A desk in capitals after a bare name is its own credit.
	got = tidyAuthors([]string{"Dana Bell", "AFP"})
	if !slices.Equal(got, []string{"Dana Bell", "AFP"}) {
		t.Errorf("tidyAuthors = %q, want [Dana Bell AFP]", got)
	}
}

func TestTidyAuthorsUndoesDoubleEncoding(t *testing.T) {
	for in, want := range map[string]string{
		"Dariusz Jaro\u00c5\u0084": "Dariusz Jaroń", // UTF-8 read as Latin-1 and encoded again
		"Ren\u00c3\u00a9 Duval":    "René Duval",
		"René Duval":               "René Duval", // Latin-1 letters that are no UTF-8 stay
		"Jürgen Maß":               "Jürgen Maß",
		"ライトハウス国際特許事務所 ／":          "ライトハウス国際特許事務所",
		"Corin Vale Reviewed":      "Corin Vale", // a review widget's label after the name
	} {
		if got := tidyAuthors([]string{in}); !slices.Equal(got, []string{want}) {
			t.Errorf("tidyAuthors(%q) = %q, want [%q]", in, got, want)
		}
	}
}

func TestCategoryInBylineIsNoAuthor(t *testing.T) {
	// A news CMS's byline line: date | category link.
	page := `<html><head><title>Nine Food Myths</title></head><body><article><h1>Nine Food Myths</h1>
<section class="byline"><span class="byline__release-date"><time datetime="2023-03-20">March 20, 2023</time></span>
<span class="byline__separator"> | </span><span class="byline__category"><a href="/health/wellness-articles">Wellness &amp; Prevention</a></span></section>
<p>Nine things people believe about food, and what the studies say about each of them.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://clinic.example/news/nine-food-myths"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
	// A blog theme's card byline holding a tag link, and one holding the author.
	page = `<html><head><title>Tax Season Is Here</title></head><body><article><h1>Tax Season Is Here</h1>
<div class="byline card__top-byline"><span class="byline__tag"><a class="tag tag--primary" href="/tag/lifestyle">Lifestyle</a></span></div>
<p>Seven services that file your taxes for you, compared on price and on the help they give.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://money.example/blog/tax-season"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
	page = strings.Replace(page, `<span class="byline__tag"><a class="tag tag--primary" href="/tag/lifestyle">Lifestyle</a></span>`,
		`<span class="byline__name"><a href="/author/isa-haller">Isa Haller</a></span> in <a rel="category tag" href="/category/lifestyle">Lifestyle</a>`, 1)
	if m := readMetadataFrom(t, page, "https://money.example/blog/tax-season"); !slices.Equal(m.Authors, []string{"Isa Haller"}) {
		t.Errorf("authors %q, want [Isa Haller]", m.Authors)
	}
}

func TestDeskSignsInLowerCase(t *testing.T) {
	// A Drupal layout builder's author field linking to the desk's page.
	page := `<html><head><title>Tax 101</title></head><body><article><h1>Tax 101</h1>
<div class="block block-field-blocknodearticle-field-author"><h4 class="author-name">By <a href="/ledger/ledger-editors">The Ledger editors</a></h4></div>
<p>What a tax bracket is, and why moving into a higher one does not lower what you take home.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://bank.example/ledger/tax-101"); !slices.Equal(m.Authors, []string{"The Ledger editors"}) {
		t.Errorf("authors %q, want [The Ledger editors]", m.Authors)
	}
	if got := cleanAuthors("By the editors of doom"); got != nil {
		t.Errorf("cleanAuthors(By the editors of doom) = %q, want none", got)
	}
}

func TestBylineSetAsALink(t *testing.T) {
	// A Shopify blog theme: the byline under the title is a link to a
	// search for the author's posts; the head names the shop.
	page := `<html><head><title>How to Reduce Waste</title><meta name="author" content="Tree Fund"></head><body><article>
<h1 class="article-title">How to Reduce Waste</h1><div class="my-meta"><span><a href="/search?type=article&q=Mara Whitfield">by Mara Whitfield</a></span></div>
<p>Twenty-one ways to throw less away, from the kitchen to the office.</p></article></body></html>`
	if m := readMetadataFrom(t, page, "https://treefund.example/blogs/stories/reduce-waste"); !slices.Equal(m.Authors, []string{"Mara Whitfield"}) {
		t.Errorf("authors %q, want [Mara Whitfield]", m.Authors)
	}
	// A menu's link "By Brand" is no byline.
	page = strings.Replace(page, `by Mara Whitfield`, `By Brand`, 1)
	if m := readMetadataFrom(t, page, "https://treefund.example/blogs/stories/reduce-waste"); !slices.Equal(m.Authors, []string{"Tree Fund"}) {
		t.Errorf("authors %q, want [Tree Fund]", m.Authors)
	}
}

func TestKickerBeforeTheHeadlineIsNoByline(t *testing.T) {
	// A WordPress theme writes "single-author" on <body>: read as a
	// byline, its text opens with the blog's name and description before
	// the headline.
	page := `<html><head><title>Ein Sommer in der Provence</title></head><body class="single single-post single-author">
<div id="header"><h1><a href="https://blog.example/">Reisen &amp; Film // Lesen &amp; Hören</a></h1><div class="desc">Bücherblog 2.0</div></div>
<div class="post"><h2 class="entry-title">Ein Sommer in der Provence</h2>
<p>Die Märkte der Provence sind berühmt, und jeder Ort hat seinen eigenen Tag in der Woche, an dem die Bauern kommen.</p>
<p>Die Märkte öffnen früh, und wer um acht kommt, findet die besten Tomaten schon verkauft.</p></div></body></html>`
	if m := readMetadataFrom(t, page, "https://blog.example/2013/10/20/provence"); len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
}

func TestMenuGroupTitleIsNoByline(t *testing.T) {
	// A mega menu's group titles over their links, and a navbox row.
	page := `<html><head><title>Payments</title></head><body><nav><section class="nav__group"><span class="nav__groupTitle">By stage</span>
<ul><li><a href="/startups">Startups</a></li><li><a href="/enterprises">Enterprises</a></li></ul></section></nav>
<main><h1>Payments</h1><p>Accept payments online and in person, in every currency your customers use.</p></main></body></html>`
	if m := readMetadataFrom(t, page, "https://pay.example/payments"); len(m.Authors) > 0 {
		t.Errorf("menu: authors %q, want none", m.Authors)
	}
	page = `<html><head><title>List of laureates</title></head><body><main><h1>List of laureates</h1><p>Every laureate since the first prize.</p>
<table class="navbox"><tr><th scope="row" class="navbox-group">by subject</th><td class="navbox-list"><ul><li><a href="/chemistry">Chemistry</a></li></ul></td></tr></table></main></body></html>`
	if m := readMetadataFrom(t, page, "https://wiki.example/wiki/List_of_laureates"); len(m.Authors) > 0 {
		t.Errorf("navbox: authors %q, want none", m.Authors)
	}
	// A user's byline before the post's list of points still names them.
	page = `<html><head><title>Packing list</title></head><body><main><h1>Packing list</h1><p class="meta">By tkelmor</p>
<ul><li>A rain jacket</li><li>Two pairs of socks</li></ul><p>That is all I took on the trail for a week.</p></main></body></html>`
	if m := readMetadataFrom(t, page, "https://forum.example/t/packing-list"); !slices.Equal(m.Authors, []string{"tkelmor"}) {
		t.Errorf("user byline: authors %q, want [tkelmor]", m.Authors)
	}
}

// TestReviewFormAndTestimonialsAreNoBylines: a shop's review form whose
// class holds a byline word (BigCommerce's "writeReview-form": "writer"),
// a testimonial card's "– Name" beside the review site it links (Webflow),
// and a quote's attribution with the speaker's title (a firm's services
// page) name no author of the page.
func TestReviewFormAndTestimonialsAreNoBylines(t *testing.T) {
	pages := map[string]string{
		"review form": `<html lang="en"><head><meta property="og:type" content="product"></head><body><main>
<h1 class="productView-title">Arizona Sandal – Birkibuc Stone</h1><p class="productView-price">$99.95</p>
<div class="modal-body"><h5 class="product-title">Arizona Sandal – Birkibuc Stone</h5><form class="form writeReview-form" action="/postreview.php" method="post"><fieldset class="form-fieldset">
<div class="form-field"><label class="form-label" for="rating-rate">Rating <small>Required</small></label><select id="rating-rate" name="revrating"><option value="">Select Rating</option><option value="1">1 star (worst)</option></select></div>
<div class="form-field" id="revfromname"><label class="form-label" for="revfromname_input">Name <small>Required</small></label><input type="text" name="revfromname" id="revfromname_input"></div>
</fieldset></form></div></main></body></html>`,
		"testimonials": `<html lang="en"><body><main><h1>Identity theft protection</h1><p>Protect your identity, your finances and your family.</p>
<h2>What Our Customers Are Saying</h2><div class="identity-customers_grid"><div class="identity-customers_card"><p>Great value!</p><p>I have been using the service for almost a year now.</p>
<div class="identity-customers_author-wrapper"><div class="text-size-regular">– Gregory</div><div class="text-size-regular"><a href="https://www.trustpilot.com/reviews/67bb5e77">Trustpilot</a>, 2.23.2025</div></div></div></div></main></body></html>`,
		"quote with a title": `<html lang="en"><body><main><h1>Cybersecurity consulting</h1><p>We assess your defences and fix what we find.</p>
<blockquote><p>They enabled us to swiftly address key findings.</p><div class="author-details"><span class="detail detail--name">Carlos Escobar</span>, <span class="detail detail--title">VP, IS Security, Risk, and Compliance</span>, <span class="detail detail--company">RevMed</span></div></blockquote></main></body></html>`,
	}
	for name, page := range pages {
		m := readMetadataFrom(t, page, "https://shop.example/p/arizona")
		for _, a := range m.Authors {
			if a != "Carlos Escobar" {
				t.Errorf("%s: authors %q", name, m.Authors)
				break
			}
		}
	}
}

func TestThinkTankBylines(t *testing.T) {
	for _, tt := range []struct{ name, line, want string }{
		{"commas only", `<p class="byline">Marta Lindqvist, Senior Fellow, Tomasz Brenner, Research Associate</p>`, "Marta Lindqvist; Tomasz Brenner"},
		{"and before the second", `<div class="author">By <a href="/experts/marta-lindqvist">Marta Lindqvist</a>, Senior Fellow, and <a href="/experts/tomasz-brenner">Tomasz Brenner</a>, Research Associate</div>`, "Marta Lindqvist; Tomasz Brenner"},
		{"title set below the name", `<div class="byline"><a href="/experts/marta-lindqvist/">Marta Lindqvist</a> <span class="title">Senior Fellow - Foreign Policy</span></div>`, "Marta Lindqvist"},
		{"programme after the title", `<div class="byline">Marta Lindqvist | Director, Africa Program</div>`, "Marta Lindqvist"},
		{"counter in the byline's place", `<span class="author-meta">Views: 1</span>`, ""},
	} {
		page := `<html><head><title>Grain corridors after the drought | Policy Review</title></head><body><article><h1>Grain corridors after the drought</h1>` + tt.line +
			`<p>Three harbours carried most of the region's grain exports last year, and two of them now run below half of their capacity.</p></article></body></html>`
		m := readMetadataFrom(t, page, "https://policy.example/analysis/grain-corridors")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTopicFilterLinkInBylineIsNoAuthor(t *testing.T) {
	page := `<html><head><title>Paid leave policies that work</title></head><body><article><h1>Paid leave policies that work</h1>
<div class="post-topic"><a href="/resources/blog/?content_topic=906" id="author-modal">HR Strategy</a></div>
<p>Most firms now grant paid leave as one pool of days, not separate sick and vacation days, and let staff carry some over.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://payroll.example/resources/blog/paid-leave/")
	if len(m.Authors) > 0 {
		t.Errorf("authors %q, want none", m.Authors)
	}
}

func TestBlogSignedWithItsNameKeepsTheNameWhole(t *testing.T) {
	page := `<html><head><title>Three models that could pay artists back — Hands on the Wheel</title>
<meta property="og:site_name" content="Hands on the Wheel"><meta name="author" content="Hands on the Wheel"></head>
<body><header><h1 id="blog-title"><a rel="author" href="/" class="h-card p-author">Hands on the Wheel</a></h1></header>
<article><h2>Three models that could pay artists back</h2><p>When three novelists sued over the use of their books to train a model, they joined a long line of artists asking to be paid.</p></article></body></html>`
	m := readMetadataFrom(t, page, "https://handsonthewheel.example/three-models")
	if got := strings.Join(m.Authors, "; "); got != "Hands on the Wheel" {
		t.Errorf("authors %q, want the blog's name whole", got)
	}
}

func TestStorySignsOffWithItsAuthor(t *testing.T) {
	story := `<p>Der Titelverteidiger verlor das Halbfinale in der Verlängerung und verpasst damit das Endspiel in Schweden, das am ersten März ausgetragen wird.</p>
<p>Die Mannschaft reist am Donnerstag zurück und bestreitet am Wochenende bereits das nächste Ligaspiel gegen den Tabellenführer aus dem Norden.</p>`
	for _, tt := range []struct{ name, tail, want string }{
		{"sign-off in bold italics", `<p><b><i>Henrike Stoltenau</i></b></p>`, "Henrike Stoltenau"},
		{"sign-off after a book's details", `<p><strong>Das Jahr 1619</strong><br>Blessing, 816 Seiten</p> <p class="clearfix"> <strong>Henrike Stoltenau</strong> </p>`, "Henrike Stoltenau"},
		{"heading over a list", `<p><strong>Unsere Partner</strong></p><ul><li>Brauerei Lindenhof</li><li>Kaffeerösterei Auental</li></ul>`, ""},
		{"name inside a sentence", `<p>Fotos von <b>Henrike Stoltenau</b></p>`, ""},
	} {
		page := `<html><head><title>Aus im Halbfinale</title></head><body><article><h1>Aus im Halbfinale</h1>` + story + tt.tail +
			`</article><footer><p>© Hockeyblatt</p></footer></body></html>`
		m := readMetadataFrom(t, page, "https://hockeyblatt.example/artikel/aus-im-halbfinale")
		if got := strings.Join(m.Authors, "; "); got != tt.want {
			t.Errorf("%s: authors %q, want %q", tt.name, got, tt.want)
		}
	}
}
