package archive

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// cleanAttr is an extended attribute a writer sets on the file when it
// closes the archive cleanly: the file's size and modification time then.
// A writable open walks the page trees first (walkFile) unless the file
// still has exactly that size and time, that is unless nothing touched it
// since: bbolt trusts its pages when it writes, and a damaged page met while
// writing corrupts memory rather than panicking. Without the attribute (a
// crash, a restored or copied file, a file system without user attributes)
// the open pays the walk, about a second per GB.
const cleanAttr = "user.archivist.clean"

func cleanStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
}

// markClean records that path was closed cleanly as it is now. It first
// moves the modification time to the last nanosecond of its second: the
// kernel stamps writes with a coarse clock, so a write in the same tick
// as the close would otherwise leave the time unchanged and go unnoticed.
func markClean(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return
	}
	mt := fi.ModTime().Truncate(time.Second).Add(time.Second - 1)
	if os.Chtimes(path, time.Time{}, mt) != nil {
		return
	}
	if s := cleanStamp(path); s != "" {
		_ = unix.Setxattr(path, cleanAttr, []byte(s), 0)
	}
}

// closedClean reports whether path is as a writer left it at a clean close.
func closedClean(path string) bool {
	buf := make([]byte, 64)
	n, err := unix.Getxattr(path, cleanAttr, buf)
	return err == nil && n > 0 && string(buf[:n]) == cleanStamp(path)
}
