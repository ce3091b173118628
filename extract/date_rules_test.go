package extract

import (
	"strings"
	"testing"
)

func TestFindShownDate(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"written date beats a hidden timestamp", "Jane Doe 2022-12-07T10:10:52+01:00 25. Dezember 2022|", "2022-12-25"},
		{"timestamp alone", "2022-12-07T10:10:52+01:00", "2022-12-07"},
		{"plain iso date is written", "Jane Doe 2022-12-07 · 25. Dezember 2022", "2022-12-07"},
		{"no timestamp", "By Jane Doe, March 5, 2024", "2024-03-05"},
		{"none", "By Jane Doe", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findShownDate(tt.in, true); got != tt.want {
				t.Errorf("findShownDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWithoutTitle(t *testing.T) {
	tests := []struct{ text, title, want string }{
		{"Results, 19.5.2007 by Jane | 20 May 2007", "Results, 19.5.2007", " |  by Jane | 20 May 2007"},
		{"by Jane | 20 May 2007", "Results, 19.5.2007", "by Jane | 20 May 2007"},
		{"by Jane", "", "by Jane"},
	}
	for _, tt := range tests {
		if got := withoutTitle(tt.text, tt.title); got != tt.want {
			t.Errorf("withoutTitle(%q, %q) = %q, want %q", tt.text, tt.title, got, tt.want)
		}
	}
}

// TestPublishedDateRules checks each visible-date rule on a whole page.
func TestPublishedDateRules(t *testing.T) {
	long := " Die Preise steigen weiter, und die Verbraucher müssen sich auf neue Abschläge einstellen, sagt der Verband."
	tests := []struct{ name, page, want string }{
		{"dateline date equal to the headline's is the dateline's",
			`<html lang="de"><body><h1>Bericht zur Lage vom 22.04.2020</h1>
<div class="meta">Jane Doe / 22.04.2020 / 06:15</div>
<p>Ein langer Absatz über die Lage.</p><p>Stand 15.04.2020</p></body></html>`, "2020-04-22"},
		{"headline inside a dateline is not read as its date",
			`<html lang="en"><body><div class="post-meta"><h2 class="entry-title">Results, 19.5.2007</h2>
<p>by Jane Doe | 20 May 2007 | Results</p></div><p>Text of the results.</p></body></html>`, "2007-05-20"},
		{"headline date alone stays weak",
			`<html lang="en"><body><h1>Results, 19.5.2007</h1><p>Text.</p><p class="date">20 May 2007</p></body></html>`, "2007-05-20"},
		{"hidden updated timestamp loses to the written date",
			`<html lang="de"><head><meta property="article:published_time" content="2022-12-25T11:00:02+00:00">
<meta property="article:modified_time" content="2022-12-07T09:10:52+00:00"></head><body>
<h1>Erfinderinnen und ihre Forschung</h1><div class="post-meta">Jane Doe <span class="updated">2022-12-07T10:10:52+01:00</span> <span>25. Dezember 2022</span></div>
<p>Der Text.</p></body></html>`, "2022-12-25"},
		{"bare date text without a title anchor",
			`<html><head><title>Word Of The Week --wistful</title></head><body><div>Apr 7, 2009</div>
<p>This week's theme</p><p>wistful: full of yearning.</p><p>Quoted in Harbour Gazette; Mar 20, 2005.</p></body></html>`, "2009-04-07"},
		{"bare date in chrome is no fallback",
			`<html><head><title>Word Of The Week --wistful</title></head><body><nav><span>Apr 7, 2009</span></nav>
<p>wistful: full of yearning.</p></body></html>`, ""},
		{"parenthesised dateline opening a paragraph",
			`<html lang="de"><head><title>Gaspreise</title></head><body><h6>Entlastungen auf einen Blick</h6>
<p>(21. November 2022)` + long + `</p></body></html>`, "2022-11-21"},
		{"date after an update label in its own element is the update",
			`<html lang="en"><head><meta property="article:published_time" content="2019-09-16T10:46:39+00:00">
<meta property="article:modified_time" content="2026-02-28T15:21:28+00:00"></head><body>
<h1>The best drip coffee makers</h1><ul><li><strong>Last Updated:</strong> <span>February 28, 2026</span></li></ul>
<p>We brewed a thousand pots.</p></body></html>`, "2019-09-16"},
		{"update label before a time element",
			`<html lang="en"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2017-04-03"}</script></head><body>
<h1>The best earbuds</h1><div>Updated <time datetime="2026-02-12T12:07:55-05:00">February 12, 2026</time></div>
<p>We tested five hundred pairs.</p></body></html>`, "2017-04-03"},
		{"unlabelled date by the title still beats the head's",
			`<html lang="en"><head><meta property="article:published_time" content="2019-09-16T10:46:39+00:00"></head><body>
<h1>The best drip coffee makers</h1><ul><li><strong>Posted:</strong> <span>September 15, 2019</span></li></ul>
<p>We brewed a thousand pots.</p></body></html>`, "2019-09-15"},
		{"a far dateline weeks off does not replace the head's date",
			`<html lang="en"><head><meta property="article:published_time" content="2020-03-16T17:01:51+05:30"></head><body>
<h1>Councillor arrested</h1><div class="author"><span><strong>Updated:</strong>March 16, 2020, 5:01 PM IST</span></div>
` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 30) + `<div class="date">Tuesday 25 February , 2020</div></body></html>`, "2020-03-16"},
		{"date labelled published by the title beats the head's and the update",
			`<html lang="en"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2025-08-21"}</script></head><body>
<h1>Top electrical contractors</h1><div class="info"><span>By Jane Doe, Editor</span><span>By Jane Doe,</span>
<span>Deputy editor, markets desk</span><span>Reading list</span><span>Published Apr 26, 2023</span> <span>Updated Aug 21, 2025</span></div>
<p>We ranked forty firms.</p></body></html>`, "2023-04-26"},
		{"labelled date in the article's details box",
			`<html lang="en"><body><main><h1>AI for clinicians</h1>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 20) +
				`<aside class="sidebar"><h3>Published</h3><p><time datetime="2024-08-30T12:00:00Z">August 30, 2024</time></p></aside></main></body></html>`, "2024-08-30"},
		{"labelled date far from the title is better than none",
			`<html lang="de"><body><h1>Die Wärmepumpe im Altbau</h1>` + strings.Repeat("<p>Ein Absatz über die Wärmepumpe.</p>\n", 60) +
				`<p>Veröffentlicht am: <span>·</span> <span>12.03.2021</span></p></body></html>`, "2021-03-12"},
		{"chrome's dates do not crowd out the article's",
			`<html lang="en"><body><nav>` + strings.Repeat("<span>Filter for X11/X9/T80</span>\n", 45) +
				`</nav><main><h1>How robot mapping works</h1><h5><span>2024-11-06</span></h5><p>Robots map rooms.</p></main></body></html>`, "2024-11-06"},
		{"update label split from its date by a comment",
			`<html lang="en"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2024-02-27T00:00:00Z"}</script></head><body>
<h1>Vacation packages to book</h1><p>Updated<!-- -->: <!-- -->December 04, 2025</p>
<p>We planned a thousand trips.</p></body></html>`, "2024-02-27"},
		{"time element reading last updated is the update whatever its class",
			`<html lang="en"><head><meta property="article:published_time" content="2023-10-02T14:21:11+00:00"></head><body>
<h1>What is a mobile app?</h1><div>By Jane Doe</div><time class="entry-date published" datetime="2024-12-06T11:29:12+00:00"><span>Last Updated:</span> December 6, 2024</time>
<p>An app runs on a phone.</p></body></html>`, "2023-10-02"},
		{"time text shows the publisher's day of a UTC timestamp",
			`<html lang="en"><body><h1>A winter's walk</h1><span><time datetime="2026-02-24T04:13:00Z">February 23, 2026</time></span>
<p>We walked a long way.</p></body></html>`, "2026-02-23"},
		{"time text a week off its UTC timestamp is not a time zone",
			`<html lang="en"><body><h1>A winter's walk</h1><span><time datetime="2026-02-24T04:13:00Z">February 17, 2026</time></span>
<p>We walked a long way.</p></body></html>`, "2026-02-24"},
		{"dateline repeating the update's day when the publication is shown apart",
			`<html lang="en"><body><h1>Espresso machines under $500</h1><div class="entry-meta"><span class="posted-on">
<time class="updated" datetime="2025-05-21T14:06:47+00:00">May 21, 2025</time> <time class="entry-date published" datetime="2025-04-24T16:12:49+00:00">April 24, 2025</time></span>
<span class="byline">by Jane Doe</span></div><p>We pulled a thousand shots.</p></body></html>`, "2025-04-24"},
		{"an updated time shown alone still dates the page",
			`<html lang="de"><head><meta property="article:published_time" content="2023-11-03T10:25:56+00:00"></head><body>
<h1>Die Werbung polarisiert</h1><div class="entry-meta"><time class="updated" datetime="2023-11-06T15:25:00+01:00">6. November 2023, 15:25 Uhr</time></div>
<p>Der Text.</p></body></html>`, "2023-11-06"},
		{"far publication label does not beat the head's date, even one that is only the last save",
			`<html lang="en"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2025-11-29T12:28:31-05:00","dateModified":"2025-11-29T12:28:31-05:00"}</script></head><body>
<h1>Free accounting tools</h1>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 60) +
				`<div class="article-body__published">Published <time pubdate datetime="2025-08-13">August 13, 2025</time></div></body></html>`, "2025-11-29"},
		{"far publication labels repeated in teasers do not",
			`<html lang="en"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2025-12-20","dateModified":"2025-12-20"}</script></head><body>
<h1>Pruning clematis</h1>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 60) +
				strings.Repeat(`<div class="teaser"><h3>Another story</h3><p>Published on May 02, 2024 07:44 PM IST</p></div>`, 3) + `</body></html>`, "2025-12-20"},
		{"with no publication date anywhere, the update by the title beats a teaser's date",
			`<html lang="en"><body><main><h1>Best online certificate programs</h1><div class="byline">By Jane Doe</div>
<div><span>Updated on <!-- --> <!-- -->October 21, 2025</span></div>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 60) +
				`<ul><li><a href="/a">Another ranking</a><span class="date">July 17, 2025</span></li></ul></main></body></html>`, "2025-10-21"},
		{"a note that the post was originally published dates it before the byline's update",
			`<html lang="en"><body><h1>Living in a tiny home</h1><div class="byline">Jane Doe <span>30 Sep 2022, 11:07am</span></div>
<p>A paragraph of the story.</p><p><em>This article was originally published on 26 Sep 2019 at 4:12pm but has been updated since.</em></p>
<p>Another paragraph.</p></body></html>`, "2019-09-26"},
		{"a sentence on an earlier edition gives way to the page's own label",
			`<html lang="en"><body><h1>Guide to journal indexing</h1>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 60) +
				`<p>This post was originally published on the 21st of June 2017 and updated since.</p><p>Posted on April 13, 2023</p></body></html>`, "2023-04-13"},
		{"a date shown beside the update's label beats the update",
			`<html lang="en"><body><div class="meta"><span class="dateline">DECEMBER 22, 2022</span><span class="dateline">Updated: JANUARY 02, 2026</span></div>
<h1>Ten ways meditation helps</h1><p>A paragraph of the story.</p></body></html>`, "2022-12-22"},
		{"a text labelled as the update alone still dates the page",
			`<html lang="en"><body><h1>Ten ways meditation helps</h1><div class="meta"><span>Jane Doe</span> <span>Updated: JANUARY 02, 2026</span></div>
<p>A paragraph of the story.</p></body></html>`, "2026-01-02"},
		{"an earlier date some way below the title is a related item's",
			`<html lang="de"><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-05-23T15:30:00Z"}</script></head><body>
<h1>Werbung auf Instagram</h1><p>Von Jane Doe</p><p>Ein Absatz.</p><p>Noch ein Absatz.</p><p>Und noch einer.</p><p>Ein vierter.</p><p>Ein fünfter.</p>
<p>Ein sechster.</p><p>Ein siebter.</p><p>Ein achter.</p><p>Ein neunter.</p><p>Ein zehnter.</p><p>Ein elfter.</p>
<div><a href="/b">Ein anderer Artikel</a> <time datetime="2018-03-27T07:08:52+00:00">27. März 2018</time></div></body></html>`, "2018-05-23"},
		{"a reader's comment by a short post's title does not date it",
			`<html lang="en"><body><main id="main"><article class="post"><h1 class="entry-title">Our new shop</h1>
<div class="entry-content"><p>We moved down the road.</p></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">One thought on “Our new shop”</h2><ol class="comment-list">
<li id="comment-2" class="comment even depth-1"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Mary Major</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-2"><time datetime="2021-03-09T10:00:00+00:00">March 9, 2021 at 10:00 am</time></a></div></footer>
<div class="comment-content"><p>Posted on March 9, 2021: lovely.</p><p>Edited March 10, 2021</p></div></li></ol></div></main></body></html>`, ""},
		{"an opinion piece classed comment is no readers' comment",
			`<html lang="en"><body class="comment"><main><article class="comment"><h1>Why the shop moved</h1>
<div class="meta"><time datetime="2021-03-03T09:00:00+00:00">March 3, 2021</time></div><p>We moved down the road.</p></article></main></body></html>`, "2021-03-03"},
		{"a short post's own date beside its comments",
			`<html lang="en"><body><main id="main"><article class="post"><h1 class="entry-title">Our new shop</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="2021-03-03T09:00:00+00:00">March 3, 2021</time></span>
<span class="comments-link"><a href="#comments">1 Comment</a></span></div>
<div class="entry-content"><p>We moved down the road.</p></div></article>
<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment"><time datetime="2021-03-09T10:00:00+00:00">March 9, 2021</time>
<p>Lovely.</p></li></ol></div></main></body></html>`, "2021-03-03"},
		{"the publication labelled after the update in one line",
			`<html lang="en"><head><meta property="article:modified_time" content="2022-05-05T10:00:00+00:00"></head><body>
<h1>Our new shop</h1><p class="byline">By Jane Doe</p><p class="dates">Updated: May 5, 2022 · Published: March 3, 2021</p>
<p>We moved down the road.</p></body></html>`, "2021-03-03"},
		{"the same in German, with a republished note that is no label",
			`<html lang="de"><body><h1>Unser neuer Laden</h1><div class="meta">Aktualisiert 05.05.2022, wiederveröffentlicht 04.04.2022, veröffentlicht 03.03.2021</div>
<p>Wir sind umgezogen.</p></body></html>`, "2021-03-03"},
		{"an hAtom abbr's title dates a post whose text shows only the hour",
			`<html lang="en"><body><div class="post hentry"><h3 class="post-title entry-title">Our new shop</h3>
<div class="post-body entry-content"><p>We moved down the road.</p></div>
<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">Jane</span></span> <span class="post-timestamp">at
<a class="timestamp-link" href="/2021/03/shop.html"><abbr class="published" title="2021-03-03T10:00:00-08:00">10:00 AM</abbr></a></span></div></div></body></html>`, "2021-03-03"},
		{"an abbr's title that is no hAtom date is a tooltip",
			`<html lang="en"><body><h1>Our new shop</h1><p>Open <abbr title="2021-03-03T10:00:00-08:00">10:00 AM</abbr> daily.</p></body></html>`, ""},
		{"a <time> whose datetime is a Unix time dates the page",
			`<html lang="en"><body><h1>Our new shop</h1><div class="byline">Jane Doe <time datetime="1614794400">2 days ago</time></div>
<p>We moved down the road.</p></body></html>`, "2021-03-03"},
		{"a date meta tag in Unix milliseconds",
			`<html lang="en"><head><meta name="pubdate" content="1614794400000"></head><body><h1>Our new shop</h1>
<p>We moved down the road.</p></body></html>`, "2021-03-03"},
		{"parenthesised number is no dateline",
			`<html lang="de"><head><title>Gaspreise</title></head><body><h6>Entlastungen auf einen Blick</h6>
<p>(2) Das Gesetz` + long + `</p></body></html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := readMetadataFrom(t, tt.page, "https://a.example/story")
			if m.Published[:min(len(m.Published), 10)] != tt.want {
				t.Errorf("published %q (%s), want %q", m.Published, m.DateSource, tt.want)
			}
		})
	}
}

// TestMidnightIsACalendarDate: a date-only value that a CMS writes as
// midnight in a zone (Hugo's front matter "date: 2025-03-14" becomes
// 2025-03-14T00:00:00+00:00 in its meta and JSON-LD; Ghost and many
// themes write Z) is the day the page shows, not an instant that falls on
// 13 March west of Greenwich; a real time stays an instant.
func TestMidnightIsACalendarDate(t *testing.T) {
	page := func(head, shown string) string {
		return `<html lang="en-GB"><head><title>Public debt after the pandemic</title>` + head + `</head><body><main><article class="post">` +
			`<h1 class="post-title">Public debt after the pandemic</h1><div class="post-meta"><span class="author">Amina Diallo</span> · ` + shown + `</div>` +
			`<div class="post-content"><p>Public debt has risen in every large economy since the pandemic.</p></div></article></main></body></html>`
	}
	hugoMeta := `<meta property="article:published_time" content="2025-03-14T00:00:00+00:00"><meta property="article:modified_time" content="2025-03-14T00:00:00+00:00">`
	ghostLD := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Public debt after the pandemic","datePublished":"2025-03-14T00:00:00.000Z","dateModified":"2025-03-16T00:00:00.000Z"}</script>`
	tests := []struct{ name, page, want, wantModified string }{
		{"Hugo's meta, the day in words", page(hugoMeta, `14 March 2025`), "2025-03-14", "2025-03-14"},
		{"Hugo's meta and a time element", page(hugoMeta, `<time datetime="2025-03-14T00:00:00+00:00">14 March 2025</time>`), "2025-03-14", "2025-03-14"},
		{"JSON-LD in Z", page(ghostLD, `<time datetime="2025-03-14">14 Mar 2025</time>`), "2025-03-14", "2025-03-16"},
		{"a real time stays an instant", page(`<meta property="article:published_time" content="2025-03-14T09:30:00+00:00">`, `14 March 2025`), "2025-03-14T09:30:00+00:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := readMetadataFrom(t, tt.page, "https://fiscalfutures.example/posts/public-debt/")
			if m.Published != tt.want || m.Modified != tt.wantModified {
				t.Errorf("published %q (%s), modified %q; want %q, %q", m.Published, m.DateSource, m.Modified, tt.want, tt.wantModified)
			}
		})
	}
}

// TestURLSettlesDayMonth: an ambiguous numeric date that reads as the
// URL's day the other way round takes the URL's order.
func TestURLSettlesDayMonth(t *testing.T) {
	page := `<html lang="en"><body><h1>How many wine styles are there?</h1>
<div class="blog-date">03/10/2023</div><p>Many.</p></body></html>`
	for _, tt := range []struct{ url, want string }{
		{"https://a.example/blog/2023/october/03/wine-styles/", "2023-10-03"},
		{"https://a.example/blog/2023/10/03/wine-styles/", "2023-10-03"},
		{"https://a.example/blog/wine-styles/", "2023-03-10"}, // en: month first
		{"https://a.example/blog/2023/11/20/wine-styles/", "2023-03-10"},
	} {
		if m := readMetadataFrom(t, page, tt.url); m.Published[:min(len(m.Published), 10)] != tt.want {
			t.Errorf("%s: published %q (%s), want %q", tt.url, m.Published, m.DateSource, tt.want)
		}
	}
}

// TestUpdateAndPublicationLabelsInOtherLanguages: an update label in
// Italian, Portuguese, Dutch, Nordic, Polish, Czech, Russian, Turkish,
// French, Romanian, Hungarian, Finnish, Greek, Ukrainian, Croatian,
// Indonesian, Japanese, Chinese, Korean, Arabic or Hebrew marks the shown
// date as the update, and a publication label there marks the publication.
func TestUpdateAndPublicationLabelsInOtherLanguages(t *testing.T) {
	for _, tt := range []struct{ lang, upd, pub string }{
		{"it", "Aggiornato il", "Pubblicato il"},
		{"pt", "Atualizado em", "Publicado em"},
		{"nl", "Bijgewerkt op", "Gepubliceerd op"},
		{"sv", "Uppdaterad", "Publicerad"},
		{"da", "Opdateret", "Publiceret"},
		{"no", "Oppdatert", "Publisert"},
		{"pl", "Zaktualizowano", "Opublikowano"},
		{"cs", "Aktualizováno", "Publikováno"},
		{"ru", "Обновлено", "Опубликовано"},
		{"tr", "Güncellendi", "Yayınlanma tarihi"},
		{"fr", "Mise à jour le", "Publié le"},
		{"nl", "Gewijzigd op", "Geplaatst op"},
		{"ro", "Actualizat", "Publicat"},
		{"hu", "Frissítve", "Közzétéve"},
		{"fi", "Päivitetty", "Julkaistu"},
		{"el", "Ενημερώθηκε", "Δημοσιεύθηκε"},
		{"uk", "Оновлено", "Опубліковано"},
		{"hr", "Ažurirano", "Objavljeno"},
		{"id", "Diperbarui", "Diterbitkan"},
		{"ja", "更新日", "公開日"},
		{"zh", "更新时间", "发布时间"},
		{"ko", "수정", "입력"},
		{"ar", "تحديث", "تاريخ النشر"},
		{"he", "עודכן", "פורסם"},
	} {
		// The update shown by the title gives way to the head's date.
		page := `<html lang="` + tt.lang + `"><head><meta property="article:published_time" content="2021-04-02T08:00:00+00:00"></head><body>
<h1>A report from the coast</h1><p><span>` + tt.upd + `:</span> <span>12.03.2024</span></p><p>The boats came in early.</p></body></html>`
		if m := readMetadataFrom(t, page, "https://a.example/story"); !strings.HasPrefix(m.Published, "2021-04-02") {
			t.Errorf("%s update label: published %q (%s), want the head's 2021-04-02", tt.lang, m.Published, m.DateSource)
		}
		// A labelled publication by the title beats the head's date,
		// which may be the last save.
		page = `<html lang="` + tt.lang + `"><head><script type="application/ld+json">{"@type":"Article","datePublished":"2025-11-29T12:28:31-05:00","dateModified":"2025-11-29T12:28:31-05:00"}</script></head>
<body><h1>A report from the coast</h1><p><span>` + tt.pub + `:</span> <span>12.03.2021</span></p>` + strings.Repeat("<p>A paragraph of the story goes on here.</p>\n", 60) + `</body></html>`
		if m := readMetadataFrom(t, page, "https://a.example/story"); !strings.HasPrefix(m.Published, "2021-03-12") {
			t.Errorf("%s publication label: published %q (%s), want 2021-03-12", tt.lang, m.Published, m.DateSource)
		}
	}
}
