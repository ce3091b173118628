package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newExportCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "export",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("export: not implemented yet") },
	}
}
