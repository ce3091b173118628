// Command archivist crawls think-tank and news sites into a versioned,
// searchable archive of clean articles.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/archivist-org/archivist/archive"
)

// Exit codes, shared by every command (listed in `archivist --help`).
const (
	exitOK        = 0
	exitError     = 1   // the command failed, or some inputs failed
	exitUsage     = 2   // bad flags or arguments
	exitCancelled = 130 // interrupted (Ctrl-C / SIGTERM); work so far is kept
)

func main() {
	usePDFCache()
	useCommandLog(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, err := execute(ctx)
	code := exitCode(ctx, err)
	printError(os.Stderr, cmd, code, err)
	os.Exit(code)
}

// execute runs the command line. A panic in the command's goroutine (a bug,
// here or in a dependency meeting damaged data) ends it with a message and
// exit 1 instead of a stack trace.
func execute(ctx context.Context) (cmd *cobra.Command, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v (a bug: please report it with the command that caused it; 'archivist verify' checks the archive)", p)
		}
	}()
	return newRootCommand().ExecuteContextC(ctx)
}

// exitCode maps an error to the documented exit status. It is the one
// place that decides: commands return usageError for bad flags or
// arguments, silentError when they reported the failure themselves, and
// plain errors otherwise.
func exitCode(ctx context.Context, err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitCancelled
	case errors.As(err, &ue):
		return exitUsage
	}
	return exitError
}

// printError writes err for a person, as "archivist CMD: message"; a usage
// error is followed by the command's usage line. A silentError was already
// reported and prints nothing.
func printError(w io.Writer, cmd *cobra.Command, code int, err error) {
	if err == nil {
		return
	}
	prefix := "archivist"
	if cmd != nil && cmd.HasParent() {
		prefix = cmd.CommandPath()
	}
	var se silentError
	switch {
	case code == exitCancelled:
		fmt.Fprintf(w, "%s: interrupted\n", prefix)
	case code != exitUsage && errors.As(err, &se):
	default:
		// Messages made before the error model may repeat the command
		// name ("search: ..."): say it once.
		msg := err.Error()
		if cmd != nil {
			msg = strings.TrimPrefix(msg, cmd.Name()+": ")
		}
		if errors.Is(err, archive.ErrCorrupt) && !strings.Contains(msg, "archivist verify") && !strings.Contains(msg, "archivist salvage") {
			msg += " ('archivist verify' lists the damage; 'archivist salvage' copies what can be read into a new archive)"
		}
		fmt.Fprintf(w, "%s: %s\n", prefix, msg)
		if code == exitUsage && cmd != nil {
			use := cmd.UseLine()
			if cmd.HasAvailableSubCommands() {
				use = cmd.CommandPath() + " COMMAND [flags]"
			}
			fmt.Fprintf(w, "Usage: %s\nRun '%s --help' for more.\n", use, cmd.CommandPath())
		}
	}
}

// usageError marks bad flags or arguments (exit 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// silentError means the failure was already reported (e.g. per input) and
// only the exit status remains to set.
type silentError struct{ error }

func (e silentError) Unwrap() error { return e.error }
