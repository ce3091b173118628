package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/archivist-org/archivist/archive"
)

func newSalvageCommand() *cobra.Command {
	var src string
	cmd := &cobra.Command{
		Use:   "salvage NEW.db",
		Short: "Copy every readable version of a damaged archive into a new one",
		Long: `Salvage reads the archive (--archive) as far as it can be read and copies
every readable version into NEW.db, a new archive, as it was stored: the
article as extracted then, its raw page, fetch time and how long it was seen.
Nothing is re-extracted. Then what the archive knows besides versions: each
page's other URLs, renames, gone and failure state, fetch log, the crawl
runs and the crawler's queue. Versions that cannot be read are named on stderr and
skipped; a version whose raw page is lost keeps its text. A file whose
structure is damaged (or cut short) is read past the damage, page by page,
through a temporary copy of its readable part beside NEW.db.

Run 'archivist verify' first to see the damage. The damaged archive is only
read; NEW.db must not exist, and appears only once complete: an interrupted
or failed salvage leaves none (run it again). Search the new archive as
usual: its index is built on first use.

Exit status 1 means some versions could not be copied whole (they are
listed): unreadable, damaged (text that no longer matches its content hash,
a URL, date or article that fails its checksum: copied as stored), or a
lost raw page, or a damaged structure. NEW.db has an archive id of its own:
its versions are numbered anew.

Examples:
  archivist salvage --archive damaged.db recovered.db
` + exitCodesHelp,
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSalvage(cmd.Context(), src, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	archiveFlag(cmd, &src)
	return cmd
}

func runSalvage(ctx context.Context, srcPath, dstPath string, stdout, stderr io.Writer) error {
	if _, err := os.Stat(dstPath); err == nil {
		return usageError{fmt.Errorf("%s exists: salvage writes a new archive (pick another name)", dstPath)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	src, err := archive.Open(srcPath, &archive.Options{ReadOnly: true})
	var damage []string
	if errors.Is(err, archive.ErrCorrupt) {
		// Damaged page trees or a cut: read past the damage, into a
		// temporary copy beside the new archive (it may be as large).
		src, damage, err = archive.OpenRescued(ctx, srcPath, filepath.Dir(dstPath))
		for _, d := range damage {
			fmt.Fprintf(stderr, "archivist salvage: damaged: %s\n", d)
		}
	}
	if err != nil {
		return archiveOpenErr(srcPath, err)
	}
	defer src.Close()
	// NEW.db is made under a temporary name beside it and takes its name
	// once complete: an interrupted or failed salvage left a partial
	// archive at NEW.db that verified as sound and read as the whole
	// salvage, and that a second run refused to overwrite.
	tmp, err := createTempBeside(dstPath)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", dstPath, pathCause(err))
	}
	tmpPath := tmp.Name()
	tmp.Close()
	os.Remove(tmpPath) // an empty file is not an archive: Open makes it
	dst, err := archive.Open(tmpPath, nil)
	if err != nil {
		os.Remove(tmpPath)
		return err
	}
	st, err := archive.Salvage(ctx, src, dst, func(seq uint64, url string, err error) {
		fmt.Fprintf(stderr, "archivist salvage: seq %d %s: %v\n", seq, url, err)
	})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = publishNew(tmpPath, dstPath)
	}
	os.Remove(tmpPath)
	if err != nil {
		fmt.Fprintf(stderr, "archivist salvage: stopped after %s; %s was not written (run the same command again)\n",
			count(st.Versions, "version", "versions"), dstPath)
		return err
	}
	fmt.Fprintf(stdout, "salvaged %s into %s; %s unreadable, %s damaged (copied as stored), %s without their raw page\n",
		count(st.Versions, "version", "versions"), dstPath, count(st.Skipped, "version", "versions"),
		count(st.Damaged, "version", "versions"), count(st.NoRaw, "version", "versions"))
	if st.Missing > 0 {
		fmt.Fprintf(stdout, "%s fewer versions than their record counts (named on stderr)\n", count(st.Missing, "page has", "pages have"))
	}
	if st.Other > 0 {
		fmt.Fprintf(stdout, "%s (page states, fetch log entries) could not be read\n", count(st.Other, "other record", "other records"))
	}
	if len(damage) > 0 {
		fmt.Fprintf(stdout, "the file's structure is damaged (%s, listed on stderr): what hung from there could not be read\n", count(len(damage), "problem", "problems"))
	}
	if st.Skipped+st.Damaged+st.NoRaw+st.Other+st.Missing > 0 || len(damage) > 0 {
		return silentError{fmt.Errorf("%s not copied whole, %s", count(st.Skipped+st.Damaged+st.NoRaw, "version", "versions"), count(len(damage), "damaged part", "damaged parts"))}
	}
	return nil
}

// publishNew gives the complete file at tmp the name path by a link, which
// never replaces a file made there meanwhile, or by a rename on a file
// system without links.
func publishNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); !errors.Is(serr, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, path)
}
