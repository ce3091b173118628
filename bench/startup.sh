#!/usr/bin/env bash
# startup.sh: archivist's start against a hello-world Go binary's, both
# built now with the same toolchain and run alternately N times (default
# 15), so both see the same machine load. Prints the median wall, user+sys
# CPU and the ratios. Extra arguments replace `--help` (e.g. `show URL
# --db small.db`).
#
#   bench/startup.sh                 # archivist --help
#   N=31 bench/startup.sh stats --archive demo.db
#   CGO_ENABLED=0 bench/startup.sh   # the static build the README installs
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-15}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/hello"
cat >"$dir/hello/main.go" <<'EOF'
package main

import "fmt"

func main() { fmt.Println("hello, world") }
EOF
(cd "$dir/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$dir/hello.bin" .)
go build -o "$dir/archivist" ./cmd/archivist
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--help)

TIMEFORMAT='%R %U %S'
for ((i = 0; i < n; i++)); do
	{ time "$dir/hello.bin" >/dev/null; } 2>>"$dir/hello.t"
	{ time "$dir/archivist" "${args[@]}" >/dev/null 2>&1; } 2>>"$dir/archivist.t"
done
median() { # column expression over a times file
	awk "{print $2}" "$1" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]*1000}'
}
hw=$(median "$dir/hello.t" '$1')
hc=$(median "$dir/hello.t" '$2+$3')
aw=$(median "$dir/archivist.t" '$1')
ac=$(median "$dir/archivist.t" '$2+$3')
printf 'median of %d, alternating       wall ms   cpu ms\n' "$n"
printf '%-32s %7.1f  %7.1f\n' "hello-world" "$hw" "$hc"
printf '%-32s %7.1f  %7.1f\n' "archivist ${args[*]}" "$aw" "$ac"
awk -v aw="$aw" -v hw="$hw" -v ac="$ac" -v hc="$hc" 'BEGIN{printf "%-32s %7.2f  %7.2f\n", "ratio", aw/hw, ac/hc}'
