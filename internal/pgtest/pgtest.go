// Package pgtest starts a real, throwaway PostgreSQL server for tests and
// benchmarks: Debian's postgresql package (initdb and postgres from
// /usr/lib/postgresql/*/bin, else from PATH), a data directory in a fresh
// temp dir, listening only on a Unix socket inside it (no TCP port to
// collide with other test runs). As root the server runs as an unprivileged
// user ("postgres" when the package created it, else nobody), since
// PostgreSQL refuses to run as root.
//
// One server is started per test binary, on first use, and each test gets
// its own database (NewDB). Where no PostgreSQL is installed, tests are
// skipped with a message saying how to install it.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL.
type Server struct {
	Dir     string // temp dir: data directory "data", the socket, the log
	BinDir  string // where initdb and postgres were found
	Version string // server_version

	cmd  *exec.Cmd
	done chan struct{}
}

var (
	once    sync.Once
	shared  *Server
	initErr error
	dbSeq   atomic.Int64
)

// errAbsent means no PostgreSQL is installed: tests skip.
var errAbsent = errors.New("pgtest: PostgreSQL is not installed (apt-get install -y postgresql)")

// Start returns the test binary's server, starting it on first use. It
// skips tb where PostgreSQL is not installed and fails it when the server
// does not start. Call Stop from TestMain.
func Start(tb testing.TB) *Server {
	tb.Helper()
	once.Do(func() { shared, initErr = start() })
	if errors.Is(initErr, errAbsent) {
		tb.Skip(initErr)
	}
	if initErr != nil {
		tb.Fatal(initErr)
	}
	return shared
}

// Stop stops the server if one was started and removes its files.
func Stop() {
	if shared != nil {
		shared.stop()
	}
}

// URL is the connection string for database db as the superuser.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@/%s?host=%s&sslmode=disable", db, s.Dir)
}

// NewDB creates an empty database for tb and returns its connection
// string. The database is dropped when tb ends.
func (s *Server) NewDB(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx := context.Background()
	if err := s.exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		_ = s.exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return s.URL(name)
}

func (s *Server) exec(ctx context.Context, sql string) error {
	c, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// binDir finds initdb and postgres: the newest /usr/lib/postgresql/N/bin,
// else PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errAbsent
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// runAs returns the credential to run the server with: nil when we are not
// root, else an unprivileged user's.
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	uid, gid := uint32(65534), uint32(65534) // nobody
	if u, err := user.Lookup("postgres"); err == nil {
		a, err1 := strconv.Atoi(u.Uid)
		b, err2 := strconv.Atoi(u.Gid)
		if err1 == nil && err2 == nil {
			uid, gid = uint32(a), uint32(b)
		}
	}
	return &syscall.Credential{Uid: uid, Gid: gid}, nil
}

func start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	cred, err := runAs()
	if err != nil {
		return nil, err
	}
	// initdb's shell commands write to /dev/null; say so plainly when
	// something on the machine replaced it with a file.
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil, fmt.Errorf("pgtest: %s is not the null device: restore it (mknod -m 666 /dev/null c 1 3)", os.DevNull)
	}
	// Not t.TempDir: the server's user must be able to reach the directory.
	dir, err := os.MkdirTemp("", "archivist-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, BinDir: bin, done: make(chan struct{})}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.Env = pgEnv()
	if cred != nil {
		initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logf.Close()
	// Only a Unix socket in dir; durability settings off (tests measure
	// ratios and behaviour, not crash safety of the server).
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data,
		"-c", "listen_addresses=", "-c", "unix_socket_directories="+dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=50", "-c", "shared_buffers=64MB")
	s.cmd.Dir = dir
	s.cmd.Env = pgEnv()
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// The server dies with the test binary even when that is killed: the
	// death signal is tied to the thread that started it, so that thread
	// stays locked until the server exits.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			close(s.done)
			return
		}
		started <- nil
		_ = s.cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		c, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			err = c.QueryRow(ctx, "SHOW server_version").Scan(&s.Version)
			c.Close(ctx)
			if err == nil {
				return s, nil
			}
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: postgres exited: %s", log)
		case <-ctx.Done():
			s.stop()
			return nil, fmt.Errorf("pgtest: postgres did not accept connections: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// pgEnv is the environment without PG* variables that would redirect the
// tools elsewhere.
func pgEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}

func (s *Server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	}
	os.RemoveAll(s.Dir)
}

// CPU is the processor time the server has used so far, its backends
// included (Linux only; 0 elsewhere). Benchmarks report work per server
// CPU-second beside wall-clock rates: on a loaded machine the rate shows
// the load, the CPU time shows the work.
func (s *Server) CPU() time.Duration {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	pid := s.cmd.Process.Pid
	// The postmaster's own time and its reaped children's.
	total := procTicks(pid, true)
	// Backends still running.
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		if procParent(child) == pid {
			total += procTicks(child, false)
		}
	}
	return time.Duration(total) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every
// Linux platform Go runs on.
const clockTicks = 100

// procStat returns the fields of /proc/pid/stat after the command name.
func procStat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

func procParent(pid int) int {
	f := procStat(pid) // f[1] is field 4, ppid
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

// procTicks is utime+stime (fields 14, 15 of stat), plus cutime+cstime
// (16, 17) when children is set.
func procTicks(pid int, children bool) int64 {
	f := procStat(pid) // f[0] is field 3
	if len(f) < 15 {
		return 0
	}
	last := 12 // stime
	if children {
		last = 14 // cstime
	}
	var t int64
	for i := 11; i <= last; i++ {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		t += n
	}
	return t
}
