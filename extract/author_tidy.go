package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tidyAuthors is the last pass over a list of author names: it drops
// what a byline box leaves beside the names (a lone month or weekday cut
// from the date, role labels, "Last"
// from "Last updated"), trims role words after a name ("Rachel MacDonald
// Writer"), and keeps one form of a name given twice ("Liz Kenny Former
// McKinsey Consultant; Liz Kenny"). Credentials split off by commas go
// back to their name.
func tidyAuthors(names []string) []string {
	if len(names) == 0 {
		return names
	}
	var out []string
	for _, n := range names {
		n = strings.Trim(foldSpace(undoDoubleEncoding(n)), " ×·|,;:-–—／｜：")
		n = trimRoleTail(collapseRepeats(n))
		low := strings.ToLower(strings.TrimRight(n, ".®"))
		// Post-nominals a comma split off stay with their name, as the
		// page writes it ("Jane Doe, MD"); after known ones, any in
		// capitals ("Jane Doe, MS, RD, FAND").
		if (credentials[low] || len(out) > 0 && endsWithCredential(out[len(out)-1]) && isCredential(n)) && len(names) > 1 {
			if len(out) > 0 {
				out[len(out)-1] += ", " + n
			}
			continue
		}
		if n == "" || monthNames()[low] != 0 || weekdays[low] || roleOnly[low] && len(names) > 1 {
			continue
		}
		out = append(out, n)
	}
	out = withoutAvatarInitials(out)
	out = withoutLoneWords(out)
	out = withoutAffiliations(out)
	// One form of a name: drop a name that is another plus trailing words.
	var kept []string
	for i, n := range out {
		ln := strings.ToLower(n)
		longer := false
		for j, o := range out {
			lo := strings.ToLower(o)
			if i != j && len(lo) >= 5 && strings.HasPrefix(ln, lo+" ") {
				longer = true
				break
			}
		}
		if !longer {
			kept = append(kept, n)
		}
	}
	return dedupeFold(kept)
}

// roleTails end a name with its role or a label of the byline box.
var roleTails = []string{" senior staff writer", " staff writer", " contributing writer", " senior writer", " writer", " contributor",
	" last", " view full", " view", " released", " sponsored", " about the author", " reviewed"}

func trimRoleTail(n string) string {
	for changed := true; changed; {
		changed = false
		low := strings.ToLower(n)
		for _, t := range roleTails {
			if strings.HasSuffix(low, t) && strings.Count(strings.TrimSpace(n[:len(n)-len(t)]), " ") >= 1 {
				n, changed = strings.TrimSpace(n[:len(n)-len(t)]), true
				break
			}
		}
	}
	return n
}

// credentials are degrees and titles a comma splits off a name.
var credentials = map[string]bool{
	"ms": true, "msc": true, "ma": true, "mba": true, "mph": true, "md": true, "phd": true, "ph.d": true, "dphil": true,
	"rd": true, "rdn": true, "ld": true, "rn": true, "bsn": true, "dvm": true, "vmd": true, "cfp": true, "cdces": true, "cpa": true,
	"jd": true, "esq": true, "lcsw": true, "np": true, "facs": true, "faclm": true, "ba": true, "bsc": true, "jr": true, "sr": true,
	"mfa": true, "lpc": true, "cscs": true, "pharmd": true, "dds": true, "dmd": true, "od": true, "pa-c": true, "aprn": true,
}

// roleOnly are byline labels and roles with no name.
var roleOnly = map[string]bool{
	"writer": true, "staff writer": true, "contributing writer": true, "senior writer": true, "contributor": true, "last": true,
	"content": true, "view full": true, "view": true, "about the author": true, "author": true, "posted by": true, "written by": true,
	"released": true, "sponsored": true, "sign in": true, "log in": true, "login": true, "subscribe": true, "stay": true,
}

// withoutAvatarInitials drops the initials an avatar placeholder shows
// beside a name ("CM" for Craig McCarthy): alone, or glued before the name
// ("CM Craig McCarthy").
func withoutAvatarInitials(names []string) []string {
	initials := func(n string) string {
		var b strings.Builder
		for _, w := range strings.Fields(n) {
			r := []rune(w)
			if len(r) > 0 {
				b.WriteRune(r[0])
			}
		}
		return strings.ToUpper(b.String())
	}
	isInitials := func(w string) bool {
		if len(w) < 2 || len(w) > 3 {
			return false
		}
		for _, c := range w {
			if c < 'A' || c > 'Z' {
				return false
			}
		}
		return true
	}
	var out []string
	for _, n := range names {
		if isInitials(n) && slices.ContainsFunc(names, func(o string) bool { return o != n && initials(strings.TrimPrefix(o, n+" ")) == n }) {
			continue
		}
		if w, rest, ok := strings.Cut(n, " "); ok && isInitials(w) && len(strings.Fields(rest)) >= 2 && initials(rest) == w {
			n = rest
		}
		out = append(out, n)
	}
	return out
}

// collapseRepeats reads a name a byline box shows several times over (a
// responsive theme's copies for each screen size: "Jane Doe Jane Doe Jane
// Doe") as the name once.
func collapseRepeats(n string) string {
	words := strings.Fields(n)
	// One-word units stay: "R. R." are two people's initials.
	for size := 2; size <= len(words)/2; size++ {
		if len(words)%size != 0 {
			continue
		}
		same := true
		for i := size; i < len(words) && same; i++ {
			same = words[i] == words[i%size]
		}
		if same {
			return strings.Join(words[:size], " ")
		}
	}
	return n
}

// withoutAffiliations drops organisations listed beside people: their
// affiliation or the group that shares the piece, as splitNames reads
// "Jane Doe, Energy Transition Forum" ("By Jane Doe" and "South Carolina
// Garden-based Learning Network" as a page's two JSON-LD authors). A
// team or staff credited with them ("ACO Rankings Team") wrote too.
func withoutAffiliations(names []string) []string {
	if !slices.ContainsFunc(names, func(n string) bool { return fullName(n) }) {
		return names
	}
	return slices.DeleteFunc(names, func(n string) bool { return isOrgName(n) && !teamWords[strings.ToLower(lastWord(n))] })
}

// withoutLoneWords drops the one-word entries of a list that also holds
// full names: a byline box splits its role or desk into them ("Celeste
// Longacre Gardener & Astrologer", "Research & Development"); people
// signing beside full names give theirs in full. Post-nominals stay
// ("CPP, PSP").
func withoutLoneWords(names []string) []string {
	full := slices.ContainsFunc(names, func(n string) bool { return len(strings.Fields(n)) >= 2 })
	if !full {
		return names
	}
	var out []string
	for _, n := range names {
		if len(strings.Fields(n)) == 1 && !isCredential(n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// endsWithCredential reports whether a name already carries a known
// post-nominal after a comma ("Jane Doe, RD").
func endsWithCredential(n string) bool {
	i := strings.LastIndex(n, ", ")
	return i > 0 && credentials[strings.ToLower(strings.TrimRight(n[i+2:], ".®"))]
}

// isCredential reports whether w reads as a post-nominal: a known one or
// capitals only ("FAND", "CEPF®").
func isCredential(w string) bool {
	w = strings.TrimRight(w, ".®™")
	if credentials[strings.ToLower(w)] {
		return true
	}
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && r != '.' && r != '-' {
			return false
		}
	}
	return true
}

// undoDoubleEncoding reads a name or title that went through UTF-8 twice ("Dariusz
// JaroÅ\u0084" for Jaroń: its bytes read as Latin-1, then written as
// UTF-8 again) back as it was written. A name whose letters are all
// Latin-1 and whose bytes would be UTF-8 is such a name: no language
// writes "Å" before a C1 control or "Ã" before "©".
func undoDoubleEncoding(n string) string {
	if isASCII(n) {
		return n
	}
	b := make([]byte, 0, len(n))
	for _, r := range n {
		if r > 0xff {
			return n
		}
		b = append(b, byte(r))
	}
	if !utf8.Valid(b) {
		return n
	}
	return string(b)
}
