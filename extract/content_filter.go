package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Chrome recognised by its words, for sites whose markup says nothing.
// Each is matched against one short block (never per node), so regexps are
// affordable here. EN/FR/DE/ES/AR.
var (
	// Whole-block chrome: the block is nothing but this.
	reChromeBlock = lazySplitFirstByte(`^(` +
		`advertisement|advertising|sponsored( content)?|anzeige|werbung|publicité|publicidad|إعلان|` +
		`share( this( article| story| post)?)?|share on \w+|partager|teilen|compartir|شارك|مشاركة|` +
		`tweet|print|email|e-mail|imprimer|drucken|` +
		`read more|lire la suite|weiterlesen|leer más|اقرأ المزيد|` +
		`(leave|post) a (comment|reply)|comments?|laisser un commentaire|kommentare?|comentarios|التعليقات|` +
		`related( articles| posts| stories| content)?|you (may|might) also like|recommended( for you)?|` +
		`à lire aussi|lire aussi|voir aussi|lesen sie auch|auch interessant|mehr zum thema|lea también|te puede interesar|اقرأ أيضا|اقرأ أيضاً|` +
		`(sign up|subscribe)( now| today)?|newsletter|abonnez-vous|newsletter abonnieren|suscríbete|اشترك|` +
		`follow us( on \w+)?|suivez-nous|folgen sie uns|síguenos|تابعونا|` +
		`tags?|topics|mots-clés|schlagwörter|etiquetas|الوسوم|` +
		`back to top|retour en haut|nach oben|` +
		`(table of )?contents|table of content|top of page|bottom of page|[\d.,]+k? views|on this page|in this (article|post)|jump to( section)?|inhaltsverzeichnis|inhalt|sommaire|table des matières|(tabla de )?contenidos|índice|` +
		`photo|image|foto|bild|pdf|` +
		`loading(\.*|…)|loading \pL+(\.+|…)|chargement(\.*|…)|` +
		`skip to (main )?content|don'?t miss|more|advert|iklan|` +
		`отзывы|добавить (отзыв|комментарий)|комментарии|поделиться|читайте (также|еще|ещё)|самые популярные.{0,30}|похожие (статьи|записи)` +
		`)\s*:?\s*$`)

	// Prefix chrome: short blocks starting like this.
	reChromePrefix = lazySplitFirstByte(`^(` +
		`(post )?views?\s*:?\s*\d|\(?visited \d+ times?|` +
		`written by .{0,60}\d{1,2}:\d{2}|` +
		`(click here (for|to)|download) (a |the )?(printable |full )?(pdf|print)|printable (pdf|version)|télécharger (le )?pdf|pdf herunterladen|descargar pdf|تحميل (ملف )?pdf|` +
		`more on\s*:|related\s*:|related (articles|posts|stories|topics)\s*:|topics?\s*:|tags?\s*:|filed under\s*:|categories\s*:|` +
		`read (more|also|next)\s*:|see also\s*:|lire aussi\s*:|à lire aussi\s*:|voir aussi\s*:|lesen sie (auch|mehr)\s*:|mehr zum thema\s*:|lea (también|además|más)\s*:|lee también\s*:|leia também\s*:|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|` +
		`(sign up|subscribe) (for|to) (our|the) .{0,40}newsletter|get (our|the) .{0,30}newsletter|` +
		`we use cookies|this (web)?site uses cookies|by (using|continuing)[^.]{0,40}(cookies|site)|nous utilisons des cookies|ce site utilise des cookies|wir verwenden cookies|diese (web)?seite verwendet cookies|utilizamos cookies|` +
		`(©|\(c\))|copyright\s*(:|©|\(c\)|by\b|the\b|$)|copyright\b.{0,60}\b(19|20)\d\d\b|all rights reserved|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|جميع الحقوق محفوظة|` +
		`about the authors?\b|à propos de l'auteur|über (den|die) autor|sobre el autor|عن الكاتب|نبذة عن الكاتب|` +
		`share (this (article|story|post|page)\b|on \w+\s*$|on (facebook|twitter|x|linkedin|whatsapp|email|bluesky)\b)|follow us on\b|` +
		`(photo|image|picture|foto|bild|crédit photo|photo credit|credit|credits|source photo|featured image|beitragsbild|titelbild|symbolbild|aufmacherbild)\s*:|` +
		`\d+ (comments?|kommentare?|commentaires?|comentarios?)\b|` +
		`source\s*:.{0,50}$|quelle\s*:.{0,50}$|fuente\s*:.{0,50}$|posted (on|in|by)\b.{0,60}$|submitted by\b.{0,80}$|` +
		`\(?visité \d+ fois|\(?\d+ (mal|x) besucht|\(?visitado \d+ veces|` +
		`cliquez (ici )?pour (la version|télécharger|imprimer)|version (pdf|imprimable)|druckversion|pdf-version|versión (pdf|imprimible)|` +
		`\d+ (reads|views|visits|lectures|vues|aufrufe|lecturas)$|` +
		`(le |te |también te |también le )?pueden? interesar|das (thema|könnte) (könnte )?(dich|sie) auch interessieren|das könnte (dich|sie) auch interessieren|` +
		`verwandte (artikel|beiträge|themen)|ähnliche (artikel|beiträge)|weitere (artikel|beiträge|nachrichten|meldungen|tourentipps)|mehr themen|artículos relacionados|noticias relacionadas|articles? (liés|similaires|connexes)|sur le même sujet|dans la même rubrique|` +
		`kommentar (verfassen|schreiben)|schreibe einen kommentar|comments are closed|kommentare sind geschlossen|les commentaires sont fermés|` +
		`(war|ist) (der|dieser) artikel (nützlich|hilfreich)|(möchten sie|jetzt) (den|diesen) artikel teilen|(hier können sie )?(den|diesen) artikel bewerten|was this (article|page) helpful|` +
		`(zum|unser(em)?) newsletter|mit unserem newsletter|newsletter (anmelden|bestellen)|inscrivez-vous à (notre|la) newsletter|suscr[ií]bete a (nuestro|el) (boletín|newsletter)|` +
		`subscribe now|to (view|read) the full (story|article)|please subscribe|already a subscriber|(you are|sie sind) (aktuell )?nicht (eingeloggt|angemeldet)|` +
		`\d+ min(ute)?s? read|lesezeit|temps de lecture|` +
		`(aktualisiert|updated|mis à jour|actualizado|veröffentlicht|published|publié|publicado)( am| on| le| el)?\s*:|` +
		`-? ?anzeige ?-|` +
		`cr[ée]dits? photos?|bildnachweis|bildquelle|fotos?:|image source|` +
		`(news |artikel |beitrag )?teilen\s*:|be sociable|` +
		`follow .{0,40} on (twitter|facebook|instagram)|folgen sie .{0,40} auf|síguenos en|suivez-nous sur|` +
		`.{0,40}canal de (youtube|telegram|whatsapp)|únete a|hazte (miembro|socio)|` +
		`unterstütze |unterstützen sie|jede (kleine )?spende|jetzt spenden|support (our|us)\b|donate\b|faire un don|` +
		`release date\s*:|categor(y|ies|ía|ie|ien)\s*:|` +
		`(dieser eintrag|der beitrag|dieser beitrag) wurde\b.{0,80}veröffentlicht|this entry was posted|posted in\b|` +
		`permalink|permalien|quellen (ausblenden|anzeigen)|(lade|mehr) (weitere|laden)|load more|` +
		`download the .{0,40} app|laden sie (sich )?(die|unsere) .{0,20}app` +
		`)`)

	// reDateOnly is a block that is only a date or time.
	reDateOnly = lazyCompile(`^[\p{L}.,]{0,12}\s*\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{2,4}(\s*[-,|]?\s*\d{1,2}[:.h]\d{2}(\s*(uhr|am|pm|h))?)?$`)

	// reCaption is an image caption written as a plain paragraph: it ends
	// with (or is) a photo credit.
	reCaption = lazyCompile(`(\((photo|foto|image|picture|bild|crédit|credit|credits|photo credit|source|quelle|fuente)\s*:[^)]{0,100}\)|^(photo|foto|image|bild|crédit photo|photo credit)\s*:.{0,100})\s*\.?$`)

	// reNumberedCaption opens a caption the text refers to by its number
	// ("Figure 3.", "Table 2:"): part of a report's text, where a photo's
	// caption is not.
	reNumberedCaption = lazyCompile(`^(figure|fig\.?|table|chart|exhibit|graph|diagram|abbildung|abb\.|tabelle|grafik|figura|tabla|gráfico|tableau)\s*\d+[.:)]?(\s|$)`)

	// reLongChrome opens a long block that is still chrome.
	reLongChrome = lazySplitFirstByte(`^(about the authors?\b|à propos de l'auteur|über (den|die) autor|sobre el autor|عن الكاتب|نبذة عن الكاتب|©|copyright\b|\(c\) \d{4})`)

	// newsletterWords and signupWords together make a newsletter pitch.
	newsletterWords = []string{"newsletter", "inbox", "boletín", "lettre d'information", "infolettre", "e-mail updates", "email updates"}
	signupWords     = []string{"sign up", "signup", "subscribe", "abonn", "anmelden", "suscr", "inscri", "register", "delivered", "get the"}

	// reFileLink is a download row: "PDF | 38 KB".
	reFileLink = lazyCompile(`\b(pdf|docx?|xlsx?|pptx?|zip|epub)\b\s*[|(,–-]?\s*\d+([.,]\d+)?\s*(kb|mb|ko|mo|kib|mib)\b`)

	// reCategoryRow is a post's meta row naming its category.
	reCategoryRow = lazyCompile(`\bcategor(y|ies|ía|ie|ies)\s*:`)

	// creditHints are cheap tests before reCredit.
	creditHints = []string{"getty", "shutterstock", "istock", "imago", "dpa", "afp", "reuters", "ap", "keystone", "bestimage", "picture", "epa"}

	// reCredit is a short photo credit: agency names without a sentence.
	reCredit = lazyCompile(`(getty images|shutterstock|istock|imago|\bdpa\b|\bafp\b|reuters|ap photo|keystone|bestimage|picture alliance|picture-alliance|\bepa\b|/ ?ap\b)`)

	// reEndMarker starts the related/comment tail of a page.
	reEndMarker = lazySplitFirstByte(`^(related( articles?| posts?| stories| content| news| topics| reading| resources| links| guides| publications| blogs?)?( (and|that|you) .{0,40})?|recent (posts|articles|blogs?|stories)|other (posts|articles|stories)|also read|recommended (reading|posts|reads)|up next|next (article|post|story)|you (may|might) (also )?be interested in .{0,40}|discussion about this (post|article)|about the authors?|(written|posted) by|authors?|contributors?|über (den|die) autor(in)?|à propos de l'auteur|sobre el autor|more (from|on|stories|news|articles)\b.*|more .{0,30}\b(stories|articles|news|reads|coverage)|you (may|might) (also )?like|recommended( for you| articles| stories)?|read next|most (read|popular|viewed)|trending( now)?|popular( posts| articles)?|` +
		`comments?( \(\d+\))?|\d+ comments?|leave a (reply|comment)|join the discussion|` +
		`verwandte (artikel|beiträge|themen)|ähnliche (artikel|beiträge)|das könnte (dich|sie) (auch )?interessieren|mehr zum thema( .{0,40})?|weitere (aktuelle |interessante )?(artikel|beiträge|nachrichten|meldungen|themen)( .{0,40})?|meistgelesen|kommentare?( \(\d+\))?|schreibe einen kommentar|kommentar (verfassen|schreiben)|` +
		`à lire aussi|lire aussi|sur le même sujet|dans la même rubrique|articles? (liés|similaires|connexes)|commentaires?|laisser un commentaire|les plus lus|` +
		`(te|le) puede interesar|noticias relacionadas|artículos relacionados|más noticias|comentarios|lo más (leído|visto)|` +
		`اقرأ أيضا|اقرأ أيضاً|مقالات ذات صلة|أخبار ذات صلة|التعليقات|الأكثر قراءة)\s*:?$`)

	// reCookie is a consent banner's text.
	reCookie = lazyCompile(`\bcookies?\b.{0,200}\b(zustimmung|einwilligung|consent|accept|akzeptier|datenschutzerklärung|privacy policy|consentement|accepter|aceptar|consentimiento)`)

	// chromeAnywhere are phrases that mark a short block as chrome wherever
	// they occur (matched on lower-cased text, no regexp).
	chromeAnywhere = []string{"all rights reserved", "tous droits réservés", "alle rechte vorbehalten",
		"todos los derechos reservados", "جميع الحقوق محفوظة", "cookie policy", "cookie settings",
		"cookie preferences", "accept cookies", "accept all cookies", "javascript is disabled",
		"javascript disabled", "javascript is required", "enable javascript", "printable pdf",
		"download pdf", "visits today", "post views:", "in your inbox", "have a tip?",
		"sign up for our newsletter", "subscribe to our newsletter", "our newsletter",
		"notre newsletter", "unser newsletter", "nuestro boletín", "visites aujourd'hui",
		"besuche heute", "visitas hoy", "to post comments", "to leave a comment",
		"pour commenter", "um zu kommentieren", "click to share", "cliquez pour partager",
		"empfohlener redaktioneller inhalt", "externer inhalt", "inhalte von drittanbietern",
		"third-party content", "contenu externe", "contenido externo", "respektieren deine privatsphäre",
		"respektieren ihre privatsphäre", "already a subscriber", "subscribers also receive",
		"bereits abonnent", "déjà abonné", "ya eres suscriptor", "subscribe to continue reading",
		"to continue reading", "weiterlesen mit", "pour lire la suite",
		// Affiliate disclosures and reading-time lines.
		"earn a commission", "earn us a commission", "earn us a small commission",
		"receive a commission", "receive a small commission", "earn commissions", "earns commissions",
		"may be compensated", "purchases made through", "receive compensation", "earn commission",
		"advertising disclosure", "apps for ios and android", "download our app", "download the app", "min read", "min. read", "minute read",
		"reading time:", "estimated reading time"}
)

// The phrase lists above as phraseSets: one pass over a block each. Built
// at first use, not at every process start.
var (
	chromeAnywhereSet = lazyPhraseSet(chromeAnywhere...)
	newsletterWordSet = lazyPhraseSet(newsletterWords...)
	signupWordSet     = lazyPhraseSet(signupWords...)
	creditHintSet     = lazyPhraseSet(creditHints...)
)

// languageNames are the endonyms language switchers list.
var languageNames = map[string]bool{
	"english": true, "français": true, "francais": true, "deutsch": true, "español": true,
	"espanol": true, "العربية": true, "عربي": true, "русский": true, "中文": true,
	"português": true, "portugues": true, "italiano": true, "türkçe": true, "فارسی": true,
	"nederlands": true, "日本語": true, "한국어": true, "polski": true, "українська": true,
	"עברית": true, "bahasa": true, "indonesia": true, "kiswahili": true, "हिन्दी": true,
	"简体中文": true, "繁體中文": true, "svenska": true, "dansk": true, "norsk": true,
	"suomi": true, "ελληνικά": true, "română": true, "magyar": true, "čeština": true,
	"اردو": true, "en": true, "fr": true, "de": true, "es": true, "ar": true, "ru": true,
	"zh": true, "pt": true, "it": true,
}

// languageSwitcher reports whether a short block is just language names.
func languageSwitcher(t string) bool {
	if len(t) > 200 {
		return false
	}
	words, hits, full := 0, 0, 0
	eachField(t, func(r rune) bool {
		return unicode.IsSpace(r) || r == '|' || r == '/' || r == '·' || r == '•' || r == ','
	}, func(w string) {
		words++
		if n, ok := languageName(w); ok {
			hits++
			if n > 2 {
				full++
			}
		}
	})
	if words < 2 {
		return false
	}
	return hits == words && full >= 2 || hits >= 3 && hits*4 >= words*3
}

// languageName reports whether w, lower-cased, is one of languageNames,
// and its lower-cased length. A short ASCII word is lowered on the stack:
// most words of the blocks asked about are capitalised.
func languageName(w string) (int, bool) {
	var buf [16]byte
	if low, ok := lowerShortASCII(buf[:], w); ok {
		return len(w), languageNames[string(low)]
	}
	lw := strings.ToLower(w)
	return len(lw), languageNames[lw]
}

// socialRow reports whether a block is just the names of social networks.
func socialRow(t string) bool {
	if len(t) > 160 {
		return false
	}
	words, hits := 0, 0
	eachField(strings.ToLower(t), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+'
	}, func(w string) {
		words++
		if socialWords[w] {
			hits++
		}
	})
	if words == 0 {
		return false
	}
	return hits >= 2 && hits*3 >= words*2
}

// eachField calls f with each field of s as strings.FieldsFunc(s, sep)
// would return them, without building the slice.
func eachField(s string, sep func(rune) bool, f func(string)) {
	start := -1
	for i, r := range s {
		if sep(r) {
			if start >= 0 {
				f(s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

var socialWords = map[string]bool{"facebook": true, "twitter": true, "x": true, "linkedin": true,
	"whatsapp": true, "telegram": true, "email": true, "mail": true, "e": true, "print": true,
	"reddit": true, "pinterest": true, "instagram": true, "youtube": true, "tiktok": true,
	"share": true, "tweet": true, "copy": true, "link": true, "on": true, "flipboard": true,
	"pocket": true, "messenger": true, "sms": true, "rss": true, "google": true, "+": true,
	"bluesky": true, "mastodon": true, "threads": true, "vk": true, "xing": true,
	"partager": true, "teilen": true, "compartir": true, "imprimer": true, "drucken": true,
	"follow": true, "us": true, "wechat": true, "weibo": true, "line": true, "this": true,
	"article": true}

// isChromeText reports whether a block's text is page chrome. Regexps only
// see short blocks or a block's first bytes, keeping this linear and cheap.
func isChromeText(t string) bool {
	if len(t) > 1500 {
		return false
	}
	if len(t) > 400 && isASCII(t) && indexLowerASCII(t, "cookie") < 0 {
		// All the long-block path below reads of lt, without lowering all
		// of t (ASCII lowers byte for byte): no cookie banner, so the
		// opening words.
		return bodyRule("longchrome") && reLongChrome.MatchString(strings.ToLower(t[:60]))
	}
	lt := strings.ToLower(t)
	if strings.Contains(lt, "cookie") && bodyRule("cookie") && reCookie.MatchString(lt) {
		return true
	}
	if len(lt) <= 100 && bodyRule("chromeblock") && reChromeBlock.MatchString(lt) {
		return true
	}
	if len(lt) > 400 {
		// Long paragraphs are prose unless they open like a bio or notice.
		return bodyRule("longchrome") && reLongChrome.MatchString(lt[:60])
	}
	head := lt
	if len(head) > 120 {
		head = head[:120]
	}
	if bodyRule("chromeprefix") && reChromePrefix.MatchString(head) {
		return true
	}
	if len(lt) > 300 {
		return false
	}
	if bodyRule("dateline") && (len(lt) < 40 && reDateOnly.MatchString(lt) || len(lt) < 70 && dateLine(lt)) {
		return true
	}
	if len(lt) < 100 && !strings.ContainsAny(lt[len(lt)-1:], ".!?") && creditHintSet().any(lt) && bodyRule("photocredit") && photoCredit(lt) {
		return true
	}
	if len(lt) < 200 && (strings.Contains(lt, "kb") || strings.Contains(lt, "mb") || strings.Contains(lt, "ko")) && bodyRule("filelink") && reFileLink.MatchString(lt) {
		return true
	}
	if len(lt) < 100 && strings.Contains(lt, "categor") && bodyRule("categoryrow") && categoryRow(lt) {
		return true
	}
	if newsletterWordSet().any(lt) && signupWordSet().any(lt) && bodyRule("newsletter") && signupWord(lt) {
		return true // a newsletter pitch, in any wording
	}
	if len(lt) < 250 && bodyRule("chromeanywhere") && chromeAnywhereSet().any(lt) {
		return true
	}
	return bodyRule("languages") && languageSwitcher(t) || bodyRule("socialrow") && socialRow(t)
}

// signupWord reports whether lt holds one of signupWords as a word of its
// own (the English ones whole: "subscribe", not "subscribers" or
// "unsubscribe", which are words of an article about newsletters).
func signupWord(lt string) bool {
	for _, w := range signupWords {
		whole := w != "abonn" && w != "suscr" && w != "inscri" // stems
		for i := 0; i+len(w) <= len(lt); {
			j := strings.Index(lt[i:], w)
			if j < 0 {
				break
			}
			j += i
			end := j + len(w)
			if (j == 0 || !isAlpha(lt[j-1])) && (!whole || end == len(lt) || !isAlpha(lt[end])) {
				return true
			}
			i = j + 1
		}
	}
	return false
}

// photoCredit reports whether a short block is a photo credit: an agency's
// name in a short line, or in a credit's own shape ("Name/Reuters",
// "© AFP"), not a sentence that names the agency ("EPA-rated range",
// "software from Thomson Reuters").
func photoCredit(lt string) bool {
	loc := reCredit.FindStringIndex(lt)
	if loc == nil {
		return false
	}
	return loc[0] == 0 || len(lt) < 50 || strings.ContainsAny(lt, "/©|")
}

// categoryRow reports whether a short block is a post's meta row naming its
// category: the label comes within its first few words or after other
// meta ("News date: 04/21/2022 Category: X"), not at the end of a
// sentence ("fall into two categories:").
func categoryRow(lt string) bool {
	loc := reCategoryRow.FindStringIndex(lt)
	if loc == nil {
		return false
	}
	before := lt[:loc[0]]
	return len(strings.Fields(before)) <= 3 || strings.ContainsAny(before, "0123456789|·•/")
}

// fold normalises text for duplicate detection.
func foldBlock(s string) string {
	// One pass: lower-case, white space runs to one space, trimmed. ASCII
	// that stays as it is is copied a run at a time.
	var b strings.Builder // one allocation, no copy
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
				space = b.Len() > 0
				i++
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			if 'A' <= c && c <= 'Z' {
				b.WriteByte(c + 'a' - 'A')
				i++
				continue
			}
			j := i + 1
			for j < len(s) && keptASCII[s[j]] {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\u00a0' || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// keptASCII are the ASCII bytes foldBlock copies unchanged: not white
// space, not upper case.
var keptASCII = func() (k [256]bool) {
	for c := 0; c < 0x80; c++ {
		k[c] = !(c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || 'A' <= c && c <= 'Z')
	}
	return k
}()

// cleanBlocks drops chrome blocks, the repeated title and byline at the
// top, and any block repeating text already in the body (pull quotes).
func (x *extractor) cleanBlocks(blocks []block) []block {
	out := blocks[:0:0]
	keepCaps := x.opts.KeepCaptions
	chrome := make([]bool, len(blocks))
	var roundup map[string]bool
	if bodyRule("roundup") {
		roundup = roundupHosts(blocks)
	}
	for i, b := range blocks {
		chrome[i] = chromeBlock(b) && !(b.kind == bPara && roundup[b.offHost] && !isChromeText(b.text))
	}
	// A list item that is all link is part of the article when prose
	// follows its list ("Patches sent for review:" and the patches);
	// after the last paragraph it is a row of related links.
	prose := false
	// Endnotes the text points to stay, links and all.
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		if b.kind == bItem && !prose && linkOnly(b) && !b.note && bodyRule("trailinglinks") {
			chrome[i] = true
		}
		if b.kind == bPara && !chrome[i] && b.chars >= 100 && b.link*4 < b.chars {
			prose = true
		}
	}
	for i, b := range blocks {
		if b.caption && !keepCaps && !numberedCaption(b.text) && bodyRule("captions") {
			continue
		}
		if chrome[i] || !keepCaps && b.kind == bPara && len(b.text) < 400 && strings.IndexByte(b.text, ':') >= 0 && bodyRule("captions") && reCaption.MatchString(strings.ToLower(b.text)) {
			continue
		}
		if b.kind == bHeading && i+1 < len(blocks) && chrome[i+1] && bodyRule("chromeheading") &&
			(i+2 >= len(blocks) || blocks[i+2].kind == bHeading || chrome[i+2]) {
			// A heading over chrome only ("Related", "Get our weekly")
			// is chrome too.
			continue
		}
		out = append(out, b)
	}
	if bodyRule("cuttail") {
		out = cutTail(out)
	}
	if bodyRule("bio") {
		out = x.dropBio(out)
	}
	if bodyRule("titlebyline") {
		out = x.dropTitleByline(out)
	}
	if bodyRule("dedupe") {
		out = dedupe(out)
	}
	// Trailing headings with nothing under them are section chrome.
	for len(out) > 0 && out[len(out)-1].kind == bHeading && bodyRule("trailingheadings") {
		out = out[:len(out)-1]
	}
	return out
}

// roundupHosts are the sites of a roundup's entries: paragraphs that are
// each one link to another site, three or more sites each linked once (a
// "10 projects to make" post naming the blogs that made them). A row of
// shop buttons links to a few shops again and again, or says the same
// word each time ("Shop X", "Learn more"); the site's own teasers link to
// itself; a source is cited by its address.
func roundupHosts(blocks []block) map[string]bool {
	var cands []block
	first := map[string]int{}
	for _, b := range blocks {
		if b.kind != bPara || b.offHost == "" || !linkOnly(b) {
			continue
		}
		lt := strings.ToLower(b.text)
		if strings.Contains(lt, "http") || strings.Contains(lt, "www.") {
			continue // a source cited by its address
		}
		cands = append(cands, b)
		w, _, _ := strings.Cut(lt, " ")
		first[w]++
	}
	count := map[string]int{}
	for _, b := range cands {
		w, _, _ := strings.Cut(strings.ToLower(b.text), " ")
		if first[w] >= 3 {
			continue // "Shop X", "Learn more": a button's word
		}
		count[b.offHost]++
	}
	once := 0
	for _, n := range count {
		if n == 1 {
			once++
		}
	}
	if once < 3 || once*5 < len(count)*4 {
		return nil
	}
	hosts := make(map[string]bool, once)
	for h, n := range count {
		if n == 1 {
			hosts[h] = true
		}
	}
	return hosts
}

// numberedCaption reports whether a caption opens with its figure's or
// table's number.
func numberedCaption(t string) bool {
	return reNumberedCaption.MatchString(strings.ToLower(strings.TrimSpace(t)))
}

// chromeBlock reports whether a block is chrome by its words or by being
// nothing but a link.
func chromeBlock(b block) bool {
	if b.kind != bPre && b.kind != bTable && isChromeText(b.text) {
		return true
	}
	// Entirely a link: a promo or "related" teaser. (List items are
	// judged by where their list stands, in cleanBlocks.)
	return b.kind != bHeading && b.kind != bTable && b.kind != bItem && !b.term && linkOnly(b) && !emailAddress(b.text) && bodyRule("linkonly")
}

// emailAddress reports whether t is one e-mail address: a contact the text
// gives, not a teaser linking to another page.
func emailAddress(t string) bool {
	at := strings.IndexByte(t, '@')
	return at > 0 && strings.IndexByte(t[at:], '.') > 1 && !strings.ContainsAny(t, " \n")
}

// linkOnly reports whether a short block is (almost) all link text.
func linkOnly(b block) bool {
	return b.chars > 0 && b.link*10 >= b.chars*8 && b.chars < 300
}

// dropTitleByline removes the article title, and a byline naming the
// article's authors, from the first blocks.
func (x *extractor) dropTitleByline(bs []block) []block {
	var titles []string
	for _, t := range x.titles {
		if t = foldBlock(t); len(t) > 5 {
			titles = append(titles, t)
		}
	}
	var authors []string
	if x.art != nil {
		if t := foldBlock(x.art.Title); t != "" {
			titles = append(titles, t)
		}
		for _, a := range x.art.Authors {
			if a = foldBlock(a); a != "" {
				authors = append(authors, a)
			}
		}
	}
	out := bs[:0:0]
	for i, b := range bs {
		if i < 6 {
			f := foldBlock(b.text)
			if isTitle(f, b, titles) {
				continue
			}
			if len(f) < 120 && isBylineText(f, authors) {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// isTitle reports whether a top block repeats the page title, which may
// carry the site's name before or after it ("Water policy | Think Tank"):
// a heading that is the title less that part. (A heading that is some
// words from its middle, "Recommendations" of "Five recommendations for
// water policy", is a section of the article.)
func isTitle(f string, b block, titles []string) bool {
	for _, t := range titles {
		if f == t || b.kind == bHeading && len(f) > 10 && titlePart(t, f) {
			return true
		}
	}
	return false
}

// titlePart reports whether f opens or ends t, set off from the rest by
// a separator ("|", "-", "–", ":", "·"): a site's name, a section's. (Not
// by the end of a sentence or a joining "&": "How fast do they go? Top
// speeds" heads its section with the question.)
func titlePart(t, f string) bool {
	i := strings.Index(t, f)
	if i < 0 {
		return false
	}
	before, after := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(f):])
	if before == "" {
		r, _ := utf8.DecodeRuneInString(after)
		return after == "" || titleSeparator(r)
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return after == "" && titleSeparator(r)
}

// titleSeparator reports whether r sets a title off from a name beside it.
func titleSeparator(r rune) bool {
	return (unicode.IsPunct(r) || unicode.IsSymbol(r)) && !strings.ContainsRune(".?!,;…&+", r)
}

var reByline = lazyCompile(`(?i)^(by|par|von|por|di|بقلم|كتب)\s`)

func isBylineText(f string, authors []string) bool {
	if reByline.MatchString(f) && len(f) < 80 {
		return true
	}
	for _, a := range authors {
		if f == a || strings.HasPrefix(f, a) && len(f) < len(a)+40 {
			return true
		}
	}
	return false
}

// dedupe drops a block whose text is already in the body: the later of two
// equal blocks, and a block contained in a longer one (pull quotes). The
// containment scan has a byte budget so huge pages stay linear.
func dedupe(bs []block) []block {
	folded := make([]string, len(bs))
	exact := make(map[string]int, len(bs))
	var all strings.Builder
	size := 0
	for _, b := range bs {
		size += len(b.text) + 1
	}
	all.Grow(size)
	for i, b := range bs {
		folded[i] = foldBlock(b.text)
		exact[folded[i]]++
		all.WriteString(folded[i])
		all.WriteByte(0)
	}
	full := all.String()
	budget := 32 << 20
	seen := make(map[string]bool, len(bs))
	keep := make([]bool, len(bs))
	var quoted []int // blocks looked for inside longer ones
	var subs []string
	var limits []int
	for i, b := range bs {
		f := folded[i]
		// A short block said again is structure (a label or a row under
		// each item: "Pros", "Toxic to cats and dogs"), kept; a paragraph
		// said again is a duplicate (a second rendering of the text).
		if seen[f] && len(f) > 60 {
			continue
		}
		seen[f] = true
		keep[i] = true
		// Pull quotes are short; long paragraphs are not worth a scan.
		if len(f) >= 40 && (len(f) <= 300 || b.quote > 0 && len(f) <= 600) && b.kind != bHeading && budget >= len(full) {
			budget -= len(full)
			// A pull quote may end in "." where the body goes on with ",".
			quoted = append(quoted, i)
			subs = append(subs, strings.Trim(f, quotePunct))
			limits = append(limits, exact[f])
		}
	}
	for k, inside := range countsOver(full, subs, limits) {
		if inside {
			keep[quoted[k]] = false // inside a longer block
		}
	}
	out := bs[:0:0]
	for i, b := range bs {
		if keep[i] {
			out = append(out, b)
		}
	}
	return out
}

// countOver reports whether strings.Count(s, sub) > n, stopping at the
// first occurrence past n. sub is a short block (tens to hundreds of
// bytes) and s the whole text: the scan looks for sub's first 32 bytes,
// which strings.Index finds with SIMD where a longer pattern falls back to
// Rabin-Karp, and checks the rest where they match. After many false
// matches (repetitive text) it goes back to plain strings.Index, so the
// scan stays linear.
func countOver(s, sub string, n int) bool {
	if sub == "" {
		return strings.Count(s, sub) > n
	}
	head := sub
	if len(head) > 32 {
		head = head[:32]
	}
	c, misses := 0, 0
	for {
		i := 0
		if misses < 64 {
			i = strings.Index(s, head)
			if i >= 0 && !strings.HasPrefix(s[i:], sub) {
				misses++
				s = s[i+1:]
				continue
			}
		} else {
			i = strings.Index(s, sub)
		}
		if i < 0 {
			return false
		}
		if c++; c > n {
			return true
		}
		s = s[i+len(sub):]
	}
}

// quotePunct is trimmed from pull quotes before looking for them in the body.
const quotePunct = " .,;:!?\"'“”„«»‘’‹›…-–—"

func blocksTextLen(bs []block) int {
	n := 0
	for _, b := range bs {
		n += b.chars
	}
	return n
}

// cutTail drops everything from a "Related articles"/"Comments" marker on,
// when the marker comes after most of the body: what follows is the tail of
// the page, not the article.
func cutTail(bs []block) []block {
	total := blocksTextLen(bs)
	seen := 0
	for i, b := range bs {
		if seen*2 >= total && len(b.text) < 80 && (b.kind == bHeading || b.kind == bPara) && !fullSentence(b.text) && reEndMarker.MatchString(strings.ToLower(strings.TrimSpace(b.text))) &&
			!(b.kind == bHeading && proseUnder(bs[i+1:])) {
			return bs[:i]
		}
		seen += b.chars
	}
	return bs
}

// proseUnder reports whether the blocks after a heading, up to the next
// heading, open with paragraphs of prose: a section of the article ("More
// on the method", "Contributors" and what they did), not the start of a
// page's tail of links and teasers.
func proseUnder(bs []block) bool {
	n := 0
	for _, b := range bs {
		if b.kind == bHeading {
			break
		}
		if b.kind != bPara || b.chars < 120 || b.link*10 > b.chars {
			return false
		}
		if n++; n == 2 {
			return true
		}
	}
	return false
}

// fullSentence reports whether t reads as a sentence of the text, not a
// label: five words or more ending in a full stop ("More on that in a
// follow-up post.", where "More on Climate" heads the related links).
func fullSentence(t string) bool {
	t = strings.TrimSpace(t)
	return strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "...") && len(strings.Fields(t)) >= 5
}

// dateWords are month and weekday names and the small words of written
// dates, in the languages we meet.
var dateWords = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
		janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche
		januar februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch donnerstag freitag samstag sonntag
		enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes miércoles jueves viernes sábado domingo
		janeiro fevereiro março maio junho julho setembro outubro novembro dezembro segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo
		de del às a à at on le am um of the et um uhr h pm am gmt utc cet cest est edt pst last published updated posted veröffentlicht aktualisiert publié publicado`) {
		words[w] = true
	}
	return words
})

// dateLine reports whether a short block is only a written date and time
// ("segunda-feira, 22 de janeiro de 2018 às 0:13", "November 18, 2019").
func dateLine(lt string) bool {
	words := strings.FieldsFunc(lt, func(r rune) bool {
		return r == ' ' || r == ',' || r == '|' || r == '/' || r == '(' || r == ')' || r == '–' || r == '—'
	})
	if len(words) < 2 {
		return false
	}
	year, names, labels := false, 0, 0
	for _, w := range words {
		if strings.HasSuffix(w, ":") && len(w) < 16 {
			labels++ // "Publiziert:", "Date:"
			continue
		}
		w = strings.TrimRight(w, ".:")
		if w == "" {
			continue
		}
		if n := len(w); n > 2 && w[0] >= '0' && w[0] <= '9' {
			switch w[n-2:] {
			case "st", "nd", "rd", "th":
				w = w[:n-2] // "16th"
			}
		}
		if n := len(w); n > 4 && (strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm")) && strings.IndexByte(w, ':') > 0 {
			w = w[:n-2] // "10:39am"
		}
		if isDigitsColon(w) {
			if hasYear(w) {
				year = true
			}
			continue
		}
		if !dateWords()[w] {
			return false
		}
		names++
	}
	return year && (names > 0 || labels > 0)
}

func isDigitsColon(w string) bool {
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != ':' && w[i] != '.' && w[i] != 'h' {
			return false
		}
	}
	return true
}

// hasYear reports whether w has a run of exactly four digits starting 19 or 20.
func hasYear(w string) bool {
	run := 0
	for i := 0; i <= len(w); i++ {
		if i < len(w) && w[i] >= '0' && w[i] <= '9' {
			run++
			continue
		}
		if run == 4 && (w[i-4:i-2] == "19" || w[i-4:i-2] == "20") {
			return true
		}
		run = 0
	}
	return false
}

// reBio opens an author bio: a name, then "is a senior fellow at ...".
var reBio = lazyCompile(`^(\p{Lu}[\p{L}.'’-]+ ){1,4}(is|was|est|ist|es|هو)\b.{0,120}\b(fellow|director|professor|researcher|analyst|journalist|correspondent|editor|reporter|writer|author|associate|chair|president|lecturer|scholar|consultant|chercheur|chercheuse|directeur|directrice|professeur|journaliste|forscher|forscherin|leiter|leiterin|professor|journalist|investigador|investigadora|periodista|باحث|مدير|صحفي)`)

// dropBio removes author bios from the last blocks: a short paragraph that
// opens with an author's name and their role.
func (x *extractor) dropBio(bs []block) []block {
	var authors []string
	if x.art != nil {
		for _, a := range x.art.Authors {
			if a = strings.TrimSpace(a); len(a) > 3 {
				authors = append(authors, a)
			}
		}
	}
	for i := len(bs) - 1; i >= 0 && i >= len(bs)-3 && len(bs) > 3; i-- {
		b := bs[i]
		if b.kind != bPara || len(b.text) > 600 {
			continue
		}
		bio := reBio.MatchString(b.text)
		for _, a := range authors {
			if strings.HasPrefix(b.text, a) && strings.Contains(b.text[len(a):min(len(b.text), len(a)+12)], " is ") {
				bio = true
			}
		}
		if bio {
			bs = append(bs[:i:i], bs[i+1:]...)
		}
	}
	return bs
}
