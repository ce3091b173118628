package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newSearchCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "search",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("search: not implemented yet") },
	}
}
