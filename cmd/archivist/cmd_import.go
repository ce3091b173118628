package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newImportCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "import",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("import: not implemented yet") },
	}
}
