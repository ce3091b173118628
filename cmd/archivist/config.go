package main

import (
	"errors"
	"fmt"

	"github.com/archivist-org/archivist/crawler"
)

// loadConfig reads the sources file of crawl and serve. A file that names
// no source is an error like a malformed one, found before the archive is
// opened (an empty file used to crawl nothing, exit 0 and create the
// archive).
func loadConfig(path string) (*crawler.Config, error) {
	cfg, err := crawler.LoadConfig(path)
	if err != nil {
		return nil, configFailure(err)
	}
	if len(cfg.Sources) == 0 {
		return nil, usageError{fmt.Errorf("%s has no [[source]] table: nothing to crawl (see the README, \"Crawling\")", path)}
	}
	return cfg, nil
}

// configFailure gives a sources file error its exit status: a file that
// cannot be read is a failure naming it (1), as a missing archive is; a
// malformed one is a bad argument (2), followed by the usage line.
func configFailure(err error) error {
	var ce *crawler.ConfigError
	if errors.As(err, &ce) && ce.ReadErr != nil {
		return err
	}
	return usageError{err}
}
