package extract

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Author rules: a byline is cleaned ("By", "Von", "Par", roles, dates and
// e-mail addresses go), split into names on , ; & / and/und/et, and each name
// must look like a name or an organisation — short, no URL, no digits — or
// the byline is rejected ("Written by 2:56 pm Source News" gives none).

// bylinePrefixes are stripped from the start of a byline, longest first.
var bylinePrefixes = []string{
	"zeige alle beiträge von", "alle beiträge von", "weitere beiträge von", "alle artikel von", "weitere artikel von", "mehr von",
	"view all posts by", "all posts by", "more posts by", "posts by", "more from", "more by", "articles by", "stories by",
	"artikel von:", "artikel von", "beitragvon", "gespeichert von", "erstellt von", "geschrieben von:", "publiziert von", "eingestellt von",
	"tous les articles de", "voir tous les articles de", "articles de", "ver todos los artículos de", "artículos de",
	"this blog post was written by", "this post was written by", "this article was written by", "this story was written by", "this piece was written by",
	"written and compiled by", "authored by", "written by", "posted by", "submitted by", "published by", "reported by", "words by", "text by", "story by",
	"article by", "contributors:", "contributor:", "author(s)", "compiled by", "interview by", "photos by", "by the", "by:", "by",
	"geschrieben von", "verfasst von", "ein beitrag von", "beitrag von", "veröffentlicht von", "erstellt von", "text von", "text:", "von:", "von",
	"autoren:", "autoren", "autorinnen", "autor:", "autorin:", "autor", "autorin", "author:", "authors:", "auteur :", "auteur:", "auteurs :", "auteurs:", "auteur", "rédigé par", "publié par", "écrit par", "par :", "par:", "par",
	"escrito por", "publicado por", "por:", "por", "scritto da", "autore:", "autrice:", "авторы:", "автор:", "редактор:", "yazar:", "作者：", "作者:", "記者：", "记者：", "記者", "记者", "di", "door", "av", "reporting by", "texte :", "texte:", "بقلم:", "بقلم", "كتب:", "كتب", "إعداد:", "إعداد",
	"about the authors", "about the author", "über den autor", "über die autorin", "à propos de l'auteur", "sobre el autor",
	"posted on", "filed under", "redakteur:", "redaktion:", "vom", "author", "autorenseite von", "autorenseite", "blog beitrag von", "blogbeitrag von", "ein gastbeitrag von", "gastbeitrag von",
}

// otherCredit reports whether a byline credits someone who worked on the
// article after its author ("Reviewed by", "Updated by", "Edited by"), and
// returns the rest of the line.
func otherCredit(s string) (string, bool) {
	for _, p := range otherCredits {
		if n, ok := prefixFold(s, p); ok {
			return s[n:], true
		}
	}
	return "", false
}

// otherCredits open a line crediting someone other than the author.
var otherCredits = []string{"reviewed by", "medically reviewed by", "fact checked by", "fact-checked by", "updated by",
	"edited by", "expert reviewed by", "last updated by", "geprüft von", "aktualisiert von", "bearbeitet von",
	"contributions from", "with contributions from", "additional reporting by", "tested by", "editing by",
	"revisado por", "editado por", "actualizado por", "atualizado por", "revisionato da", "mis à jour par", "relu par", "vérifié par"}

// roleWords mark a comma-separated part that is a job title, not a name.
var roleWords = []string{
	"fellow", "director", "professor", "editor", "correspondent", "reporter", "contributor", "staff writer", "analyst",
	"researcher", "president", "chair", "associate", "senior", "junior", "manager", "head of", "chief", "member",
	"journalist", "journalistin", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "leiter", "leiterin",
	"chercheur", "chercheuse", "directeur", "directrice", "rédacteur", "rédactrice", "envoyé spécial", "envoyée spéciale",
	"investigador", "investigadora", "corresponsal", "periodista", "coordinator", "student", "phd", "intern", "lecturer",
	"guest author", "gastautor", "gastautorin", "photographer", "fotograf", "fotos:", "foto:", "photo:", "bild:", "фото:", "снимка:",
	"aktualisierung", "last update", "lesezeit", "reading time", "min read", "minuten", "expert", "expertin", "experte",
	"founder", "columnist", "gründer", "gründerin", "fondateur", "fondatrice", "fundador", "fundadora", "kolumnist", "kolumnistin",
	"giornalista", "redattore", "redattrice", "corrispondente", "jornalista", "repórter", "correspondente", "redator", "verslaggever",
	"redaktör", "redaktor", "dziennikarz", "dziennikarka",
	"psychologist", "therapist", "counselor", "counsellor", "consultant", "specialist", "strategist", "officer",
}

// roleAbbreviations are job titles written as capitals ("VP", "CEO"),
// matched as a whole part of a byline: as letters they sit inside names.
var roleAbbreviations = map[string]bool{
	"vp": true, "svp": true, "evp": true, "avp": true, "ceo": true, "cto": true, "cfo": true, "coo": true, "cmo": true, "cio": true, "cso": true,
}

// orgWords mark an organisation name, which keeps its inner "and".
var orgWords = []string{
	"center", "centre", "institute", "institut", "council", "foundation", "stiftung", "association", "university",
	"universität", "université", "agency", "office", "ministry", "department", "bureau", "committee", "program",
	"programme", "project", "initiative", "forum", "network", "service", "redaktion", "rédaction", "redacción",
	"staff", "team", "news", "press", "presse", "society", "school", "group", "verlag", "verband", "studies", "editors",
}

// cleanAuthors turns one raw byline into names.
func cleanAuthors(raw string) []string { return cleanNames(raw, false) }

// cleanHeadAuthors cleans a name the page's metadata gives as its author
// (meta author, JSON-LD): no sentence stands there, so a name written
// partly in lower case ("Mobasir hassan") is still a name.
func cleanHeadAuthors(raw string) []string { return cleanNames(raw, true) }

func cleanNames(raw string, head bool) []string {
	s := foldSpace(raw)
	if s == "" || len(s) > 300 {
		return nil
	}
	// "--reset-author": a command's option in a CLI reference, whose
	// anchor id holds "author".
	if isURLish(s) || strings.HasPrefix(s, "--") {
		return nil
	}
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		s = html.UnescapeString(s) // double-escaped entities
	}
	if _, ok := otherCredit(s); ok {
		return nil
	}
	// "Last updated on Oct 17, 2025 by Jane Doe": the last editor, not
	// the author; "Get in touch", "Sign in": a box's button.
	if opensWithUpdate(s) || notNames[strings.ToLower(s)] {
		return nil
	}
	if sourceCredit(s) || !head && quoteAttribution(s) {
		return nil
	}
	labelled := authorLabelled(s)
	// "About Jane Doe": an author box's heading.
	if rest, ok := strings.CutPrefix(s, "About "); ok && fullName(rest) {
		s = rest
	}
	stripped := strings.Trim(stripBylinePrefix(s), " →»›>|~*")
	if !head && strings.HasPrefix(s, "By ") && clauseAfterBy(stripped) {
		return nil
	}
	s = stripped
	// "By the numbers:", "Von A bis Z:": a heading that opens a list or a
	// paragraph, not a byline.
	if strings.HasSuffix(s, ":") && !strings.Contains(s[:len(s)-1], ":") && !head {
		return nil
	}
	// "Jane Doe; Editing by John Roe": the credits after the author's.
	if i := strings.IndexByte(s, ';'); i > 0 {
		if _, ok := otherCredit(strings.TrimSpace(s[i+1:])); ok {
			s = s[:i]
		}
	}
	s = afterInnerBy(s)
	// "Jane Doe im Gespräch mit John Roe": an interview signed by both.
	for _, w := range conversationWords {
		if i, n := indexFold(s, w); i > 0 {
			s = s[:i] + ", " + s[i+n:]
		}
	}
	s = dropParens(s)
	s = dropHandles(s)
	// Cut at the first date, time or counter: "Jane Doe | March 5, 2024",
	// "Jane Doe, 5. März 2024", "2:56 pm"; digits inside a user name
	// ("r23") stay.
	if i := wordStartDigit(s); i >= 0 {
		s = afterLeadingDate(s, i)
	}
	if i := wordStartDigit(s); i >= 0 {
		// "Views: 1", "Kommentare: 3": a counter's label, no name.
		if label := strings.TrimRight(s[:i], " "); strings.HasSuffix(label, ":") && !strings.Contains(label, " ") {
			return nil
		}
		s = strings.TrimRight(s[:i], " ,;:|-–—(@")
		s = trimTrailingWeekday(s, true)
	}
	// Cut at the next label: "Jane Doe Tags: …", "Jane Doe Fotos: …"; a
	// line that is itself a label ("Letzte Aktualisierung: …") names no one.
	if i := strings.IndexAny(s, ":："); i > 0 {
		if isRoleOrJunk(s[:i]) {
			return nil
		}
		// "質問者：あいぎゅ", "回答者：": a label in a script written
		// without spaces, the name (if any) after it.
		if label, name, ok := strings.Cut(s, "："); ok && spacelessScript(label) {
			if s = strings.TrimSpace(name); s == "" {
				return nil
			}
		}
		if j := strings.LastIndexByte(s[:i], ' '); j > 0 {
			s = s[:j]
		}
	}
	for _, cut := range []string{" | ", " · ", " • ", " – ", " — ", " - ", " @ ", "|", "•", "·", "⋅", "∙", "\u2014", " illustration", " foto", " photo", " bild:", " bilder:", " grafik", " on ", " am ", " le ", " el ", " published", " updated", " reviewed by", ". reviewed", " fact checked", " fact-checked", " veröffentlicht", " aktualisiert", " posted", " in ", " im ", " dans ", " en ", " for ", " für ", " pour "} {
		if cut == " for " || cut == " für " || cut == " pour " || cut == " in " || cut == " im " || cut == " en " || cut == " dans " {
			if isOrgName(s) {
				continue
			}
		}
		i, n := indexFold(s, cut)
		// "John Roe, Photographer": a title that opens like a photo
		// credit, and the names after it still count.
		if i > 0 && hasRoleWord(strings.FieldsFunc(s[i:], func(r rune) bool { return r == ' ' || r == ',' })[0]) {
			continue
		}
		if i > 0 {
			s = s[:i]
		} else if i == 0 {
			s = s[n:]
		}
	}
	s = strings.TrimSpace(stripBylinePrefix(strings.Trim(s, " ,;:-–—/()[]")))
	if s == "" {
		return nil
	}
	parts := splitNames(s, head)
	var out []string
	for _, p := range parts {
		p = strings.Trim(strings.TrimSpace(stripBylinePrefix(p)), " ,;:-–—/()[]\"'«»“”~*")
		p = trimTrailingWeekday(p, false)
		// "Jane Doe Senior Fellow": a name and the title set below it in
		// the byline block.
		if name := nameBeforeRank(p); name != "" {
			p = name
		}
		// Keep the dot of a trailing initial ("Nicolas Gutierrez C.") or
		// abbreviation ("Ph.D."), drop a sentence's.
		if lw := lastWord(p); strings.HasSuffix(p, ".") && !(utf8.RuneCountInString(lw) == 2 && len(strings.Fields(p)) > 1) && !strings.Contains(lw[:len(lw)-1], ".") {
			p = strings.TrimSuffix(p, ".")
		}
		if p == "" || utf8.RuneCountInString(p) < 2 {
			continue
		}
		// A part longer than any name and no role is a sentence ("Von
		// den Höfen kaufte er Speck, Hartbrot und Kartoffeln."): so is
		// the line.
		if !head && !labelled && len(strings.Fields(p)) > maxNameWords && !hasRoleWord(p) {
			return nil
		}
		if isRoleOrJunk(p) {
			// The head's author field holding one staff name ("SFist
			// Contributor", "Community Editor") or a name written all
			// in lower case ("jane doe") still names the author.
			if head && len(parts) == 1 && (staffName(p) || lowerName(p)) {
				out = append(out, p)
			}
			continue
		}
		// The head's author field may hold an editor's initials ("mh"),
		// or a desk written as a phrase ("Staff and news service
		// reports").
		if !nameShaped(p) && !(head && (casualName(p) || len(parts) == 1 && utf8.RuneCountInString(p) == 2 || capitalisedOrg(p))) {
			if labelled && len(out) > 0 {
				continue // "Authors: A and B, extension educators": their role
			}
			return nil // a sentence, not a byline
		}
		out = append(out, unslugName(p))
	}
	return out
}

// sourceCredit reports a line that credits where a piece comes from, not
// who wrote it: "From Apple" (a shop's line under a product's name), "From
// Masculindians" (the book an excerpt is taken from).
func sourceCredit(s string) bool { return strings.HasPrefix(s, "From ") }

// quoteAttribution reports a line opening with a dash: the attribution
// under a quotation ("– Gregory", a testimonial card's customer, joined
// to the review site its next element links: "– Gregory Trustpilot"), or
// an epigraph's. A byline opens with its label or the name.
func quoteAttribution(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '–' || r == '—' || r == '―' || strings.HasPrefix(s, "- ")
}

// opensWithUpdate reports whether a line's first two words say it dates
// an update ("Last updated …", "Zuletzt aktualisiert …").
func opensWithUpdate(s string) bool {
	words := strings.Fields(s)
	return isUpdateLine(strings.Join(words[:min(2, len(words))], " "))
}

// clauseAfterBy reports whether what follows a sentence's opening "By" is
// a clause, not a name: a lower-case word that runs on past a comma into
// more lower-case words ("By default, a side-effect-free …", "By now, you
// know …", "By creating area maps, self-empty …"). A user name there
// ("By jdoe") has no such tail; a German desk line ("von dpa, unserer
// Redaktion") has no capital label.
func clauseAfterBy(rest string) bool {
	first, tail, ok := strings.Cut(rest, ",")
	if !ok || first == "" {
		return false
	}
	lead := strings.Fields(first)
	next := strings.Fields(tail)
	if len(lead) == 0 || len(next) == 0 || nameParticles[lead[0]] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(lead[0])
	n, _ := utf8.DecodeRuneInString(next[0])
	return unicode.IsLower(r) && unicode.IsLower(n)
}

// conversationWords join the two sides of an interview in a byline.
var conversationWords = []string{" im gespräch mit ", " in conversation with ", " en conversation avec ", " en conversación con ", " in conversazione con "}

// authorLabels open a line that is a byline beyond doubt.
var authorLabels = []string{"authors:", "author:", "autoren:", "autor:", "autorin:", "auteurs:", "auteur:", "written by", "authored by", "geschrieben von", "verfasst von",
	"author ", "authors ", "autor ", "autorin ", "auteur "}

// authorLabelled reports whether s opens with an explicit author label:
// what follows the names there is their role, not a sentence.
func authorLabelled(s string) bool {
	for _, l := range authorLabels {
		if _, ok := prefixFold(s, l); ok {
			return true
		}
	}
	return false
}

// afterLeadingDate drops a date that opens a byline before the name
// ("Dec. 19, 2025 · Jane Doe"): when only month or weekday words come
// before its first number (at i), the byline restarts after the next
// separator; otherwise s is returned unchanged.
func afterLeadingDate(s string, i int) string {
	for _, w := range strings.Fields(strings.ToLower(s[:i])) {
		if w = strings.Trim(w, ",."); monthNames()[w] == 0 && !weekdays[w] {
			return s
		}
	}
	rest := s[i:]
	for _, sep := range []string{" · ", " | ", " – ", " — ", " - ", " • ", " / "} {
		if j := strings.Index(rest, sep); j >= 0 && findTextDate(s[:i+j], false) != "" {
			if after := strings.TrimSpace(rest[j+len(sep):]); after != "" {
				return after
			}
		}
	}
	// No separator ("Dec 17, 2025 Julian K. Arni"): the name follows the
	// date's day and year.
	end := i
	for n := 0; n < 2; n++ {
		w := strings.TrimLeft(s[end:], " ")
		k := strings.IndexByte(w, ' ')
		if k < 0 || strings.Trim(w[:k], "0123456789,.") != "" {
			break
		}
		end = len(s) - len(w) + k
	}
	if end > i && findTextDate(s[:end], false) != "" {
		if after := strings.TrimSpace(s[end:]); after != "" && wordStartDigit(after) < 0 {
			return after
		}
	}
	return s
}

// numberedName reports whether s opens with a number joined by a slash
// to a capitalised word, which no date or time is: part of a name
// ("Bündnis 90/Die Grünen").
func numberedName(s string) bool {
	digits := strings.TrimLeft(s, "0123456789")
	rest, ok := strings.CutPrefix(digits, "/")
	r, _ := utf8.DecodeRuneInString(rest)
	return ok && unicode.IsUpper(r)
}

// wordStartDigit is the index of the first digit that starts a word.
func wordStartDigit(s string) int {
	prevLetter := false
	for i, r := range s {
		if unicode.IsDigit(r) && !prevLetter && !numberedName(s[i:]) {
			return i
		}
		prevLetter = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return -1
}

var weekdays = map[string]bool{
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"الاثنين": true, "الثلاثاء": true, "الأربعاء": true, "الخميس": true, "الجمعة": true, "السبت": true, "الأحد": true,
	"понедельник": true, "вторник": true, "среда": true, "четверг": true, "пятница": true, "суббота": true, "воскресенье": true,
	"mo": true, "di": true, "mi": true, "do": true, "fr": true, "sa": true, "so": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
	"am": true, "le": true, "el": true, "on": true, "vom": true, "den": true, "du": true, "del": true, "de": true,
	"at": true, "um": true,
}

// bylineTails are link labels that follow a name in a byline box.
var bylineTails = map[string]bool{
	"tags": true, "tag": true, "alle": true, "artikel": true, "mehr": true, "more": true, "profil": true, "profile": true,
	"kontakt": true, "contact": true, "author": true, "autor": true, "autorin": true, "share": true, "follow": true, "folgen": true, "posts": true, "beiträge": true, "articles": true,
}

// trimTrailingWeekday drops weekday names and connectives left at the end
// of a byline cut before its date ("Tomas Spahn Fr", "Jane Doe on"), and
// month names when a date's number was cut after them ("Jane Doe March"
// from "… March 5, 2024"; not "Tom May").
func trimTrailingWeekday(s string, months bool) string {
	for {
		s = strings.TrimRight(s, " ,;:|-–—(")
		i := strings.LastIndexByte(s, ' ')
		if i < 0 {
			return s
		}
		if w := strings.ToLower(strings.TrimRight(s[i+1:], ".")); !weekdays[w] && (!months || monthNames()[w] == 0) && !bylineTails[w] {
			return s
		}
		s = s[:i]
	}
}

func stripBylinePrefix(s string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range bylinePrefixes {
			n, ok := prefixFold(s, p)
			if !ok {
				continue
			}
			rest := s[n:]
			// A whole word: "By" but not "Byron"; "by:" already ends.
			r, _ := utf8.DecodeRuneInString(rest)
			// Chinese and Japanese write the name right after the label
			// ("记者王敬照").
			if rest != "" && !strings.HasSuffix(p, ":") && !strings.HasSuffix(p, "：") && !spacelessScript(p) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			// "By the Diggs Team": the article is signed "The Diggs Team"
			// ("By the Africa Center …" by the Africa Center).
			if p == "by the" && teamWords[strings.ToLower(lastWord(rest))] {
				continue
			}
			s = strings.TrimLeft(rest, " :\u00a0")
			changed = s != ""
			break
		}
	}
	return s
}

func isOrgName(s string) bool {
	low := strings.ToLower(s)
	for _, w := range orgWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// splitNames splits on , and ; then each part that isn't an organisation
// on & and the words and/und/et (not on "/": "dpa/AFP" credits one
// source). Organisations named next to people are their affiliation
// ("Samuel Osei, Energy Transition Forum") and are dropped. Without
// people or organisations, none; from the head, the parts as they are.
func splitNames(s string, head bool) []string {
	var people, orgs []string
	for _, group := range strings.Split(s, ";") {
		// A semicolon closes one person's credit: "Jane Doe, Director,
		// Africa Program; John Roe, Fellow".
		titled := false   // a job title followed a name
		afterOrg := false // an organisation was named
		fields := strings.Split(group, ",")
		for i, p := range fields {
			if strings.TrimSpace(p) == "" {
				continue
			}
			// "Carlos Escobar, VP, IS Security, Risk, and Compliance": the
			// parts after a name's job title are the title's, up to the
			// next person: an "and" that brings a full name ("Jane Doe,
			// Senior Editor, and John Roe"), or a full name that has its
			// own title after it ("Jane Doe, Reporter, John Roe,
			// Photographer").
			if titled {
				q := strings.TrimSpace(p)
				rest, and := cutAnd(q)
				if !fullName(rest) || !and && (i+1 == len(fields) || !hasRoleWord(fields[i+1])) {
					continue
				}
				titled, afterOrg = false, false
			}
			if len(people) > 0 && hasRoleWord(p) && !isOrgName(p) {
				titled = true
			}
			if isOrgName(p) && nameBeforeRank(p) == "" {
				orgs = append(orgs, p)
				afterOrg = true
				continue
			}
			// What follows an organisation is where it sits ("BBC News,
			// New York", "Olympia-Verlag GmbH, Nürnberg, Germany").
			if afterOrg {
				continue
			}
			people = append(people, namesIn(p, head)...)
		}
	}
	for _, p := range people {
		if q := strings.Trim(p, " ."); q != "" && (!isRoleOrJunk(q) || nameBeforeRank(q) != "") {
			return people
		}
	}
	if head && len(orgs) == 0 {
		return people // the caller judges the head's names
	}
	return orgs
}

// namesIn splits one comma-separated part of a byline into names on &
// and the words for "and", unless that "and" sits inside a job title or
// a firm's name.
func namesIn(p string, head bool) []string {
	parts := []string{p}
	// "and" in English, German, French, Spanish, Swedish, Danish and
	// Norwegian.
	for _, sep := range []string{"&", " and ", " und ", " et ", " y ", " och ", " og "} {
		var next []string
		for _, q := range parts {
			next = append(next, splitFold(q, sep)...)
		}
		parts = next
	}
	// Italian and Portuguese "e", and a spaced slash ("Jane Doe /
	// John Roe"; "dpa/AFP" is one credit), join two full names; a
	// Portuguese surname may hold "e" ("José Costa e Silva") and a
	// slash lists sections ("CSP / International").
	for _, sep := range []string{" e ", " / "} {
		var next []string
		for _, q := range parts {
			if two := splitFold(q, sep); len(two) > 1 && allWordsAtLeast(two, 2) {
				next = append(next, two...)
			} else {
				next = append(next, q)
			}
		}
		parts = next
	}
	// "Head of Marketing and Community Development", "Professor of
	// History and Politics": a title keeps its inner "and".
	if len(parts) > 1 && hasRoleWord(parts[0]) && containsAny(strings.ToLower(parts[0]), " of ", " für ", " de ") {
		parts = []string{p}
	}
	// "Thomson Reuters Tax & Accounting": a lone word joined to a
	// longer name is the rest of a firm's name, not a person.
	if len(parts) == 2 && !head {
		if a, b := len(strings.Fields(parts[0])), len(strings.Fields(parts[1])); min(a, b) == 1 && max(a, b) >= 3 {
			parts = []string{p}
		}
	}
	return parts
}

// cutAnd cuts a leading "and" or "&" from s.
func cutAnd(s string) (string, bool) {
	for _, and := range []string{"and ", "& ", "und ", "et "} {
		if rest, ok := strings.CutPrefix(s, and); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// allWordsAtLeast reports whether each of parts has n words or more.
func allWordsAtLeast(parts []string, n int) bool {
	for _, p := range parts {
		if len(strings.Fields(p)) < n {
			return false
		}
	}
	return true
}

// lastFirst turns a catalogue name "Hartmann, Lena" into "Lena Hartmann";
// other values pass unchanged.
func lastFirst(s string) string {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, ',')
	if i <= 0 || strings.Count(s, ",") != 1 || isOrgName(s) {
		return s
	}
	last, first := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	if first == "" || len(strings.Fields(last)) > 3 || len(strings.Fields(first)) > 3 || strings.ContainsAny(first, ";&") {
		return s
	}
	return first + " " + last
}

func splitFold(s, sep string) []string {
	var out []string
	for {
		i, n := indexFold(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+n:]
	}
}

// prefixFold reports whether s starts with the lower-case pattern p,
// ignoring case, and how many bytes of s the match covers. Indices into a
// lower-cased copy would be wrong: lower-casing can change byte lengths.
func prefixFold(s, p string) (int, bool) {
	i := 0
	for _, pr := range p {
		if i >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != pr && unicode.ToLower(r) != pr {
			return 0, false
		}
		i += size
	}
	return i, true
}

// indexFold finds the lower-case pattern sub in s ignoring case: the byte
// index of the match in s and its length, or -1.
func indexFold(s, sub string) (int, int) {
	if isASCII(s) {
		// Lower-casing ASCII keeps every byte in place: the index in
		// strings.ToLower(s), found without building it.
		return indexLowerASCII(s, sub), len(sub)
	}
	for i := 0; i < len(s); {
		if n, ok := prefixFold(s[i:], sub); ok {
			return i, n
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return -1, 0
}

// indexLowerASCII is strings.Index(strings.ToLower(s), sub) for an ASCII
// s, without allocating.
func indexLowerASCII(s, sub string) int {
	n := len(sub)
	if n == 0 {
		return 0
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// lowerShortASCII lowers s into buf when s is ASCII and fits in it: a map
// looked up with string(the result) allocates nothing, where
// strings.ToLower allocates for every capitalised word.
func lowerShortASCII(buf []byte, s string) ([]byte, bool) {
	if len(s) > len(buf) || !isASCII(s) {
		return nil, false
	}
	for i := range len(s) {
		buf[i] = lowerASCII(s[i])
	}
	return buf[:len(s)], true
}

func isRoleOrJunk(p string) bool { return hasRoleWord(p) || isJunkName(p) }

// hasRoleWord reports whether p holds a job title or a byline label.
func hasRoleWord(p string) bool {
	low := strings.ToLower(p)
	// "Head Winemaker", "Head Coach": a title, not a name.
	if strings.HasPrefix(low, "head ") && !isOrgName(p) {
		return true
	}
	for _, w := range roleWords {
		if strings.Contains(low, w) && !isOrgName(p) {
			return true
		}
	}
	// Alone: "CEO of CaseBasix" after a name is how the page signs it.
	low = strings.Trim(low, " .,")
	if roleAbbreviations[low] {
		return true
	}
	// "Jane Doe, Owner", "Jane Doe, Co-Owner", "Business Owner": as a
	// whole word only, since names hold it ("Downer").
	rest, ok := strings.CutSuffix(low, "owner")
	rest = strings.TrimSuffix(rest, "co-")
	return ok && (rest == "" || strings.HasSuffix(rest, " ") && strings.Count(strings.TrimSpace(rest), " ") == 0)
}

// nameBeforeRank returns the full name that opens p when a job title
// opening with its rank follows ("Jane Doe Senior Fellow for Africa
// Policy Studies", "Jane Doe Chief Economist"), or "". A title without a
// rank may hold capitalised words that read as a name's ("Home Security
// Expert", "Tech Reporter").
func nameBeforeRank(p string) string {
	first := -1
	for _, rank := range []string{" senior ", " junior ", " chief ", " associate ", " head of "} {
		if i := indexLowerASCII(p, rank); i > 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first > 0 && fullName(p[:first]) {
		return p[:first]
	}
	return ""
}

// staffName is a byline account named with a job title ("SFist
// Contributor", "Community Editor"): a title plus a capitalised word that
// is not one.
func staffName(p string) bool {
	if !hasRoleWord(p) || isJunkName(p) {
		return false
	}
	rest := strings.ToLower(p)
	for _, w := range roleWords {
		rest = strings.ReplaceAll(rest, w, " ")
	}
	for _, w := range strings.Fields(p) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && strings.Contains(rest, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// lowerName is a name written all in lower case: two or three words of
// letters ("jane doe").
func lowerName(p string) bool {
	return fewLetterWords(p, unicode.IsLower) && !isJunkName(strings.ToUpper(p[:1])+p[1:])
}

// fewLetterWords reports whether p is two or three words whose every
// character, hyphens and apostrophes aside, passes ok.
func fewLetterWords(p string, ok func(rune) bool) bool {
	words := strings.Fields(p)
	if len(words) < 2 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		for _, r := range w {
			if !ok(r) && r != '-' && r != '\'' {
				return false
			}
		}
	}
	return true
}

// maxNameWords is the most words a name or an organisation's name takes.
const maxNameWords = 7

// isJunkName reports whether p cannot be a name: too long, markup or a
// URL, no capital letter, or a word that labels rather than names.
func isJunkName(p string) bool {
	low := strings.ToLower(p)
	words := strings.Fields(p)
	if len(words) > maxNameWords || len(p) > 80 || strings.ContainsAny(p, "@{}<>=#()[]") || isURLish(p) || strings.Contains(low, "www.") {
		return true
	}
	// Names have a capital or non-cased script (Arabic, CJK) letter.
	upperOrUncased := false
	for _, r := range p {
		if unicode.IsUpper(r) || unicode.IsLetter(r) && !unicode.IsLower(r) {
			upperOrUncased = true
			break
		}
	}
	if !upperOrUncased && len(words) > 1 {
		return true
	}
	// "Birkenstock Birkenstock Arizona Sandal": a brand before a product
	// named after it; no name says a word twice in a row (a responsive
	// theme's copies of a whole name are read as one, later).
	if len(words) >= 3 && collapseRepeats(p) == p && doubledWord(words) {
		return true
	}
	// "Visit the Apple Store", "View profile": a link's call to act.
	if len(words) > 1 && callWords[strings.ToLower(words[0])] {
		return true
	}
	return notNames[low] || len(words) == 1 && functionWords[low]
}

// doubledWord reports whether a word comes twice in a row in words.
func doubledWord(words []string) bool {
	for i := 1; i < len(words); i++ {
		if strings.EqualFold(words[i-1], words[i]) {
			return true
		}
	}
	return false
}

// callWords open a link or button's call to act, never a name.
var callWords = map[string]bool{"visit": true, "view": true, "see": true, "follow": true, "shop": true, "explore": true, "browse": true, "discover": true, "click": true}

// functionWords are prepositions and conjunctions a label leaves alone
// where the name should be ("von nach": from … to …).
var functionWords = map[string]bool{
	"nach": true, "bis": true, "mit": true, "aus": true, "bei": true, "zu": true, "und": true, "oder": true,
	"from": true, "to": true, "with": true, "into": true, "or": true, "à": true, "avec": true, "pour": true, "para": true, "con": true,
}

// notNames are the labels, buttons and template placeholders a byline
// element holds in place of a name.
var notNames = map[string]bool{
	"admin": true, "administrator": true, "wordpressadmin": true, "guest": true, "anonymous": true, "unknown": true, "none": true, "null": true, "the": true, "and": true, "more": true,
	"view all posts": true, "all posts": true, "posts": true, "source": true, "quelle": true, "news": true, "share": true, "comments": true, "posted": true, "published": true,
	"publiziert am": true, "veröffentlicht am": true, "veröffentlicht": true, "geschrieben": true, "written": true, "text": true, "link": true, "autor": true, "author": true,
	"foto": true, "fotos": true, "photo": true, "bild": true, "redaktion:": true, "kommentar": true, "kommentare": true, "antworten": true, "reply": true, "home": true, "startseite": true,
	"publiziert": true, "erstellt": true, "aktualisiert": true, "updated": true, "über": true, "about": true, "mehr": true, "weiterlesen": true, "read more": true, "profil": true, "profile": true,
	"authored": true, "sign in": true, "log in": true, "login": true, "subscribe": true, "table of contents": true, "contents": true, "inhalt": true, "inhaltsverzeichnis": true, "name": true,
	"undefined": true, "default": true, "publisher": true, "username": true, "user": true, "webmaster": true, "submitted": true, "get in touch": true, "contact us": true, "about us": true, "contact": true,
	"topic author": true,                         // a forum's badge by the opening post's author
	"find":         true, "find all posts": true, // a forum post's button beside its author
}

func isURLish(s string) bool {
	low := strings.ToLower(s)
	// "facebook.com/janedoe": a profile's address written without its scheme.
	if host, _, ok := strings.Cut(low, "/"); ok && shareHosts[host] {
		return true
	}
	return strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "www.") || strings.HasPrefix(low, "/")
}

// unslugName turns a dotted user name ("jane.doe") into "Jane Doe"; other
// names pass unchanged.
func unslugName(p string) string {
	if strings.ContainsAny(p, " ") || strings.Count(p, ".") == 0 || strings.HasSuffix(p, ".") {
		return p
	}
	parts := strings.Split(p, ".")
	if len(parts[len(parts)-1]) < 3 {
		return p // a domain name ("example.de")
	}
	for i, w := range parts {
		if w == "" || !isLowerWord(w) {
			return p
		}
		r, size := utf8.DecodeRuneInString(w)
		parts[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(parts, " ")
}

func isLowerWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// teamWords end a collective signature ("The Upwork Team").
var teamWords = map[string]bool{"team": true, "editors": true, "staff": true, "crew": true}

// nameParticles may be lower-case inside a name.
var nameParticles = map[string]bool{
	"von": true, "van": true, "der": true, "den": true, "de": true, "da": true, "di": true, "du": true, "del": true, "della": true,
	"la": true, "le": true, "des": true, "zu": true, "zum": true, "ten": true, "ter": true, "bin": true, "ibn": true, "al": true,
	"el": true, "y": true, "e": true, "dos": true, "das": true, "do": true, "of": true, "the": true, "for": true, "für": true, "and": true,
}

// nameShaped accepts one token (a user name like "uriebe" or "r23", but
// not two lower-case letters) or words that start upper-case apart from
// particles ("Ursula von der Leyen"); sentence fragments fail.
func nameShaped(p string) bool {
	words := strings.Fields(p)
	if len(words) == 1 {
		if isLowerWord(p) && len(p) > 5 && strings.HasSuffix(p, "ing") {
			return false // "By clicking …", "By integrating …": a sentence
		}
		return utf8.RuneCountInString(p) > 2 || !isLowerWord(p)
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		// "The Currency editors", "the Lavazza team": a desk signs.
		if unicode.IsLower(r) && !nameParticles[w] && !(i == len(words)-1 && teamWords[w]) {
			return false
		}
	}
	return true
}

// casualName is a name written with some words in lower case: two or
// three words of letters, the first capitalised.
func casualName(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsUpper(r) && fewLetterWords(p, unicode.IsLetter)
}

// dropHandles removes social handles and e-mail addresses after a name:
// "Jane Doe @janedoe", "뉴스타파 webmaster@newstapa.org" give the name; a
// handle alone stays (it may be all there is).
func dropHandles(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	words := strings.Fields(s)
	kept := words[:0:0]
	for _, w := range words {
		if len(w) > 1 && w[0] == '@' || isEmail(w) {
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 || len(kept) == len(words) {
		return s
	}
	return strings.Join(kept, " ")
}

// spacelessScript reports whether s is written in Chinese or Japanese,
// whose words no space separates.
func spacelessScript(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return s != ""
}

// isEmail reports whether a word is an e-mail address.
func isEmail(w string) bool {
	at := strings.IndexByte(w, '@')
	return at > 0 && strings.Contains(w[at:], ".")
}

// afterInnerBy keeps what follows an inner "by"/"von" in a short lead-in
// ("Disko Von Ernst Lohoff", "Edited by Adrian Parr").
func afterInnerBy(s string) string {
	// Case matters: "Christoph von Ritter" keeps its particle.
	for _, w := range []string{" by ", " By ", " Von ", " par ", " Par ", " por ", " Por "} {
		i := strings.Index(s, w)
		if i <= 0 || strings.Count(s[:i], " ") > 2 || isOrgName(s[:i]) {
			continue
		}
		if rest := strings.TrimSpace(s[i+len(w):]); rest != "" {
			return rest
		}
	}
	// A lower-case "von" is a name's particle ("Christoph von Ritter",
	// "Ursula von der Leyen") unless a full name follows it: then the
	// word or two before are a label ("Pressemitteilung von Katja
	// Kipping", "Een column van Jan Jansen").
	for _, w := range []string{" von ", " van "} {
		i := strings.Index(s, w)
		if i <= 0 || strings.Count(s[:i], " ") > 1 {
			continue
		}
		if rest := strings.TrimSpace(s[i+len(w):]); capitalisedWords(rest, 2) {
			return rest
		}
	}
	return s
}

// capitalisedOrg is an organisation's name opening with a capital.
func capitalisedOrg(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsUpper(r) && isOrgName(p)
}

// capitalisedWords reports whether s is at least n words, each opening
// with a capital letter.
func capitalisedWords(s string, n int) bool {
	words := strings.Fields(s)
	if len(words) < n {
		return false
	}
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// dropParens removes parenthesised asides: "Jane Doe (Press Officer)".
func dropParens(s string) string {
	for range 4 {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return strings.TrimSpace(s[:i])
		}
		s = strings.TrimSpace(s[:i] + " " + s[i+j+1:])
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// bioVerbs follow a person's name at the start of an author box's bio
// ("Jane Doe is a reporter …", "Jane has written …").
var bioVerbs = map[string]bool{"is": true, "was": true, "has": true, "writes": true, "works": true, "covers": true, "leads": true,
	"ist": true, "war": true, "schreibt": true, "arbeitet": true, "est": true, "écrit": true, "es": true, "escribe": true}

// bioName reads the name heading an author box that holds the name and
// then a bio naming the person again: "Jane Doe Jane Doe is a reporter …",
// "Jane Doe Jane has covered …". "" when the text is not shaped so.
func bioName(text string) string {
	words := strings.Fields(text)
	for k := 2; k <= 4 && k+2 <= len(words); k++ {
		name := strings.Join(words[:k], " ")
		if !nameShaped(name) || isRoleOrJunk(name) || isOrgName(name) {
			continue
		}
		rest := words[k:]
		// The bio names the person in full or by the first name, then a
		// verb.
		n := 0
		switch {
		case len(rest) > k && strings.Join(rest[:k], " ") == name:
			n = k
		case rest[0] == words[0]:
			n = 1
		default:
			continue
		}
		if n < len(rest) && bioVerbs[strings.ToLower(rest[n])] {
			return name
		}
	}
	return ""
}
