package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// engine is PDFium compiled to WebAssembly, run by wazero. Compiling the
// module takes seconds and a few hundred MB, so it starts on the first PDF,
// never at package init: a crawl that meets no PDF pays nothing.
//
// The compile runs in a child process (this same executable, re-run with
// CompileIntoEnv set) that writes the machine code into a compilation
// cache and exits; this process then loads it from there. The compiler's
// ~250 MB working set thus never lands in a long-lived crawl, whose own
// peak stays near what the documents need (~100 MB).
var engine struct {
	once     sync.Once
	pool     pdfium.Pool
	err      error
	cacheDir string
	// from says how the engine was started: "cache" (compiled by an
	// earlier process), "child" or "in process".
	from string
}

// CompileIntoEnv is the environment variable that makes a process
// importing this package compile the engine into the cache directory it
// names and exit at once (status 0 on success), before main runs. The
// engine sets it on the child it starts; it is exported for tools that
// measure that child.
const CompileIntoEnv = "ARCHIVIST_PDF_COMPILE_INTO"

func init() {
	if dir := os.Getenv(CompileIntoEnv); dir != "" {
		if err := compileInto(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// SetCacheDir makes the engine keep its compiled code in dir (created if
// needed) and load it from there in later processes, which then skip the
// compile (seconds of CPU). "" (the default) compiles every process, into
// a temporary directory removed once loaded. It must be called before the
// first Extract; later calls do nothing.
func SetCacheDir(dir string) {
	engineMu.Lock()
	defer engineMu.Unlock()
	engine.cacheDir = dir
}

var engineMu sync.Mutex

// maxWorkers bounds the PDFium instances alive at once; each holds its own
// WebAssembly memory (the document and its parsed pages), so this bounds
// memory too. Callers beyond it wait for a free instance.
const maxWorkers = 2

// The compiling child keeps its peak near the compiler's live state
// (~250 MB, most of it for PDFium's largest function) with a soft memory
// limit below it, so the GC works hard rather than let garbage pile on,
// and by handing freed memory back to the system every freeEvery, as the
// runtime on its own keeps it (and grows the heap for the serialised
// module on top of it). Peak ~280–320 MB instead of ~330–345 MB, for
// some seconds of GC; below that is the compiler's own state.
const (
	compileMemLimit = 150 << 20
	freeEvery       = 500 * time.Millisecond
)

func startEngine() (pdfium.Pool, error) {
	engine.once.Do(func() {
		engineMu.Lock()
		dir := engine.cacheDir
		engineMu.Unlock()
		engine.pool, engine.from, engine.err = loadEngine(dir)
		if engine.err != nil {
			engine.err = fmt.Errorf("pdf: starting PDFium: %w", engine.err)
		}
	})
	return engine.pool, engine.err
}

// loadEngine starts the engine from the compiled code in dir, compiling it
// there in a child process first if needed. If no child can be run (no
// executable, no writable directory), it compiles in this process.
func loadEngine(dir string) (pdfium.Pool, string, error) {
	from := "cache"
	if dir == "" {
		tmp, err := os.MkdirTemp("", "archivist-pdfium-")
		if err == nil {
			defer os.RemoveAll(tmp)
			dir = tmp
		}
	}
	if dir != "" && !compiled(dir) {
		from = "child"
		if err := compileInChild(dir); err != nil {
			// Still works, at the cost of the compiler's memory in this
			// process: say why, so a peak in a crawl's RSS is explained.
			slog.Warn("pdf: compiling the engine in this process; the child process failed", "err", err)
			dir = ""
		}
	}
	if dir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			if pool, err := webassembly.Init(engineConfig(cache)); err == nil {
				return pool, from, nil
			}
		}
	}
	// The fallback, in this process. The compiler's large short-lived
	// structures are collected more often while it runs, which lowers the
	// peak (about 450 → 330 MB) for a second or so of extra GC work; then
	// its working set is handed back to the system rather than held until
	// the scavenger gets to it.
	gc := debug.SetGCPercent(10)
	pool, err := webassembly.Init(engineConfig(nil))
	debug.SetGCPercent(gc)
	debug.FreeOSMemory()
	return pool, "in process", err
}

// engineConfig is the pool's configuration, compiling through cache when
// it is not nil.
func engineConfig(cache wazero.CompilationCache) webassembly.Config {
	var rc wazero.RuntimeConfig
	if cache != nil {
		// The same features go-pdfium asks for by default.
		rc = wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCompilationCache(cache)
	}
	return webassembly.Config{
		RuntimeConfig: rc,
		MinIdle:       0,
		MaxIdle:       1,
		MaxTotal:      maxWorkers,
		ReuseWorkers:  true,
		// No file system: documents are loaded from memory only.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	}
}

// compileInChild runs this executable with CompileIntoEnv=dir and waits
// for it to compile the engine into dir.
func compileInChild(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), CompileIntoEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("compiling PDFium in %s: %v: %s", exe, err, bytes.TrimSpace(stderr.Bytes()))
	}
	if !compiled(dir) {
		return errors.New("compiling PDFium: the child left no compiled module")
	}
	return nil
}

// compileInto compiles the engine into the cache directory dir and marks
// it done. It runs in the child, before main.
func compileInto(dir string) error {
	debug.SetMemoryLimit(compileMemLimit)
	go func() {
		// The process exits when the compile is done.
		for range time.Tick(freeEvery) {
			debug.FreeOSMemory()
		}
	}()
	cache, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		return err
	}
	pool, err := webassembly.Init(engineConfig(cache))
	if err != nil {
		return err
	}
	pool.Close()
	return os.WriteFile(filepath.Join(dir, compiledMark()), nil, 0o644)
}

// compiled reports whether dir holds the engine compiled by this build.
func compiled(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, compiledMark()))
	return err == nil
}

// compiledMark names the file marking a cache directory as holding the
// engine as this build compiles it: the versions of the module (which
// embeds PDFium) and of the compiler, and the architecture.
func compiledMark() string {
	mark := "archivist-pdfium-" + runtime.GOARCH
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/klippa-app/go-pdfium" || m.Path == "github.com/tetratelabs/wazero" {
				if m.Replace != nil && m.Replace.Version != "" {
					// A local copy (internal/replace) keeps the
					// version it was copied from.
					m = m.Replace
				}
				mark += "-" + m.Version
			}
		}
	}
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' {
			return '_'
		}
		return r
	}, mark)
}

// withInstance runs fn with a PDFium instance taken from the pool.
func withInstance(ctx context.Context, fn func(pdfium.Pdfium) error) error {
	pool, err := startEngine()
	if err != nil {
		return err
	}
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return fmt.Errorf("pdf: waiting for PDFium: %w", err)
	}
	defer inst.Close()
	return fn(inst)
}
