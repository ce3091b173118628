package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newCopiesCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "copies",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("copies: not implemented yet") },
	}
}
