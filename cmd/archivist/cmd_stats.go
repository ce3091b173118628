package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newStatsCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "stats",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("stats: not implemented yet") },
	}
}
