package main

import (
	"github.com/archivist-org/archivist/crawler"
)

// shardSources keeps the sources of --shard i/N ("" = all).
func shardSources(shard string, sources []crawler.Source) ([]crawler.Source, error) {
	if shard == "" {
		return sources, nil
	}
	sh, err := crawler.ParseShard(shard)
	if err != nil {
		return nil, usageError{err}
	}
	return sh.Select(sources), nil
}
