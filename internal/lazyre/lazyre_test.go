package lazyre

import "testing"

func TestNewCompilesOnceAtFirstUse(t *testing.T) {
	re := New(`^a+b$`)
	first := re()
	if !first.MatchString("aab") || first.MatchString("ba") {
		t.Fatalf("%v matches wrongly", first)
	}
	if re() != first {
		t.Error("second call compiled the regexp again")
	}
}

func TestNewDefersABadExprToFirstUse(t *testing.T) {
	re := New(`(`) // must not panic here
	defer func() {
		if recover() == nil {
			t.Error("a bad expr did not panic at first use")
		}
	}()
	re()
}
