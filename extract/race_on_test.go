//go:build race

package extract

import "testing"

// raceEnabled: under -race the equivalence tests over every corpus page
// take minutes and test pure functions the race detector has nothing to
// say about, so they use a sample (the plain run covers every page).
const raceEnabled = true

// skipCorpusUnderRace skips a test that scores a whole corpus: under -race
// it takes ten times as long (over CI's limit) and checks sequential, pure
// code the race detector has nothing to say about; the plain run scores it.
func skipCorpusUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("corpus scores are checked by the run without -race")
}
