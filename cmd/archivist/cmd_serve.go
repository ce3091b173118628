package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newServeCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "serve",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("serve: not implemented yet") },
	}
}
