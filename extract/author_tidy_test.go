package extract

import (
	"slices"
	"testing"
)

func TestTidyAuthors(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"Lizzie Streit", "MS", "RDN", "LD"}, []string{"Lizzie Streit, MS, RDN, LD"}},
		{[]string{"MD", "Jane Doe"}, []string{"Jane Doe"}},
		{[]string{"Liz Kenny Former McKinsey Consultant", "Liz Kenny"}, []string{"Liz Kenny"}},
		{[]string{"Rachel MacDonald Writer"}, []string{"Rachel MacDonald"}},
		{[]string{"Linda Rosencrance Contributing Writer", "Linda Rosencrance", "Contributing Writer"}, []string{"Linda Rosencrance"}},
		{[]string{"Dec"}, nil},
		{[]string{"May", "Mark Denney"}, []string{"Mark Denney"}},
		{[]string{"Michelle Lee", "Last"}, []string{"Michelle Lee"}},
		// A role or a credential alone is all the page says: kept.
		{[]string{"Staff Writer"}, []string{"Staff Writer"}},
		{[]string{"Jane Doe", "John Roe"}, []string{"Jane Doe", "John Roe"}},
		// A name that merely starts like another is another name.
		{[]string{"Ann Li", "Ann Lie Wu"}, []string{"Ann Li", "Ann Lie Wu"}},
		// One word beside full names is a role or desk the box split off;
		// post-nominals stay.
		{[]string{"Celeste Longacre Gardener", "Astrologer", "Celeste Longacre"}, []string{"Celeste Longacre"}},
		{[]string{"Development", "Joakim Edin", "Research"}, []string{"Joakim Edin"}},
		{[]string{"Jeffrey A. Slotnick CPP", "PSP"}, []string{"Jeffrey A. Slotnick CPP", "PSP"}},
		{[]string{"Amanda"}, []string{"Amanda"}},
		// A theme's copies of the name for each screen size.
		{[]string{"Loona Construction Loona Construction Loona Construction"}, []string{"Loona Construction"}},
		{[]string{"R. R."}, []string{"R. R."}},
		{[]string{"Jane Doe Jane Roe"}, []string{"Jane Doe Jane Roe"}},
	}
	for _, tt := range tests {
		if got := tidyAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("tidyAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
