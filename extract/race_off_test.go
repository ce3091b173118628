//go:build !race

package extract

import "testing"

const raceEnabled = false

// skipCorpusUnderRace: see race_on_test.go.
func skipCorpusUnderRace(*testing.T) {}
