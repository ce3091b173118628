package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/archive"
)

// verifyOptions are the flags of `archivist verify`.
type verifyOptions struct {
	Archive string
	JSON    bool
}

func (o *verifyOptions) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.JSON, "json", false, "print the report as one JSON object, on one line")
}

func newVerifyCommand() *cobra.Command {
	var opts verifyOptions
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the archive's integrity: blobs, indexes, references",
		Long: `Verify reads the whole archive and checks it: bbolt's page structure, every
stored raw page against its content hash, every version's article, the URL,
sequence and latest-version indexes, the fetch log and the running counters.
It only reads; when a crawl holds the archive, the crawl's process does the
check and reports back. A file whose structure is damaged or cut short is
read past the damage: every damaged page is listed, then every problem in
the records that could be read (versions lost with those pages included);
'archivist salvage' then copies what can be read into a new archive.

Exit status 1 means problems were found (they are listed).

Examples:
  archivist verify
  archivist verify --json --archive /data/think-tanks.db
` + exitCodesHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &opts.Archive)
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runVerify(ctx context.Context, opts verifyOptions, args []string, stdout, stderr io.Writer) error {
	var rep *archive.VerifyReport
	r, err := archive.OpenReader(ctx, opts.Archive)
	switch {
	case err == nil:
		defer r.Close()
		v, ok := r.(archive.Verifier)
		if !ok {
			return errors.New("verify: this reader cannot verify")
		}
		rep, err = v.Verify(ctx)
	case errors.Is(err, archive.ErrCorrupt):
		// Damaged page trees (or a cut): list the damage, then check
		// what can be read past it.
		rep, err = archive.VerifyDamaged(ctx, opts.Archive)
	default:
		return archiveOpenErr(opts.Archive, err)
	}
	if rep == nil {
		return archiveOpenErr(opts.Archive, err)
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		if jerr := enc.Encode(rep); jerr != nil {
			return jerr
		}
	} else {
		fmt.Fprintf(stdout, "checked %s, %s, %s, %s, %s\n", count(rep.Pages, "page", "pages"), count(rep.Versions, "version", "versions"),
			count(rep.Blobs, "raw page", "raw pages"), count(rep.Fetches, "fetch", "fetches"), count(rep.URLs, "URL", "URLs"))
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, "PROBLEM:", p)
		}
		if len(rep.Problems) == 0 && err == nil {
			fmt.Fprintln(stdout, "ok")
		}
	}
	if err != nil {
		if errors.Is(err, archive.ErrCorrupt) {
			if rep.DamagedPages > 0 {
				fmt.Fprintf(stderr, "archivist verify: the archive %s is damaged (%s): %s found; 'archivist salvage --archive %s NEW.db' copies every readable version into a new archive\n",
					opts.Archive, rep.Problems[0], count(len(rep.Problems), "problem", "problems"), opts.Archive)
			} else {
				fmt.Fprintf(stderr, "archivist verify: %s found\n", count(len(rep.Problems), "problem", "problems"))
			}
			return silentError{err}
		}
		return err
	}
	return nil
}
