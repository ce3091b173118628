//go:build !linux

package main

import "time"

// threadCPU is not measured outside Linux: 0.
func threadCPU() time.Duration { return 0 }
