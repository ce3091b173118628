package crawler

import (
	"runtime"
	"testing"
)

func TestExtraProc(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	restore := ExtraProc()
	if got := runtime.GOMAXPROCS(0); got != prev+1 {
		t.Errorf("GOMAXPROCS = %d after ExtraProc, want %d", got, prev+1)
	}
	restore()
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Errorf("GOMAXPROCS = %d after restore, want %d", got, prev)
	}

	// An explicit GOMAXPROCS is the user's choice.
	t.Setenv("GOMAXPROCS", "1")
	ExtraProc()()
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Errorf("GOMAXPROCS = %d with the variable set, want it left at %d", got, prev)
	}
}
