// Package score implements the evaluation corpora's own quality metrics,
// exactly as issue 2 states them, so archivist's corpus tests (package
// extract) and the benchmark module's peers (bench/cmd/extractbench) are
// all scored by the same code. It does not import package extract, so that
// package's own tests can use it.
//
//   - aeb (article-extraction-benchmark): per page, tokens are \w+ runs
//     (Unicode letters, digits, underscore); shingles are 4-token windows
//     counted as a multiset; tp/fp/fn come from the counts and are
//     normalised by their sum; precision and recall are averaged over pages
//     and F1 is taken of the two averages.
//   - traf (trafilatura's evaluation): per page, each "with" snippet found in
//     the text (white space folded, substring match) is a true positive,
//     each missing one a false negative, each "without" snippet found a
//     false positive; counts are summed over pages before P, R and F1.
//   - metadata: exact match after folding case and white space; authors as a
//     set of names split on ; , & and the words and/und/et; dates as
//     YYYY-MM-DD.
//
// # Caveats
//
// Changing a rule here changes every reported number, archivist's and the
// peers', and can move archivist across the floors in extract's corpus
// tests; the package's unit tests pin the rules.
package score
