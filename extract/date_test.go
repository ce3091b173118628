package extract

import (
	"strings"
	"testing"
)

func TestParseDateValue(t *testing.T) {
	tests := []struct {
		in       string
		dayFirst bool
		want     string
	}{
		{"2024-03-05", true, "2024-03-05"},
		{"2024-03-05T10:07:00+01:00", true, "2024-03-05T10:07:00+01:00"},
		{"2024-03-05T10:07:00.123Z", true, "2024-03-05T10:07:00Z"},
		{"2024-03-05T10:07:00+0100", true, "2024-03-05T10:07:00+01:00"},
		{"2024-03-05 10:07", true, "2024-03-05T10:07:00"},
		{"2024-03-05T00:00:00", true, "2024-03-05"},
		{"2024-03-05T00:00:00Z", true, "2024-03-05"},
		{"2024-03-05T00:00:00+00:00", true, "2024-03-05"},
		{"2024-03-05T00:00:00.000-05:00", true, "2024-03-05"},
		{"2024-03-05T00:00:01Z", true, "2024-03-05T00:00:01Z"},
		{"20240305", true, "2024-03-05"},
		{"2024/3/5", true, "2024-03-05"},
		{"Tue, 05 Mar 2024 10:00:00 GMT", true, "2024-03-05"},
		{"05.03.2024", true, "2024-03-05"},
		{"03/05/2024", false, "2024-03-05"},
		{"03/05/2024", true, "2024-05-03"},
		{"25/03/2024", false, "2024-03-25"},
		{"2024-02-30", true, ""},
		{"2023-02-29", true, ""},
		{"2024-02-29", true, "2024-02-29"},
		{"", true, ""},
		{"not a date", true, ""},
		// Unix times, in seconds and in milliseconds; a ten-digit compact
		// date and hour is none.
		{"1709632800", true, "2024-03-05T10:00:00Z"},
		{"1709632800123", true, "2024-03-05T10:00:00Z"},
		{"2024030510", true, ""},
		{"170963280", true, ""},
	}
	for _, tt := range tests {
		if got := parseDateValue(tt.in, tt.dayFirst); got != tt.want {
			t.Errorf("parseDateValue(%q, %v) = %q, want %q", tt.in, tt.dayFirst, got, tt.want)
		}
	}
}

func TestFindTextDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"March 5, 2024", "2024-03-05"},
		{"Published Mar. 5th 2024 by Jane", "2024-03-05"},
		{"5 March 2024", "2024-03-05"},
		{"Samstag, 5. Oktober 2013", "2013-10-05"},
		{"am 25.08.2015 22:30", "2015-08-25"},
		{"le 5 mars 2024", "2024-03-05"},
		{"publié le 12 décembre 2023", "2023-12-12"},
		{"5 de marzo de 2024", "2024-03-05"},
		{"15 августа 2016", "2016-08-15"},
		{"٥ مارس ٢٠٢٤", "2024-03-05"},
		{"3 كانون الثاني 2021", "2021-01-03"},
		{"2019年6月24日", "2019-06-24"},
		{"17.11.19", "2019-11-17"},
		{"2023 Jan 7", "2023-01-07"},
		{"2019년 6월 24일", "2019-06-24"},
		{"2024. március 5.", "2024-03-05"},
		{"5. března 2024", "2024-03-05"},
		{"5. maaliskuuta 2024", "2024-03-05"},
		{"5 Μαρτίου 2024", "2024-03-05"},
		{"den 5 augusti 2024", "2024-08-05"},
		{"5 martie 2024", "2024-03-05"},
		{"5 Agustus 2024", "2024-08-05"},
		{"1º de marzo de 2024", "2024-03-01"},
		{"1.º de março de 2024", "2024-03-01"},
		{"5 de març de 2024", "2024-03-05"},
		{"12 de setembre de 2023", "2023-09-12"},
		{"5. apríla 2024", "2024-04-05"},
		{"5. ožujka 2024.", "2024-03-05"},
		{"17. studenoga 2023.", "2023-11-17"},
		{"5. marec 2024", "2024-03-05"},
		{"5 март 2024 г.", "2024-03-05"},
		{"12 септември 2023", "2023-09-12"},
		{"12. септембар 2023.", "2023-09-12"},
		{"5 मार्च 2024", "2024-03-05"},
		{"१२ सितंबर २०२३", "2023-09-12"},
		{"৫ মার্চ ২০২৪", "2024-03-05"},
		{"5 במרץ 2024", "2024-03-05"},
		{"5 Marso 2024", "2024-03-05"},
		{"2024 m. kovo 5 d.", "2024-03-05"},
		{"2024. gada 5. martā", "2024-03-05"},
		{"5. märts 2024", "2024-03-05"},
		{"2024 m. 5 d.", ""},
		{"Version 2024.1 released", ""},
		{"portage-2.3.66 tagged", ""}, // a version's numbers
		{"v1.10.24 is out", ""},
		{"Stand 05.03.24", "2024-03-05"},
		{"Predictions for 2026 December 30, 2025", "2025-12-30"},
		{"Updated 10:30 today", ""},
		{"3 days ago", ""},
		{"März 2024", ""},
		{"Copyright 2024", ""},
	}
	for _, tt := range tests {
		if got := findTextDate(tt.in, true); got != tt.want {
			t.Errorf("findTextDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/2024/03/05/some-story/", "2024-03-05"},
		{"/news/2024-03-05-story", "2024-03-05"},
		{"/media-news/meldungen/29-10-2021", "2021-10-29"},
		{"/2019/43/klimaschutz", ""},
		{"/opinion/story-12345", ""},
		{"/20200428/meet-the-swede", "2020-04-28"},
		{"/article/12345678/slug", ""}, // an ID, not a date
		{"/story-20200428-slug", ""},   // only a whole segment counts
		{"/blog/2023/october/03/wine-types/", "2023-10-03"},
		{"/world/2023/oct/3/story", "2023-10-03"},
		{"/best-phones-2023-may-5-picks", ""}, // a slug's words, not path segments
		{"/2023/may/", ""},
	}
	for _, tt := range tests {
		if got := dateFromURL(tt.in); got != tt.want {
			t.Errorf("dateFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzMetadataText feeds arbitrary strings to the metadata text rules,
// which must never panic and must return valid dates only.
func FuzzMetadataText(f *testing.F) {
	for _, s := range []string{"March 5, 2024", "2024-03-05T10:07:00+01:00", "By Jane Doe, 5. März 2024",
		"Title – Site – Site", "Hartmann, Lena", "2019年6月24日", "٥ مارس ٢٠٢٤", "/2024/03/05/x", `{"@graph":[{"@type":"Article"}]}`, "…",
		"\xe2&0", "\u0130 AND \u212a", "Updated: May 5, 2022 · Published: March 3, 2021", "Aktualisiert 05.05.2022, veröffentlicht"} { // the last two once broke folded indices
		f.Add(s)
	}
	site := newSiteNames("example.org", "Example")
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range []string{parseDateValue(s, true), parseDateValue(s, false), findTextDate(s, true), dateFromURL(s)} {
			if d != "" && (len(d) < 10 || !validDate(atoi(d[:4]), atoi(d[5:7]), atoi(d[8:10]))) {
				t.Fatalf("invalid date %q from %q", d, s)
			}
		}
		if rest := pubAfterUpdate(s); !strings.HasSuffix(s, rest) {
			t.Fatalf("pubAfterUpdate(%q) = %q, not a part of it", s, rest)
		}
		cleanAuthors(s)
		lastFirst(s)
		cleanTitle(s, site)
		nameInDateline(s, "", nil)
		parseJSONLD([]string{s})
	})
}

func TestMembersFoundingDateIsNoPublicationDate(t *testing.T) {
	// A forum's member profile beside each post ("Founded: Dec 11, 2021"
	// on NationStates, "Joined: …" on phpBB) dates the member.
	for _, line := range []string{"founded: dec 11, 2021", "joined: mar 3, 2015"} {
		if !isUpdateLow(line) {
			t.Errorf("%q read as a publication date line", line)
		}
	}
}
