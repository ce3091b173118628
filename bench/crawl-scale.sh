#!/usr/bin/env bash
# crawl-scale.sh: a 20-page crawl of new pages into an empty archive and
# into a big indexed one, alternately, N times each (default 5): user+sys
# CPU and peak RSS of each crawl, and big ÷ empty. BIG is written to (its
# index gains a segment per crawl, as under a schedule): pass a scratch
# copy of an indexed archive (BenchmarkScale's, after archivist reindex),
# with its .index directory beside it.
#
#   cp /tmp/archivist-scale/mixed-v100000.db /tmp/w/a.db   # then reindex
#   bench/crawl-scale.sh /tmp/w/a.db
#
# The pages are 20 corpus pages (CORPUS, default ../shared/corpus/aeb/html)
# without their canonical links, behind an index page; each pair of runs
# serves them on a loopback address of its own (127.0.0.10+i; FIRST=k
# starts k addresses later, for a BIG that this script crawled before), so
# each crawl archives 20 new pages and the big archive has nothing to
# revisit.
set -euo pipefail
big=$1
n=${N:-5}
first=${FIRST:-0}
corpus=${CORPUS:-$(dirname "$0")/../../shared/corpus/aeb/html}
bin=${ARCHIVIST:-}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	(cd "$(dirname "$0")/.." && go build -o "$dir/archivist" ./cmd/archivist)
	bin=$dir/archivist
fi
mkdir "$dir/site"
i=0
echo -n '<html><body><ul>' >"$dir/site/index.html"
for f in $(ls "$corpus" | head -20); do
	case $f in *.gz) zcat "$corpus/$f" ;; *) cat "$corpus/$f" ;; esac |
		sed -E 's/<link[^>]*rel="?canonical"?[^>]*>//Ig' >"$dir/site/a$i.html"
	echo -n "<li><a href=\"/a$i.html\">Article $i</a></li>" >>"$dir/site/index.html"
	i=$((i + 1))
done
echo '</ul></body></html>' >>"$dir/site/index.html"

crawl() { # name db host
	/usr/bin/time -f '%U %S %M' -o "$dir/t" "$bin" crawl --archive "$2" --allow-private --delay 0 \
		--concurrency 2 --allow "^http://$3:18766/(a[0-9]+\\.html)?\$" "http://$3:18766/" \
		>"$dir/out" 2>&1 || { echo "$1 failed: $(cat "$dir/out")" >&2; exit 1; }
	grep -q '20 new' "$dir/out" || { echo "$1: not 20 new pages: $(cat "$dir/out")" >&2; exit 1; }
	awk '{printf "%.2f %d\n", $1+$2, $3/1024}' "$dir/t" >>"$dir/$1"
}
for ((i = 0; i < n; i++)); do
	host=127.0.$(((first + i) / 200)).$(((first + i) % 200 + 10))
	(cd "$dir/site" && exec python3 -m http.server -b "$host" 18766 >/dev/null 2>&1) &
	pid=$!
	for _ in $(seq 50); do curl -sf "http://$host:18766/" >/dev/null && break; sleep 0.1; done
	rm -rf "$dir/empty.db" "$dir/empty.db.index"
	crawl empty "$dir/empty.db" "$host"
	crawl big "$big" "$host"
	kill "$pid"; wait "$pid" 2>/dev/null || true
	pid=
done
printf '%-6s %-28s %s\n' "" "CPU s (each run)" "peak RSS MB"
for s in empty big; do
	printf '%-6s %-28s %s\n' "$s" "$(awk '{printf "%s ", $1}' "$dir/$s")" "$(sort -n -k2 "$dir/$s" | tail -1 | awk '{print $2}')"
done
paste "$dir/empty" "$dir/big" | awk '{printf "%.2f ", $3/$1} END{print "  big ÷ empty CPU, each pair"}'
