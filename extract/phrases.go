package extract

import (
	"strings"
	"sync"
)

// phraseSet answers "does s contain any of these phrases" in one pass over
// s, for lists checked on every node or block: at each byte of s only the
// phrases starting with that byte and the next are compared. any(s) is
// exactly containsAny(s, phrases...).
type phraseSet struct {
	always bool                // an empty phrase: every s contains it
	single [256]bool           // one-byte phrases
	next   [256][4]uint64      // next[a] has bit b when a phrase starts with a, b
	byLead map[uint16][]string // first two bytes → phrases
	lead   [256]bool           // some phrase of two or more bytes starts with this byte
}

// lazyPhraseSet is newPhraseSet deferred to the first call.
func lazyPhraseSet(phrases ...string) func() *phraseSet {
	return sync.OnceValue(func() *phraseSet { return newPhraseSet(phrases...) })
}

func newPhraseSet(phrases ...string) *phraseSet {
	p := &phraseSet{byLead: map[uint16][]string{}}
	for _, ph := range phrases {
		switch len(ph) {
		case 0:
			p.always = true
		case 1:
			p.single[ph[0]] = true
		default:
			a, b := ph[0], ph[1]
			p.lead[a] = true
			p.next[a][b>>6] |= 1 << (b & 63)
			k := uint16(a)<<8 | uint16(b)
			p.byLead[k] = append(p.byLead[k], ph)
		}
	}
	return p
}

// any reports whether s contains one of the phrases.
func (p *phraseSet) any(s string) bool {
	if p.always {
		return true
	}
	for i := 0; i < len(s); i++ {
		a := s[i]
		if p.single[a] {
			return true
		}
		if !p.lead[a] || i+1 >= len(s) {
			continue
		}
		b := s[i+1]
		if p.next[a][b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		for _, ph := range p.byLead[uint16(a)<<8|uint16(b)] {
			if strings.HasPrefix(s[i:], ph) {
				return true
			}
		}
	}
	return false
}
