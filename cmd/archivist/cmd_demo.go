package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newDemoCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "demo",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("demo: not implemented yet") },
	}
}
