// Command archivist crawls think-tank and news sites into a versioned,
// searchable archive of clean articles.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/archivist-org/archivist/crawler"
)

// Exit codes, shared by every command (listed in `archivist --help`).
const (
	exitOK        = 0
	exitError     = 1   // the command failed, or some inputs failed
	exitUsage     = 2   // bad flags or arguments
	exitCancelled = 130 // interrupted (Ctrl-C / SIGTERM); work so far is kept
)

func main() {
	crawler.ExtraProc() // crawl, serve, demo, import: see its doc
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newRootCommand().ExecuteContext(ctx)
	os.Exit(exitCode(ctx, err))
}

// exitCode maps an error to the documented exit status and prints it.
func exitCode(ctx context.Context, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "archivist: interrupted")
		return exitCancelled
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(os.Stderr, "archivist: %v\n", err)
		return exitUsage
	}
	var se silentError
	if errors.As(err, &se) {
		return exitError // already reported
	}
	fmt.Fprintf(os.Stderr, "archivist: %v\n", err)
	return exitError
}

// usageError marks bad flags or arguments (exit 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// silentError means the failure was already reported (e.g. per input) and
// only the exit status remains to set.
type silentError struct{ error }

func (e silentError) Unwrap() error { return e.error }
