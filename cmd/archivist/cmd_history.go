package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newHistoryCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "history",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("history: not implemented yet") },
	}
}
