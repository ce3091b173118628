package search

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropResident gives back the process's resident pages of db's file
// mapping (MADV_DONTNEED on a shared, read-only file mapping: the pages
// stay in the page cache, and a later read maps them again without I/O).
// bbolt reads through a map of the whole file, so a rebuild's random
// inserts into state.db's pages bucket would otherwise keep every page of
// it resident (110 MB of RSS at 100k versions). bbolt only remaps the file
// with no transaction open, so inside View the map stays where Info says.
func dropResident(db *bolt.DB) {
	_ = db.View(func(tx *bolt.Tx) error {
		addr := db.Info().Data
		size := uintptr(tx.Size())
		if addr == 0 || size == 0 {
			return nil
		}
		// The map starts page-aligned and is at least the file's size.
		dropMapped(addr, size)
		return nil
	})
}

// dropMapped gives back the process's resident pages of size bytes of a
// shared, read-only file mapping at addr (page-aligned), as dropResident
// does. The mapping must stay mapped until it returns: on memory mapped
// anew at the same address, MADV_DONTNEED would zero it.
func dropMapped(addr, size uintptr) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, size, syscall.MADV_DONTNEED)
}
