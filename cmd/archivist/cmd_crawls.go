package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newCrawlsCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "crawls",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("crawls: not implemented yet") },
	}
}
