//go:build race

package search

// raceEnabled: under -race the equivalence tests of the analysis (pure,
// sequential code the race detector has nothing to say about) take a
// sample of their inputs; the plain run checks them all.
const raceEnabled = true
