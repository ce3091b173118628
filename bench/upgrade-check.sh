#!/usr/bin/env bash
# upgrade-check.sh: does a new binary keep users' archives readable both
# ways? Builds archivist at OLDREV and at NEWREV (default: this working
# tree), then, all on loopback in a temp dir it removes:
#
#  1. OLD makes the demo archive (archivist demo: a bundled site crawled
#     twice); it is kept as pristine.db.
#  2. read: OLD and NEW run the same read commands (stats, search: words,
#     phrase, --site, --author, --sort date, --json; show, --at,
#     --version; history, --json; diff; copies; export; verify), each
#     binary on its own copy; outputs must be equal byte for byte. URLs,
#     words, site and author are taken from the archive's own export.
#  3. reindex: NEW rebuilds the index of a copy; OLD's searches on it must
#     give what they gave on OLD's own index.
#  4. write: NEW re-extracts a copy (reextract --all) and crawls a small
#     loopback site into it three times: an article, then a revised copy
#     at a second URL, then the first URL answering 301 to the second (a
#     rename: moved_to on the old page, moved_from on the new); NEW's
#     history of either URL must list both. OLD's stats, show, history
#     (both URLs), search, export and verify must succeed. Then OLD crawls
#     the site once more (a writable open and rewrites of both pages'
#     records) and NEW's history must still join the two URLs, both ways.
#     Then, when OLD records renames itself, OLD crawls the three phases
#     into a copy of its own archive; NEW's history must join the URLs
#     before and after NEW's first write (which moves the links of an
#     archive from before the renames bucket), and NEW verify it.
#  5. NEW makes its own demo archive; OLD and NEW read it (stats, search,
#     show, history, verify), compared as in 2.
#
# Every difference is printed as a unified diff (OLD then NEW, a JSON line
# spread over lines for it) and makes the script exit 1. A difference made
# on purpose between the revisions is accepted by naming its check in
# UPGRADE_ACCEPT (comma- or space-separated; the names are printed on each
# line), and is then still printed.
#
# Normalised before comparing, because it must differ: nothing else. Each
# binary reads its own copy under the same relative name (a.db), so paths
# are equal; read commands print no timings. Only check 4's crawl summaries
# (timings, rates) are not compared, just their exit status.
#
#   bench/upgrade-check.sh f5f891c                  # f5f891c -> working tree
#   bench/upgrade-check.sh f5f891c main
#   UPGRADE_ACCEPT=read/history-json bench/upgrade-check.sh f5f891c
#
# Needs go, git, jq and python3 (the loopback site of check 4).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 OLDREV [NEWREV]   (NEWREV default: the working tree)" >&2
	exit 2
fi
old_rev=$1 new_rev=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
accept=" $(echo "${UPGRADE_ACCEPT:-}" | tr ',' ' ') "
dir=$(mktemp -d "${TMPDIR:-/tmp}/upgrade-check.XXXXXX")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
	for wt in "$dir"/src-*; do
		[ -d "$wt" ] && git -C "$repo" worktree remove --force "$wt" 2>/dev/null || true
	done
	rm -rf "$dir"
}
trap cleanup EXIT

# build REV OUT: archivist at REV (empty: the working tree).
build() {
	local rev=$1 out=$2 src=$repo
	if [ -n "$rev" ]; then
		src=$dir/src-$(basename "$out")
		git -C "$repo" worktree add --quiet --detach "$src" "$rev"
	fi
	echo "building $(basename "$out") at ${rev:-the working tree} ($(git -C "$src" rev-parse --short HEAD)$([ -z "$rev" ] && [ -n "$(git -C "$src" status --porcelain)" ] && echo ', modified'))"
	(cd "$src" && nice -n 19 go build -o "$out" ./cmd/archivist)
	if [ -n "$rev" ]; then
		git -C "$repo" worktree remove --force "$src"
	fi
}
OLD=$dir/old NEW=$dir/new
build "$old_rev" "$OLD"
build "$new_rev" "$NEW"

failed=0 passed=0 accepted=0
# copydb SRC DIR: SRC (an archive and its index) as DIR/a.db.
copydb() {
	mkdir -p "$2"
	cp "$1" "$2/a.db"
	if [ -d "$1.index" ]; then cp -r "$1.index" "$2/a.db.index"; fi
}
# runin DIR BIN ARGS...: stdout, stderr and exit status, run in DIR on a.db.
runin() {
	local d=$1 bin=$2
	shift 2
	local rc=0
	(cd "$d" && "$bin" "$@" --archive a.db >out 2>err) || rc=$?
	cat "$d/out"
	[ -s "$d/err" ] && { echo "--- stderr"; cat "$d/err"; }
	echo "--- exit $rc"
}
# same NAME DIR_A BIN_A DIR_B BIN_B ARGS...: the two runs print the same.
same() {
	local name=$1 da=$2 ba=$3 db=$4 bb=$5
	shift 5
	runin "$da" "$ba" "$@" >"$dir/a.txt"
	runin "$db" "$bb" "$@" >"$dir/b.txt"
	if cmp -s "$dir/a.txt" "$dir/b.txt"; then
		echo "ok       $name: $*"
		passed=$((passed + 1))
		return
	fi
	if [[ $accept == *" $name "* ]]; then
		echo "ACCEPTED $name: $*"
		accepted=$((accepted + 1))
	else
		echo "DIFFERS  $name: $*"
		failed=$((failed + 1))
	fi
	# A JSON line is shown spread over lines, so the diff points at the
	# field (unless that hides the difference, e.g. in spacing).
	spread_json <"$dir/a.txt" >"$dir/a.show"
	spread_json <"$dir/b.txt" >"$dir/b.show"
	if cmp -s "$dir/a.show" "$dir/b.show"; then
		cp "$dir/a.txt" "$dir/a.show"
		cp "$dir/b.txt" "$dir/b.show"
	fi
	diff -u --label "$name (${la:-old})" --label "$name (${lb:-new})" "$dir/a.show" "$dir/b.show" | sed 's/^/    /' || true
}
spread_json() {
	python3 -c 'import json, sys
for line in sys.stdin:
    try:
        print(json.dumps(json.loads(line), indent=1, ensure_ascii=False))
    except ValueError:
        sys.stdout.write(line)'
}
# works NAME DIR BIN ARGS...: the command exits 0 (its output is shown
# when it does not).
works() {
	local name=$1 d=$2 bin=$3
	shift 3
	runin "$d" "$bin" "$@" >"$dir/w.txt"
	if tail -1 "$dir/w.txt" | grep -qx -- '--- exit 0'; then
		echo "ok       $name: $*"
		passed=$((passed + 1))
	elif [[ $accept == *" $name "* ]]; then
		echo "ACCEPTED $name: $*"
		accepted=$((accepted + 1))
		sed 's/^/    /' "$dir/w.txt"
	else
		echo "FAILS    $name: $*"
		failed=$((failed + 1))
		sed 's/^/    /' "$dir/w.txt"
	fi
}

# 1. The old binary's demo archive.
"$OLD" demo --archive "$dir/pristine.db" >"$dir/demo.log" 2>&1 ||
	{ cat "$dir/demo.log"; echo "old demo failed" >&2; exit 1; }

# What to ask, from the archive itself: the page with most versions, a page
# with copies, its site and first author, a title word and a title phrase.
"$OLD" export --archive "$dir/pristine.db" >"$dir/export.jsonl" 2>/dev/null
pick() { jq -rs "$1" "$dir/export.jsonl"; }
changed=$(pick 'max_by(.version).url')
copied=$(pick 'map(select((.copies // []) | length > 0)) | first.url')
site=$(pick 'max_by(.version).url | capture("^https?://(?<h>[^/:]+)").h')
author=$(pick 'max_by(.version).authors[0]')
word=$(pick 'max_by(.version).title | ascii_downcase | [scan("[a-z]{5,}")] | first')
words=$(pick 'max_by(.version).title | ascii_downcase | [scan("[a-z]{5,}")] | .[0] + " " + .[-1]')
phrase=$(pick 'max_by(.version).title | ascii_downcase | [scan("[a-z]+")] | "\"" + .[0] + " " + .[1] + "\""')
first_at=$("$OLD" history --json --archive "$dir/pristine.db" "$changed" | jq -r '.versions[0].fetched_at')
echo "pages asked: changed $changed, copied $copied; site $site, author '$author', words $words, phrase $phrase, --at $first_at"

searches() { # CHECK-PREFIX DIR_A BIN_A DIR_B BIN_B
	local p=$1
	shift
	same "$p/search-words" "$@" search "$words"
	same "$p/search-phrase" "$@" search "$phrase"
	same "$p/search-site" "$@" search --site "$site" "$word"
	same "$p/search-author" "$@" search --author "$author" "$word"
	same "$p/search-date" "$@" search --sort date "$word"
	same "$p/search-json" "$@" search --json "$word"
}

# 2. The same reads with both binaries, each on its own copy.
echo "== 2. read: the old binary's archive, old vs new binary"
copydb "$dir/pristine.db" "$dir/r-old"
copydb "$dir/pristine.db" "$dir/r-new"
R=("$dir/r-old" "$OLD" "$dir/r-new" "$NEW")
same read/stats "${R[@]}" stats
searches read "${R[@]}"
same read/show "${R[@]}" show "$changed"
same read/show-at "${R[@]}" show --at "$first_at" "$changed"
same read/show-version "${R[@]}" show --version 1 "$changed"
same read/history "${R[@]}" history "$changed"
same read/history-json "${R[@]}" history --json "$changed"
same read/diff "${R[@]}" diff --no-color "$changed"
same read/copies "${R[@]}" copies "$copied"
same read/export "${R[@]}" export
same read/verify "${R[@]}" verify
cmp -s "$dir/pristine.db" "$dir/r-old/a.db" || echo "note: the old binary's reads changed its copy of the file"
cmp -s "$dir/pristine.db" "$dir/r-new/a.db" || echo "note: the new binary's reads changed its copy of the file"

# 3. NEW's index, OLD's searches: as on OLD's own index.
echo "== 3. reindex: the new binary's index, searched by the old binary"
copydb "$dir/pristine.db" "$dir/x-new"
works reindex/new-reindex "$dir/x-new" "$NEW" reindex
la=old-index lb=new-index searches reindex "$dir/r-old" "$OLD" "$dir/x-new" "$OLD"
la=old-index lb=new-index same reindex/copies "$dir/r-old" "$OLD" "$dir/x-new" "$OLD" copies "$copied"

# 4. NEW writes (reextract, a crawl with a rename), OLD reads.
echo "== 4. write: the new binary writes (reextract, a crawl with a rename), the old binary reads"
cat >"$dir/site.py" <<'PY'
# A loopback site of one article, in the phase written in the file argv[1]:
# 1, the article at its first URL; 2, a revised copy at a second URL too;
# 3, the first URL answers 301 to the second (a rename). The home page
# links every URL the site has.
import http.server, sys
state = sys.argv[1]
prose = " ".join([
    "Irrigation schemes along the river have doubled the area under rice in ten years,",
    "but the water they draw in the dry season leaves downstream villages short.",
    "Farmers upstream pay little for the water and have no reason to save it,",
    "while herders who depend on the floodplain see their grazing shrink each year.",
    "A basin authority could set seasonal quotas, publish the river's flow every week",
    "and give each district a seat when the quotas are set, so that no one learns of a",
    "cut only when the channel runs dry. Where such councils exist, disputes are settled",
    "before they turn violent, and the cost of running them is small next to the harvests",
    "they protect. The lesson for the region is that water rules work when the people",
    "who live with them help to write them, and when the numbers they rest on are public.",
])
OLD, NEW = "/2025/irrigation-and-the-river", "/2025/who-gets-the-river"
def article(title, extra=""):
    paras = "".join("<p>%s %s</p>" % (prose, i) for i in range(3))
    return ("<!doctype html><html lang=en><head><title>%s</title>"
            "<meta name=author content='Mariam Traore'>"
            "<meta property='article:published_time' content='2025-04-02T09:00:00Z'></head>"
            "<body><header><a href=/>Home</a></header><article><h1>%s</h1>"
            "<p class=byline>By Mariam Traore, 2 April 2025</p>%s%s</article></body></html>") % (title, title, paras, extra)
class H(http.server.BaseHTTPRequestHandler):
    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        phase = int(open(state).read().strip() or "1")
        html = [("Content-Type", "text/html; charset=utf-8")]
        if self.path == "/":
            links = "<a href=%s>Irrigation</a>" % OLD
            if phase >= 2:
                links += " <a href=%s>Who gets the river</a>" % NEW
            self.send(200, ("<html><body><h1>Basin notes</h1>%s</body></html>" % links).encode(), html)
        elif self.path == OLD and phase == 3:
            self.send(301, b"", [("Location", NEW)])
        elif self.path == OLD:
            self.send(200, article("Irrigation and the River").encode(), html)
        elif self.path == NEW and phase >= 2:
            self.send(200, article("Who Gets the River", "<p>Revised: the quotas now cover the dry season only.</p>").encode(), html)
        else:
            self.send(404, b"not found")
    def log_message(self, *args):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
PY
echo 1 >"$dir/phase"
python3 "$dir/site.py" "$dir/phase" >"$dir/port" 2>"$dir/site.err" &
server_pid=$!
for _ in $(seq 50); do [ -s "$dir/port" ] && break; sleep 0.1; done
[ -s "$dir/port" ] || { cat "$dir/site.err"; echo "loopback site did not start" >&2; exit 1; }
base=http://127.0.0.1:$(cat "$dir/port")
old_url=$base/2025/irrigation-and-the-river new_url=$base/2025/who-gets-the-river
crawl=(crawl --allow-private --delay 0 --name basin-notes --quiet "$base/")
# joined NAME WHEN: the new binary's history of each URL of the rename
# lists the versions of the other one too (it follows moved_to one way,
# moved_from the other).
joined() {
	local name=$1 when=$2 bad=0 from to
	for from in "$old_url" "$new_url"; do
		to=$old_url
		[ "$from" = "$old_url" ] && to=$new_url
		runin "$W" "$NEW" history --json "$from" >"$dir/j.txt"
		if ! sed '/^--- /,$d' "$dir/j.txt" | jq -e --arg u "$to" '[.versions[].url] | index($u) != null' >/dev/null 2>&1; then
			[ $bad = 1 ] || { if [[ $accept == *" $name "* ]]; then echo "ACCEPTED $name"; accepted=$((accepted + 1)); else echo "FAILS    $name"; failed=$((failed + 1)); fi; }
			bad=1
			echo "    $when, the new binary's history --json $from does not reach $to:"
			sed 's/^/    /' "$dir/j.txt"
		fi
	done
	if [ $bad = 0 ]; then
		echo "ok       $name: $when, the new binary's history of either URL lists both"
		passed=$((passed + 1))
	fi
}
W=$dir/w
copydb "$dir/pristine.db" "$W"
works write/new-reextract "$W" "$NEW" reextract --all
for phase in 1 2 3; do
	echo "$phase" >"$dir/phase"
	works "write/new-crawl-$phase" "$W" "$NEW" "${crawl[@]}"
done
works write/new-verify "$W" "$NEW" verify
runin "$W" "$NEW" export >"$dir/w-export.txt"
if grep -q "\"moved_to\":\"$new_url\"" "$dir/w-export.txt" && grep -q "\"moved_from\":\[\"$old_url\"\]" "$dir/w-export.txt"; then
	echo "ok       write/renamed: the new binary recorded $old_url -> $new_url"
	passed=$((passed + 1))
else
	echo "FAILS    write/renamed: the new binary's export has no moved_to/moved_from for $old_url -> $new_url"
	failed=$((failed + 1))
fi
joined write/renames-joined "as the new binary wrote it"
works write/old-stats "$W" "$OLD" stats
works write/old-show "$W" "$OLD" show "$changed"
works write/old-show-renamed "$W" "$OLD" show "$old_url"
works write/old-show-new-url "$W" "$OLD" show "$new_url"
works write/old-history "$W" "$OLD" history "$changed"
works write/old-history-renamed "$W" "$OLD" history --json "$old_url"
works write/old-history-new-url "$W" "$OLD" history --json "$new_url"
works write/old-search "$W" "$OLD" search river
works write/old-export "$W" "$OLD" export
works write/old-verify "$W" "$OLD" verify
# Back the other way: the old binary writes the renamed pages (a crawl
# that fetches both URLs again), the new one must still join them.
works write/old-crawl "$W" "$OLD" "${crawl[@]}"
joined write/renames-kept "after the old binary's crawl"
works write/new-verify-after-old "$W" "$NEW" verify
# An old binary that records renames itself (one from before the renames
# bucket keeps them in the page records): NEW reads them as it wrote
# them, then its first write moves them, and still joins the two URLs.
W=$dir/o
copydb "$dir/pristine.db" "$W"
for phase in 1 2 3; do
	echo "$phase" >"$dir/phase"
	works "write/old-crawl-$phase" "$W" "$OLD" "${crawl[@]}"
done
runin "$W" "$OLD" export >"$dir/o-export.txt"
if grep -q "\"moved_to\":\"$new_url\"" "$dir/o-export.txt"; then
	joined write/old-renames-read "as the old binary wrote them"
	works write/new-crawl-old-renamed "$W" "$NEW" "${crawl[@]}"
	joined write/old-renames-moved "after the new binary's first write"
	works write/new-verify-old-renamed "$W" "$NEW" verify
else
	echo "skip     write/old-renames-*: the old binary records no renames"
fi
kill "$server_pid" 2>/dev/null || true
server_pid=

# 5. NEW's own demo archive, read by both.
echo "== 5. new archive: the new binary's demo archive, old vs new binary"
"$NEW" demo --archive "$dir/fresh.db" >"$dir/demo-new.log" 2>&1 ||
	{ cat "$dir/demo-new.log"; echo "new demo failed" >&2; exit 1; }
nchanged=$("$NEW" export --archive "$dir/fresh.db" 2>/dev/null | jq -rs 'max_by(.version).url')
copydb "$dir/fresh.db" "$dir/n-old"
copydb "$dir/fresh.db" "$dir/n-new"
N=("$dir/n-old" "$OLD" "$dir/n-new" "$NEW")
same fresh/stats "${N[@]}" stats
same fresh/search "${N[@]}" search "$word"
same fresh/search-json "${N[@]}" search --json "$phrase"
same fresh/show "${N[@]}" show "$nchanged"
same fresh/history "${N[@]}" history "$nchanged"
same fresh/verify "${N[@]}" verify

echo
echo "$passed passed, $failed failed, $accepted accepted"
[ "$failed" -eq 0 ]
