package archive

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// cleanAttr is an extended attribute a writer sets on the file when it
// closes the archive cleanly (and a reader after walking it, markWalked):
// the file's size and modification time then. An open walks the page
// trees first (walkFile) unless the file still has exactly that size and
// time, that is unless nothing touched it since: bbolt trusts its pages
// (a damaged page met while writing corrupts memory rather than
// panicking, and a cycle of page references makes a read loop for ever). Without the attribute (a
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

// markWalked records, after a reader walked the page trees of path and
// found them sound, that the file as it was then (stamp, from cleanStamp
// before the walk) needs no walk at the next open. Only when the file is
// unchanged since and its modification time is a second old or more: a
// reader does not move the time as markClean does, and a write in the
// same clock tick as the stamp would otherwise go unnoticed. Best effort:
// a file the user may not change keeps no stamp.
func markWalked(path, stamp string) {
	fi, err := os.Stat(path)
	if err != nil || cleanStamp(path) != stamp || time.Since(fi.ModTime()) < time.Second {
		return
	}
	_ = unix.Setxattr(path, cleanAttr, []byte(stamp), 0)
}
