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
//
// When every phrase is three bytes or longer, the scan skips (Wu–Manber):
// it looks at the last two bytes of an m-byte window (m the shortest
// phrase) and, unless they can end the first m bytes of some phrase, moves
// the window past them. Most lists are of words of 4-10 bytes: most of s
// is stepped over, not read.
//
// The tables are built at the first any: a package-level set costs nothing
// at a process's start (most commands extract nothing).
type phraseSet struct {
	phrases []string
	once    sync.Once
	t       *phraseTables
}

// phraseTables are a phraseSet's look-up tables.
type phraseTables struct {
	always bool             // an empty phrase: every s contains it
	single [256]bool        // one-byte phrases
	next   [256][4]uint64   // next[a] has bit b when a phrase starts with a, b
	byLead [256][]leadGroup // first byte → phrases by second byte
	lead   [256]bool        // some phrase of two or more bytes starts with this byte
	minLen int              // the shortest phrase's length, with shift
	// shift[pairSlot(a, b)] is how far the window may move when its last
	// two bytes are a, b: 0 when a phrase may start at the window.
	// Slots are shared by several pairs and keep the least shift.
	shift *[pairSlots]uint8
}

// pairSlots is the size of a phraseSet's shift table.
const pairSlots = 4096

func pairSlot(a, b byte) int {
	return (int(a)<<5 ^ int(b)) & (pairSlots - 1)
}

// leadGroup are the phrases of a set starting with some byte and then b.
// A byte leads few groups: a short scan beats hashing two bytes.
type leadGroup struct {
	b       byte
	phrases []string
}

// lazyPhraseSet is newPhraseSet behind a func, for the sets declared so;
// both build their tables at the first any.
func lazyPhraseSet(phrases ...string) func() *phraseSet {
	p := newPhraseSet(phrases...)
	return func() *phraseSet { return p }
}

func newPhraseSet(phrases ...string) *phraseSet {
	return &phraseSet{phrases: phrases}
}

// any reports whether s contains one of the phrases.
func (p *phraseSet) any(s string) bool {
	p.once.Do(func() { p.t = newPhraseTables(p.phrases) })
	return p.t.any(s)
}

func newPhraseTables(phrases []string) *phraseTables {
	p := &phraseTables{}
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
	if len(phrases) == 0 {
		return p
	}
	if m := len(slices.MinFunc(phrases, func(a, b string) int { return len(a) - len(b) })); m >= 3 {
		m = min(m, 256)
		p.shift = new([pairSlots]uint8)
		for i := range p.shift {
			p.shift[i] = uint8(m - 1)
		}
		for _, ph := range phrases {
			for q := 1; q < m; q++ {
				k := pairSlot(ph[q-1], ph[q])
				p.shift[k] = min(p.shift[k], uint8(m-1-q))
			}
		}
		p.minLen = m
	}
	return p
}

func (p *phraseTables) any(s string) bool {
	if p.always {
		return true
	}
	if p.shift != nil {
		return p.anySkipping(s)
	}
	for i := range len(s) {
		if p.single[s[i]] || p.lead[s[i]] && p.startsAt(s, i) {
			return true
		}
	}
	return false
}

// anySkipping is any for sets with a shift table. A phrase at j is never
// stepped over: while the window starts at or before j, its last two bytes
// lie within the phrase's first m bytes and so bound the shift by j-i.
func (p *phraseTables) anySkipping(s string) bool {
	m := p.minLen
	for i := 0; i+m <= len(s); {
		if d := p.shift[pairSlot(s[i+m-2], s[i+m-1])]; d > 0 {
			i += int(d)
			continue
		}
		if p.startsAt(s, i) {
			return true
		}
		i++
	}
	return false
}

// startsAt reports whether one of the phrases of two or more bytes starts
// at s[i].
func (p *phraseTables) startsAt(s string, i int) bool {
	a := s[i]
	if !p.lead[a] || i+1 >= len(s) {
		return false
	}
	b := s[i+1]
	if p.next[a][b>>6]&(1<<(b&63)) == 0 {
		return false
	}
	for _, g := range p.byLead[a] {
		if g.b == b {
			for _, ph := range g.phrases {
				if strings.HasPrefix(s[i:], ph) {
					return true
				}
			}
			return false
		}
	}
	return false
}
