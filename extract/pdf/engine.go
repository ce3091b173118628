package pdf

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
)

// engine is PDFium compiled to WebAssembly, run by wazero. Compiling the
// module takes a few seconds and a few tens of MB, so it starts on the first
// PDF, never at package init: a crawl that meets no PDF pays nothing.
var engine struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// maxWorkers bounds the PDFium instances alive at once; each holds its own
// WebAssembly memory (the document and its parsed pages), so this bounds
// memory too. Callers beyond it wait for a free instance.
const maxWorkers = 2

func startEngine() (pdfium.Pool, error) {
	engine.once.Do(func() {
		engine.pool, engine.err = webassembly.Init(webassembly.Config{
			MinIdle:      0,
			MaxIdle:      1,
			MaxTotal:     maxWorkers,
			ReuseWorkers: true,
			// No file system: documents are loaded from memory only.
			FSConfig: wazero.NewFSConfig(),
			Stdout:   io.Discard,
			Stderr:   io.Discard,
		})
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
