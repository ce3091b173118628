package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Placeholder until implemented.
func newCrawlCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "crawl",
		Short:  "(not yet implemented)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("crawl: not implemented yet") },
	}
}
