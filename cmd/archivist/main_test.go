package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/archivist-org/archivist/internal/pgtest"
)

// The real binary, built at most once per `go test` run for the CLI
// integration tests of every command. It is built lazily (by the first test
// that asks for it) so `go test -run` on unrelated tests doesn't pay for the
// build, and removed by TestMain.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// archivistBinary returns the path of the built archivist binary.
func archivistBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "archivist-bin-")
		if binErr != nil {
			return
		}
		// Other users may run it too (see runBinaryAs).
		if binErr = os.Chmod(binDir, 0o755); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "archivist")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		out, err := cmd.CombinedOutput()
		if err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatalf("building archivist: %v", binErr)
	}
	return binPath
}

// binResult is one run of the real binary.
type binResult struct {
	Stdout, Stderr string
	Code           int // exit status
}

// runBinary runs the real binary with args in dir ("" = a fresh temp dir),
// feeding stdin (nil = empty), and returns what it printed and its exit
// status. ARCHIVIST_* variables are cleared so the caller's environment
// can't change the outcome.
func runBinary(t testing.TB, dir string, stdin io.Reader, args ...string) binResult {
	t.Helper()
	bin := archivistBinary(t)
	if dir == "" {
		dir = t.TempDir()
	}
	res, err := execBinary(context.Background(), bin, dir, stdin, nil, args...)
	if err != nil {
		t.Fatalf("running archivist %v: %v", args, err)
	}
	return res
}

// runBinaryAs is runBinary (with empty stdin) as the user and group of
// cred, which needs root.
func runBinaryAs(t testing.TB, cred *syscall.Credential, dir string, args ...string) binResult {
	t.Helper()
	res, err := execBinary(context.Background(), archivistBinary(t), dir, nil, cred, args...)
	if err != nil {
		t.Fatalf("running archivist %v as uid %d: %v", args, cred.Uid, err)
	}
	return res
}

// execBinary runs bin with args in dir, without ARCHIVIST_* variables, as
// the user of cred (nil: ours), and returns its output and exit status; err
// only when it could not run. It does not touch a testing.T, so any
// goroutine may call it.
func execBinary(ctx context.Context, bin, dir string, stdin io.Reader, cred *syscall.Credential, args ...string) (binResult, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ARCHIVIST_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if stdin == nil {
		stdin = bytes.NewReader(nil)
	}
	cmd.Stdin = stdin
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	res := binResult{Stdout: out.String(), Stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.Code = ee.ExitCode()
	default:
		return res, err
	}
	return res, nil
}
