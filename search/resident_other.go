//go:build !linux

package search

import bolt "go.etcd.io/bbolt"

// dropResident is a no-op where MADV_DONTNEED on a file mapping is not known
// to leave the file's pages as they are (see resident_linux.go).
func dropResident(*bolt.DB) {}

// dropMapped is a no-op, as dropResident is.
func dropMapped(addr, size uintptr) {}
