package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestStartupInitWork runs the real `archivist --help` with
// GODEBUG=inittrace=1 and checks that packages which used to build tables
// at every start (issue 17) now leave them to their first use: extract's
// phrase sets (216 KB at init before). The bound is on bytes the init
// allocates, with room for small tables; it says nothing about time.
func TestStartupInitWork(t *testing.T) {
	cmd := exec.Command(archivistBinary(t), "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("archivist --help: %v\n%s", err, stderr.String())
	}
	allocated := map[string]int{}
	line := regexp.MustCompile(`(?m)^init (\S+) @.* (\d+) bytes, \d+ allocs$`)
	for _, m := range line.FindAllStringSubmatch(stderr.String(), -1) {
		n, _ := strconv.Atoi(m[2])
		allocated[m[1]] = n
	}
	if len(allocated) < 100 {
		t.Fatalf("inittrace listed %d packages; stderr:\n%s", len(allocated), stderr.String())
	}
	for pkg, most := range map[string]int{
		"github.com/archivist-org/archivist/extract": 100 << 10,
	} {
		if n := allocated[pkg]; n > most {
			t.Errorf("init of %s allocated %d bytes, want at most %d: a table built at start instead of at first use?", pkg, n, most)
		}
	}
}
