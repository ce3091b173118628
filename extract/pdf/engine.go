package pdf

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// engine is PDFium compiled to WebAssembly, run by wazero. Compiling the
// module takes a few seconds and a few tens of MB, so it starts on the first
// PDF, never at package init: a crawl that meets no PDF pays nothing.
var engine struct {
	once     sync.Once
	pool     pdfium.Pool
	err      error
	cacheDir string
}

// SetCacheDir makes the engine keep its compiled code in dir (created if
// needed) and load it from there in later processes: starting then takes a
// fraction of the time and the memory of compiling (about 320 MB peak,
// against about 100 MB). "" (the default) compiles in memory every time.
// It must be called before the first Extract; later calls do nothing.
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

func startEngine() (pdfium.Pool, error) {
	engine.once.Do(func() {
		engineMu.Lock()
		dir := engine.cacheDir
		engineMu.Unlock()
		var rc wazero.RuntimeConfig
		if dir != "" {
			if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				// The same features go-pdfium asks for by default.
				rc = wazero.NewRuntimeConfig().
					WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
					WithCompilationCache(cache)
			}
		}
		cfg := webassembly.Config{
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
		// Compiling the module builds large short-lived structures: collect
		// them more often while it runs, which lowers the process's peak
		// (about 450 → 330 MB) for a second or so of extra GC work.
		gc := debug.SetGCPercent(10)
		engine.pool, engine.err = webassembly.Init(cfg)
		debug.SetGCPercent(gc)
		// The compiler's working set (~250 MB, most of it for PDFium's
		// largest function) is garbage now: hand it back to the system
		// rather than let a long crawl hold it until the scavenger does.
		debug.FreeOSMemory()
		if engine.err != nil && rc != nil {
			// An unusable cache directory must not cost the engine.
			cfg.RuntimeConfig = nil
			engine.pool, engine.err = webassembly.Init(cfg)
		}
		if engine.err != nil {
			engine.err = fmt.Errorf("pdf: starting PDFium: %w", engine.err)
		}
	})
	return engine.pool, engine.err
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
