package extract

import "strings"

// countsOver reports for each k whether strings.Count(s, subs[k]) >
// limits[k], in one pass over s however many subs there are: a rolling
// hash of s's windows of headLen bytes is checked against the subs' first
// headLen bytes (a bitmap first, a map on a hit), and a sub is compared
// only where its head's hash is. dedupe asks this of every short block of
// a page against the page's whole text; one strings.Index scan per block
// made that quadratic. Subs shorter than headLen go through countOver.
func countsOver(s string, subs []string, limits []int) []bool {
	over := make([]bool, len(subs))
	var heads map[uint64][]int
	for k, sub := range subs {
		if len(sub) < headLen {
			over[k] = countOver(s, sub, limits[k])
			continue
		}
		if heads == nil {
			heads = make(map[uint64][]int, len(subs))
		}
		h := windowHash(sub[:headLen])
		heads[h] = append(heads[h], k)
	}
	if heads == nil || len(s) < headLen {
		return over
	}
	var seen [1 << 10]uint64 // bit h>>48: some head hashes to h
	for h := range heads {
		seen[h>>54] |= 1 << (h >> 48 & 63)
	}
	counts := make([]int, len(subs))
	next := make([]int, len(subs)) // where a sub's next counted match may start (Count's matches do not overlap)
	h := windowHash(s[:headLen])
	for p := 0; ; p++ {
		if seen[h>>54]&(1<<(h>>48&63)) != 0 {
			for _, k := range heads[h] {
				if p >= next[k] && strings.HasPrefix(s[p:], subs[k]) {
					counts[k]++
					next[k] = p + len(subs[k])
				}
			}
		}
		if p+headLen >= len(s) {
			break
		}
		h = h*hashBase + uint64(s[p+headLen]) - uint64(s[p])*hashBaseHeadLen
	}
	for k := range subs {
		if len(subs[k]) >= headLen {
			over[k] = counts[k] > limits[k]
		}
	}
	return over
}

// headLen is the length of the windows countsOver hashes.
const headLen = 16

// hashBase is the rolling hash's multiplier (odd, mod 2^64), and
// hashBaseHeadLen hashBase^headLen, the weight of the byte leaving a window.
const hashBase uint64 = 0x9E3779B97F4A7C15

var hashBaseHeadLen = func() uint64 {
	w := uint64(1)
	for range headLen {
		w *= hashBase
	}
	return w
}()

// windowHash is the rolling hash of a window of headLen bytes.
func windowHash(w string) uint64 {
	var h uint64
	for i := range len(w) {
		h = h*hashBase + uint64(w[i])
	}
	return h
}
