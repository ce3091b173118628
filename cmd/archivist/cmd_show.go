package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newShowCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "show",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("show: not implemented yet") },
	}
}
