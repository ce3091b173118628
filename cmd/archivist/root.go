package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const exitCodesHelp = `
Exit status:
  0    success
  1    failure (or some inputs failed; each is reported)
  2    bad flags or arguments
  130  interrupted; work done so far is kept
`

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "archivist",
		Short: "Crawl think-tank and news sites into a versioned, searchable archive",
		Long: `archivist crawls think-tank and news sites (sections, feeds, sitemaps) and the
aggregators that republish them, extracts the clean article text and metadata,
and keeps every version in a local archive you can search, read as of a date,
diff and export as JSON Lines.

Start with 'archivist demo'.
` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          unknownCommand,
		// Suggest "search" for "serach".
		SuggestionsMinimumDistance: 2,
		RunE:                       func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newExtractCommand(),
		newCrawlCommand(),
		newCrawlsCommand(),
		newServeCommand(),
		newDemoCommand(),
		newHistoryCommand(),
		newShowCommand(),
		newDiffCommand(),
		newExportCommand(),
		newStatsCommand(),
		newVerifyCommand(),
		newSalvageCommand(),
		newReextractCommand(),
		newSearchCommand(),
		newReindexCommand(),
		newCopiesCommand(),
		newImportCommand(),
		newPushCommand(),
	)
	enforceUsageErrors(root)
	for _, c := range root.Commands() {
		c.Long = exitStatusParagraph(c.Long)
	}
	sayFlagsGivenTwice(root)
	return root
}

// sayFlagsGivenTwice makes a flag that takes one value, given twice with
// different values, say so on stderr before the command runs. The last
// still counts (pflag's rule, which scripts and aliases giving a default
// first rely on), but --archive a.db --archive b.db no longer reads b.db
// without a word. Switches (--json --json) and lists (--site a --site b,
// --source) are left alone.
func sayFlagsGivenTwice(root *cobra.Command) {
	var notes []string
	for _, c := range root.Commands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if _, list := f.Value.(commaList); list || f.Value.Type() == "bool" || strings.HasSuffix(f.Value.Type(), "Slice") || strings.HasSuffix(f.Value.Type(), "Array") {
				return
			}
			f.Value = &onceValue{Value: f.Value, name: f.Name, notes: &notes}
		})
	}
	root.PersistentPreRun = func(c *cobra.Command, _ []string) {
		for _, n := range notes {
			fmt.Fprintln(c.ErrOrStderr(), "archivist: "+n)
		}
	}
}

// onceValue notes a second Set with another value (see sayFlagsGivenTwice).
type onceValue struct {
	pflag.Value
	name  string
	set   bool
	notes *[]string
}

func (o *onceValue) Set(v string) error {
	prev := o.Value.String()
	if err := o.Value.Set(v); err != nil {
		return err
	}
	if now := o.Value.String(); o.set && now != prev {
		*o.notes = append(*o.notes, fmt.Sprintf("--%s given twice (%q, then %q): the last counts", o.name, prev, now))
	}
	o.set = true
	return nil
}

// exitStatusParagraph puts exactly one blank line before the exit-status
// table, whether or not the description above it ends with a newline.
func exitStatusParagraph(long string) string {
	head, ok := strings.CutSuffix(long, exitCodesHelp)
	if !ok {
		return long
	}
	return strings.TrimRight(head, "\n") + "\n" + exitCodesHelp
}

// archiveFlag adds the shared --archive flag: default ./archivist.db, or
// $ARCHIVIST_ARCHIVE when set.
func archiveFlag(c *cobra.Command, p *string) {
	def := "archivist.db"
	if env := os.Getenv("ARCHIVIST_ARCHIVE"); env != "" {
		def = env
	}
	c.Flags().StringVar(p, "archive", def, "archive file (env ARCHIVIST_ARCHIVE)")
}
