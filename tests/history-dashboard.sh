#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench dashboard, opened in a real browser (headless Chromium): the
# page loads with no console errors, a chart holds the points the data
# has, the change point is marked at the run where the data put it; no
# text from the database becomes markup; the test saves a screenshot.

. "${top_srcdir:-.}/tests/history/lib.sh"

synth=$builddir/tests/history/history-synth
dashboard=$builddir/tools/daxbench-dashboard
# The front door's way of finding the page's files in the build tree.
DB_MODE=build DB_SRCDIR=$srcdir
export DB_MODE DB_SRCDIR

# 12 runs of 2 measurements on 2 paths, 3 repeats; kernel instructions
# up 10% from the seventh run (index 6).
"$synth" "$tmp/runs" --runs 12 --tests 2 --repeats 3 --step 6:10:insns_kernel
"$history" import --db "$tmp/h.db" "$tmp"/runs/* >/dev/null
step_run=$(nth_run "$tmp/runs" 7)

# A run whose names are markup: they must arrive as text.
evil=$(fake_run base 20261201-000000-guest-evil01 2026-12-01T00:00:00Z)
sed -e 's|"path": "ext4-dax"|"path": "</script><img src=x onerror=alert(1)>"|' \
	"$evil/run.json" >"$evil/run.json.new" && mv "$evil/run.json.new" "$evil/run.json"
run "$history" import --db "$tmp/h.db" "$evil"
is 0 "$rc" "a run with markup in its names imports (it is only text)"

run "$dashboard" --db "$tmp/h.db" --out "$tmp/site"
is 0 "$rc" "dashboard written"
page=$tmp/site/index.html
[ -s "$page" ]
ok $? "... index.html"
! grep -Eqi '<script[^>]* src=|<link[^>]*href=|@import' "$page"
ok $? "... loads nothing from anywhere: no script src, no link, no @import"
grep -q 'Dygraph' "$page"
ok $? "... with the charting library inlined"
! grep -q '</script><img' "$page"
ok $? "... the markup in the data is escaped in the page"

# ---- the browser -----------------------------------------------------

browser=
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done

# chrome ARGS...: headless Chromium as the brief's flags ask, its own
# profile, console messages on stderr; no time limit of ours: the page
# reports when it is done, however loaded the host.
chrome() {
	_prof=$(mktemp -d "$tmp/chrome.XXXXXX")
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$_prof" --enable-logging=stderr --v=0 \
		--virtual-time-budget=30000 "$@" 2>>"$tmp/chrome.err"
}

if [ -z "$browser" ]; then
	for t in "page ready" "no console errors" "points" "change point marked" \
		"no markup from data" "screenshot"; do
		skip "$t" "no Chromium (Debian package chromium, installed by scripts/setup)"
	done
	tap_end
	exit 4
fi

url="file://$page#metric=faults-0.insns_kernel"
chrome --dump-dom "$url" >"$tmp/dom.html"
selftest=$(sed -n 's/.*<pre id="selftest"[^>]*>\([^<]*\)<\/pre>.*/\1/p' "$tmp/dom.html")
grep -q 'data-status="ready"' "$tmp/dom.html"
ok $? "the page loads and draws (body data-status=ready)"
errs=$(grep -c 'CONSOLE.*\(Uncaught\|Error\|error\)' "$tmp/chrome.err")
grep -q 'data-errors="0"' "$tmp/dom.html" && [ "$errs" = 0 ]
ok $? "no console errors (page: $(sed -n 's/.*data-errors="\([0-9]*\)".*/\1/p' "$tmp/dom.html" | head -n 1), browser log: $errs)"
[ "$errs" = 0 ] || grep CONSOLE "$tmp/chrome.err" | head -5 | sed "s|^|# |"

# The chart of faults-0 insns_kernel: 12 runs on 2 paths.
chart=$(printf '%s\n' "$selftest" | sed 's/},{/}\n{/g' | grep '"name":"faults-0","metric":"insns_kernel"')
is 24 "$(printf '%s\n' "$chart" | sed -n 's/.*"points":\([0-9]*\).*/\1/p')" \
	"the insns_kernel chart holds 24 points (12 runs x 2 paths)"
is "$step_run $step_run" \
	"$(printf '%s\n' "$chart" | sed -n 's/.*"marked":\["\([^"]*\)","\([^"]*\)"\].*/\1 \2/p')" \
	"its change points are drawn at the 7th run, where the data stepped, on both paths"
is 1 "$(printf '%s\n' "$selftest" | sed 's/},{/}\n{/g' | grep -c '"metric":"insns_kernel"')" \
	"the address's filter (#metric=...) leaves that one chart"

chrome --dump-dom "file://$page" >"$tmp/dom-all.html"
! grep -qi '<img' "$tmp/dom-all.html" && grep -q '&lt;img src=x' "$tmp/dom-all.html"
ok $? "markup in the database's names is shown as text, never made an element"

shot=$builddir/tests/history-dashboard.png
rm -f "$shot"
chrome --hide-scrollbars --window-size=1280,2000 --screenshot="$shot" "file://$page" >/dev/null
[ "$(od -An -c -N4 "$shot" 2>/dev/null | tr -d ' ')" = '211PNG' ]
ok $? "screenshot saved: $shot"

# ---- refusals ---------------------------------------------------------

run "$dashboard" --db "$tmp/none.db" --out "$tmp/x"
is 1 "$rc" "a database that does not exist: exit 1"
has "$tmp/none.db" "$tmp/err" "... named"
run "$dashboard" --db "$tmp/h.db"
is 2 "$rc" "no --out: usage error"
: >"$tmp/file"
run "$dashboard" --db "$tmp/h.db" --out "$tmp/file"
is 1 "$rc" "--out that is a file: exit 1"
run env DAXBENCH_DYGRAPHS=/nonexistent "$dashboard" --db "$tmp/h.db" --out "$tmp/y"
is 1 "$rc" "without the charting library: exit 1"
has "libjs-dygraphs" "$tmp/err" "... saying which package to install"

tap_end
