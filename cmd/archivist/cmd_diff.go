package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newDiffCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "diff",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("diff: not implemented yet") },
	}
}
