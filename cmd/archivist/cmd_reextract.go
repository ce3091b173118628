package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newReextractCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "reextract",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("reextract: not implemented yet") },
	}
}
