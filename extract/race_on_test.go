//go:build race

package extract

// raceEnabled: under -race the equivalence tests over every corpus page
// take minutes and test pure functions the race detector has nothing to
// say about, so they use a sample (the plain run covers every page).
const raceEnabled = true
