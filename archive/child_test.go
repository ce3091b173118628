package archive

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as the second process of the multi-process
// tests: with ARCHIVE_TEST_CHILD set, TestMain runs a child role instead.
func TestMain(m *testing.M) {
	switch os.Getenv("ARCHIVE_TEST_CHILD") {
	case "":
		code := m.Run()
		closeBig()
		os.Exit(code)
	case "serve":
		os.Exit(childServe(os.Getenv("ARCHIVE_TEST_DB")))
	case "write":
		os.Exit(childWrite(os.Getenv("ARCHIVE_TEST_DB")))
	case "rename":
		os.Exit(childRename(os.Getenv("ARCHIVE_TEST_DB")))
	case "open":
		os.Exit(childOpen(os.Getenv("ARCHIVE_TEST_DB")))
	default:
		fmt.Fprintln(os.Stderr, "unknown child role")
		os.Exit(2)
	}
}

// childCmd re-executes the test binary in a child role.
func childCmd(t testing.TB, role, db string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ARCHIVE_TEST_CHILD="+role, "ARCHIVE_TEST_DB="+db)
	cmd.Stderr = os.Stderr
	return cmd
}

// childServe holds the archive, serves reads, and records a page for each
// "add URL TEXT" line on stdin, answering "ok SEQ".
func childServe(db string) int {
	a, err := Open(db, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := NewReadServer(a)
	go srv.Serve(ctx, db)
	for i := 0; i < 100; i++ { // wait for the socket
		if _, err := os.Stat(SocketPath(db)); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("ready")
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 3)
		if len(f) != 3 || f[0] != "add" {
			continue
		}
		r, err := a.Record(ctx, fetch(f[1], time.Now(), htmlFor("T", f[2])), art(f[1], "T", f[2]))
		if err != nil {
			fmt.Println("err", err)
			continue
		}
		fmt.Println("ok", r.Seq)
	}
	return 0
}

// childWrite records pages as fast as it can, printing "SEQ URL VERSION"
// after each Record has returned (i.e. is committed), until killed.
func childWrite(db string) int {
	a, err := Open(db, &Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	out := bufio.NewWriter(os.Stdout)
	results := make(chan string, 64)
	// Several writers, as a crawler has, so commits are shared.
	for w := 0; w < 4; w++ {
		go func(w int) {
			for i := 0; ; i++ {
				u := fmt.Sprintf("https://crash.example/p%d-%d", w, i%50)
				text := fmt.Sprintf("process %d worker %d item %d text %s", os.Getpid(), w, i, strings.Repeat("word ", i%7))
				r, err := a.Record(ctx, fetch(u, time.Now(), htmlFor("T", text)), art(u, "T", text))
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				if r.Seq > 0 {
					results <- fmt.Sprintf("%d %s %d", r.Seq, r.URL, r.Version)
				}
			}
		}(w)
	}
	for line := range results {
		fmt.Fprintln(out, line)
		if len(results) == 0 {
			out.Flush()
		}
	}
	return 0
}

func parseCommitted(line string) (seq uint64, url string, ver int, ok bool) {
	f := strings.Fields(line)
	if len(f) != 3 {
		return 0, "", 0, false
	}
	s, err1 := strconv.ParseUint(f[0], 10, 64)
	v, err2 := strconv.Atoi(f[2])
	return s, f[1], v, err1 == nil && err2 == nil
}
