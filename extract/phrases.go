package extract

import (
	"slices"
	"strings"
	"sync"
)

// phraseSet answers "does s contain any of these phrases" in one pass over
// s, for lists checked on every node or block: at each byte of s only the
// phrases starting with that byte and the next are compared. any(s) is
// exactly containsAny(s, phrases...).
type phraseSet struct {
	always bool             // an empty phrase: every s contains it
	single [256]bool        // one-byte phrases
	next   [256][4]uint64   // next[a] has bit b when a phrase starts with a, b
	byLead [256][]leadGroup // first byte → phrases by second byte
	lead   [256]bool        // some phrase of two or more bytes starts with this byte
}

// leadGroup are the phrases of a set starting with some byte and then b.
// A byte leads few groups: a short scan beats hashing two bytes.
type leadGroup struct {
	b       byte
	phrases []string
}

// lazyPhraseSet is newPhraseSet deferred to the first call.
func lazyPhraseSet(phrases ...string) func() *phraseSet {
	return sync.OnceValue(func() *phraseSet { return newPhraseSet(phrases...) })
}

func newPhraseSet(phrases ...string) *phraseSet {
	p := &phraseSet{}
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
			gs := p.byLead[a]
			i := slices.IndexFunc(gs, func(g leadGroup) bool { return g.b == b })
			if i < 0 {
				i = len(gs)
				gs = append(gs, leadGroup{b: b})
			}
			gs[i].phrases = append(gs[i].phrases, ph)
			p.byLead[a] = gs
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
		for _, g := range p.byLead[a] {
			if g.b != b {
				continue
			}
			for _, ph := range g.phrases {
				if strings.HasPrefix(s[i:], ph) {
					return true
				}
			}
			break
		}
	}
	return false
}
