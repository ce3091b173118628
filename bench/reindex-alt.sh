#!/usr/bin/env bash
# reindex-alt.sh: `archivist reindex` of fresh copies of one archive by
# several binaries one after the other, N rounds (default 2), so each meets
# the load the others met: wall, user+sys CPU and max RSS (/usr/bin/time),
# the index's segments and the load average before and after each run.
# (reindex-mem.sh runs two binaries at the same time instead, and samples
# the anonymous and file-backed parts of the RSS.)
#
#   bench/reindex-alt.sh ARCHIVE BIN...
#   N=3 bench/reindex-alt.sh /tmp/archivist-scale/mixed-v100000.db /tmp/ri/base /tmp/ri/main /tmp/ri/new
#
# Copies go to WORK (default /tmp/reindex-alt); each is removed after its run.
set -euo pipefail
src=$1
shift
n=${N:-2}
work=${WORK:-/tmp/reindex-alt}
mkdir -p "$work"
echo "nproc $(nproc); $(uptime)"
for i in $(seq "$n"); do
	for bin in "$@"; do
		label=$(basename "$bin")
		db=$work/$label.db
		rm -rf "$db" "$db.index"
		cp "$src" "$db"
		l0=$(cut -d' ' -f1 /proc/loadavg)
		rc=0
		/usr/bin/time -f "%e %U %S %M" -o "$work/$label.time" nice "$bin" reindex --archive "$db" >"$work/$label.out" 2>&1 || rc=$?
		l1=$(cut -d' ' -f1 /proc/loadavg)
		read -r e u s m < <(tail -1 "$work/$label.time")
		segs=$(find "$db.index/bleve/store" -name '*.zap' 2>/dev/null | wc -l)
		printf "round %d %-10s wall %7.1f s  cpu %6.1f s  max RSS %5d MB  segments %2d  exit %d  load %s -> %s\n" \
			"$i" "$label" "$e" "$(echo "$u + $s" | bc)" $((m / 1024)) "$segs" "$rc" "$l0" "$l1"
		rm -rf "$db" "$db.index"
	done
done
