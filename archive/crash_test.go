package archive

import (
	"bufio"
	"context"
	"math/rand"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestCrashKill9 SIGKILLs a child process that is writing to the archive at
// random moments, then checks the archive opens, verifies, and holds every
// version the child had reported as committed.
func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills processes")
	}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	db := filepath.Join(t.TempDir(), "crash.db")
	type committed struct {
		seq uint64
		url string
		ver int
	}
	var all []committed
	const rounds = 24
	for round := 0; round < rounds; round++ {
		cmd := childCmd(t, "write", db)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		got := make(chan []committed)
		first := make(chan struct{}) // closed at the first reported commit
		go func() {
			var cs []committed
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if s, u, v, ok := parseCommitted(sc.Text()); ok {
					if len(cs) == 0 {
						close(first)
					}
					cs = append(cs, committed{s, u, v})
				}
			}
			got <- cs
		}()
		// Kill at a random moment: on even rounds counted from the start
		// (sometimes while it is still opening), on odd rounds from its
		// first commit, so a slow writer (-race, a loaded machine) is still
		// killed mid-write.
		if round%2 == 1 {
			select {
			case <-first:
			case <-time.After(30 * time.Second):
			}
		}
		time.Sleep(time.Duration(rng.Intn(250)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		cs := <-got
		_ = cmd.Wait()
		all = append(all, cs...)

		a, err := Open(db, &Options{Timeout: 2 * time.Second})
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		ctx := context.Background()
		if rep, err := a.Verify(ctx); err != nil {
			t.Fatalf("round %d: verify: %v %v", round, err, rep.Problems)
		}
		for _, c := range all {
			rec, err := a.Version(ctx, c.url, c.ver)
			if err != nil {
				t.Fatalf("round %d: reported version %d of %s (seq %d) lost: %v", round, c.ver, c.url, c.seq, err)
			}
			if rec.Seq != c.seq {
				t.Fatalf("round %d: %s v%d has seq %d, reported %d", round, c.url, c.ver, rec.Seq, c.seq)
			}
		}
		a.Close()
		t.Logf("round %d: %d versions reported so far", round, len(all))
	}
	if len(all) == 0 {
		t.Fatal("the writer never reported a commit")
	}
}
