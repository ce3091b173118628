package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newExtractCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "extract",
		Short: "(not yet implemented)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("extract: not implemented yet") },
	}
}
