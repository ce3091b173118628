package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newReindexCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "reindex",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("reindex: not implemented yet") },
	}
}
