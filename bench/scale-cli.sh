#!/usr/bin/env bash
# scale-cli.sh: read commands as processes on a small and a big archive,
# alternately, N times each (default 15): median wall and user+sys CPU in
# ms, and big ÷ small. The archives are the ones BenchmarkScale generates
# (archive/scale_bench_test.go), each with its URL list beside it (line i
# is page i: i%10 == 0 has 3 versions, i%100 == 0 has a near-copy at
# i+1); both must be indexed first (archivist reindex) for copies and
# search.
#
#   bench/scale-cli.sh /tmp/archivist-scale/mixed-v10000.db /tmp/archivist-scale/mixed-v100000.db
set -euo pipefail
small=$1 big=$2
n=${N:-15}
bin=${ARCHIVIST:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	(cd "$(dirname "$0")/.." && go build -o "$dir/archivist" ./cmd/archivist)
	bin=$dir/archivist
fi

# url DB STEP K: the K-th of 100 pages that are multiples of STEP, spread
# over the archive (the same count of distinct pages at every size).
url() {
	local pages
	pages=$(wc -l <"$1.urls")
	sed -n "$(((($3 * 7919) % (pages / $2)) * $2 + 1))p" "$1.urls"
}

TIMEFORMAT='%R %U %S'
run() { # name db args...
	local name=$1 db=$2
	shift 2
	{ time "$bin" "$@" --archive "$db" >"$dir/out" 2>"$dir/err"; } 2>>"$dir/$name.t" ||
		{ echo "$name failed: $(cat "$dir/err")" >&2; exit 1; }
	wc -l <"$dir/out" >>"$dir/$name.lines" # for copies: the group's size
}
queries=(government "climate change" '"trade war"' police "energy prices" '"new york"')
for ((i = 0; i < n; i++)); do
	for size in small big; do
		db=${!size}
		run "$size.show" "$db" show "$(url "$db" 1 "$i")"
		run "$size.history" "$db" history "$(url "$db" 10 "$i")"
		run "$size.copies" "$db" copies "$(url "$db" 100 "$i")"
		run "$size.search" "$db" search "${queries[i % ${#queries[@]}]}"
	done
done
median() { # file awk-expression
	awk "{print $2}" "$1" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]*1000}'
}
printf 'median of %d, alternating   small wall  big wall   ratio | small cpu  big cpu   ratio (ms)\n' "$n"
for op in show history copies search; do
	sw=$(median "$dir/small.$op.t" '$1') bw=$(median "$dir/big.$op.t" '$1')
	sc=$(median "$dir/small.$op.t" '$2+$3') bc=$(median "$dir/big.$op.t" '$2+$3')
	awk -v op="$op" -v sw="$sw" -v bw="$bw" -v sc="$sc" -v bc="$bc" \
		'BEGIN{printf "%-26s %10.1f %9.1f %7.2f | %9.1f %8.1f %7.2f\n", op, sw, bw, bw/sw, sc, bc, bc/sc}'
done
for size in small big; do
	awk -v s="$size" '{t+=$1} END{printf "copies: %s archive, mean group size %.1f pages\n", s, t/NR}' "$dir/$size.copies.lines"
done
