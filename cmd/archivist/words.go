package main

import "fmt"

// count says n things in English: count(1, "copy", "copies") is "1 copy",
// count(3, ...) "3 copies" (never "1 copies" or "copy(s)").
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
