#!/usr/bin/env bash
# reindex-mem.sh: `archivist reindex` of copies of one archive by two
# binaries at the same time (so both meet the same load on a shared
# machine), N rounds (default 1): wall, user+sys CPU and peak RSS of each
# (/usr/bin/time -v), and the peaks of RssAnon and RssFile sampled every
# 0.1 s from /proc/PID/status, with the mapped files' share (from
# /proc/PID/smaps, every second) at their peaks.
#
#   CGO_ENABLED=0 go build -o /tmp/ri/new ./cmd/archivist   # and /tmp/ri/old from main
#   bench/reindex-mem.sh /tmp/ri/old /tmp/ri/new /tmp/archivist-scale/mixed-v100000.db
#
# Each binary gets its own copy of the archive (reindex writes ARCHIVE.index
# beside it) in WORK (default /tmp/reindex-mem).
set -euo pipefail
a=$1 b=$2 src=$3
n=${N:-1}
work=${WORK:-/tmp/reindex-mem}
mkdir -p "$work/a" "$work/b"
cp "$src" "$work/a/x.db"
cp "$src" "$work/b/x.db"

run() { # label bin db
	local label=$1 bin=$2 db=$3 log=$work/$1
	rm -rf "$db.index" "$log.smaps"
	/usr/bin/time -v -o "$log.time" nice "$bin" reindex --archive "$db" >"$log.out" 2>&1 &
	local tp=$! pid="" i=0 r a f mr=0 ma=0 mf=0
	for _ in $(seq 100); do pid=$(pgrep -P $tp | head -1) && [ -n "$pid" ] && break; sleep 0.02; done
	while kill -0 $tp 2>/dev/null; do
		if read -r r a f < <(awk '/^VmRSS/{r=$2}/^RssAnon/{a=$2}/^RssFile/{f=$2}END{print r+0,a+0,f+0}' /proc/$pid/status 2>/dev/null); then
			((r > mr)) && mr=$r
			((a > ma)) && ma=$a
			((f > mf)) && mf=$f
		fi
		if ((i++ % 10 == 0)); then
			awk '/^[0-9a-f]+-[0-9a-f]+ /{n=($6==""?"[anon]":$6); sub(/.*\//,"",n); if (n ~ /zap$/) n="bleve segments"}
				/^Rss:/{s[n]+=$2} END{for (k in s) if (s[k] > 4096) printf "%s\t%d\n", k, s[k]/1024}' /proc/$pid/smaps >>"$log.smaps" 2>/dev/null || true
		fi
		sleep 0.1
	done
	wait $tp || true
	local t=$log.time
	printf "%-6s wall %s  cpu %.1f s  max RSS %d MB  peak anon %d MB  file %d MB  | %s\n" "$label" \
		"$(awk -F': ' '/Elapsed/{print $2}' "$t")" \
		"$(awk -F': ' '/User time/{u=$2}/System time/{s=$2}END{print u+s}' "$t")" \
		$(($(awk -F': ' '/Maximum resident/{print $2}' "$t") / 1024)) $((ma / 1024)) $((mf / 1024)) "$(tail -1 "$log.out")"
	awk -F'\t' '{if ($2 > m[$1]) m[$1] = $2} END{for (k in m) printf "         %s: %d MB\n", k, m[k]}' "$log.smaps" | sort
}

for i in $(seq "$n"); do
	run old "$a" "$work/a/x.db" >"$work/old.sum" &
	run new "$b" "$work/b/x.db" >"$work/new.sum"
	wait
	cat "$work/old.sum" "$work/new.sum"
done
