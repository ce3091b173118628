package extract

import (
	"slices"
	"testing"
)

func TestTidyAuthors(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"Corinna Vale", "MS", "RDN", "LD"}, []string{"Corinna Vale, MS, RDN, LD"}},
		{[]string{"MD", "Jane Doe"}, []string{"Jane Doe"}},
		{[]string{"Bea Tolland Former Brightline Consultant", "Bea Tolland"}, []string{"Bea Tolland"}},
		{[]string{"Fiona MacAllister Writer"}, []string{"Fiona MacAllister"}},
		{[]string{"Greta Hollenbeck Contributing Writer", "Greta Hollenbeck", "Contributing Writer"}, []string{"Greta Hollenbeck"}},
		{[]string{"Dec"}, nil},
		{[]string{"May", "Owen Petrakis"}, []string{"Owen Petrakis"}},
		{[]string{"Wendy Lau", "Last"}, []string{"Wendy Lau"}},
		// A role or a credential alone is all the page says: kept.
		{[]string{"Staff Writer"}, []string{"Staff Writer"}},
		{[]string{"Jane Doe", "John Roe"}, []string{"Jane Doe", "John Roe"}},
		// A name that merely starts like another is another name.
		{[]string{"Ann Li", "Ann Lie Wu"}, []string{"Ann Li", "Ann Lie Wu"}},
		// One word beside full names is a role or desk the box split off;
		// post-nominals stay.
		{[]string{"Ottilie Farrow Gardener", "Astrologer", "Ottilie Farrow"}, []string{"Ottilie Farrow"}},
		{[]string{"Development", "Anders Lindqvist", "Research"}, []string{"Anders Lindqvist"}},
		{[]string{"Howard B. Kessel CPP", "PSP"}, []string{"Howard B. Kessel CPP", "PSP"}},
		{[]string{"Roswitha"}, []string{"Roswitha"}},
		// A theme's copies of the name for each screen size.
		{[]string{"Brickwell Construction Brickwell Construction Brickwell Construction"}, []string{"Brickwell Construction"}},
		{[]string{"R. R."}, []string{"R. R."}},
		{[]string{"Jane Doe Jane Roe"}, []string{"Jane Doe Jane Roe"}},
		// An institution beside a person is an affiliation; a team
		// credited with people wrote too.
		{[]string{"Arlette Moreau", "Lowcountry School Garden Network"}, []string{"Arlette Moreau"}},
		{[]string{"Tomas Brandt", "Nalia Koss", "Rankings Team"}, []string{"Tomas Brandt", "Nalia Koss", "Rankings Team"}},
		{[]string{"Lowcountry School Garden Network"}, []string{"Lowcountry School Garden Network"}},
		// A weekday cut from the date after the title, in Arabic.
		{[]string{"الجمعة"}, nil},
	}
	for _, tt := range tests {
		if got := tidyAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("tidyAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
