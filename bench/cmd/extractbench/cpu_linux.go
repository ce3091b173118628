package main

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time (user and system) the calling OS thread has
// used; extractbench runs the extractors on one locked thread, so the
// difference around a call is its CPU time, which a loaded machine
// inflates far less than wall time (time waiting for a core is not in it).
// 0 when it cannot be read.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
