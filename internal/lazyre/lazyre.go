// Package lazyre compiles a package-level regexp at its first use instead
// of at package init, so a process that never needs it (`archivist
// --help`, a search) does not pay for compiling it at start.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function yielding expr compiled, once, at its first call.
// Like regexp.MustCompile it panics on a bad expr, but at that first call:
// the tests of the package using it must reach every such regexp.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
