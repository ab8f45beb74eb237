#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench plot on the fixtures: the PNG and SVG files exist, are what
# they claim to be and carry the emulation note; bad input and a missing
# gnuplot fail clearly; inputs unchanged.  Skipped without gnuplot.

. "${top_srcdir:-.}/tests/analysis-lib.sh"

if [ -z "${GNUPLOT:-}" ]; then
	echo "1..0 # SKIP gnuplot not found by configure"
	exit 0
fi
export GNUPLOT

fixture_sums >"$tmp/sums.before"
plots="lat mmap faults fio-bw fio-iops"

# is_png FILE / is_svg FILE
is_png() {
	[ -s "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '211PNG' ]
}
is_svg() {
	[ -s "$1" ] && grep -q '<svg' "$1" && grep -q '</svg>' "$1"
}

run "$daxbench" plot --out "$tmp/one" "$runs/base"
is 0 "$rc" "plot one run: exit 0"
for p in $plots; do
	is_png "$tmp/one/$p.png"
	ok $? "plot one run: $p.png is a PNG"
	is_svg "$tmp/one/$p.svg"
	ok $? "plot one run: $p.svg is an SVG"
done
grep -q 'emulated CPU: timings not representative' "$tmp/one/lat.svg"
ok $? "plot: the emulation note is on the plot"
grep -q '>ext4-dax psync<' "$tmp/one/lat.svg" && grep -q '>ext4-pagecache psync<' "$tmp/one/lat.svg"
ok $? "plot: latency series named by path and engine"
grep -q 'faults per MiB' "$tmp/one/faults.svg"
ok $? "plot: faults plot has its unit"
is "$(ls "$tmp/one" | wc -l | tr -d ' ')" 10 "plot one run: ten files, nothing else left"

run "$daxbench" plot --format svg --out "$tmp/rig" "$runs/rig-base"
is 0 "$rc" "plot a KVM run: exit 0"
! grep -q 'emulated CPU' "$tmp/rig/lat.svg"
ok $? "plot a KVM run: no emulation note"

run "$daxbench" plot --format png --out "$tmp/three" "$runs/base" "$runs/regress" "$runs/noise"
is 0 "$rc" "plot three runs, png only: exit 0"
is_png "$tmp/three/lat.png" && [ ! -e "$tmp/three/lat.svg" ]
ok $? "plot --format png: PNG only"

# Options may follow the runs, as with the C tools.
run "$daxbench" plot "$runs/base" --format png --out "$tmp/after"
is 0 "$rc" "plot RUN --format png --out DIR: exit 0"
is_png "$tmp/after/faults.png" && [ ! -e "$tmp/after/faults.svg" ]
ok $? "plot: options after the run are honoured"

# Without --out the plots go into the run directory (a copy here).
cp -R "$runs/incomplete" "$tmp/run"
run "$daxbench" plot --format svg "$tmp/run"
is 0 "$rc" "plot, default output: exit 0"
is_svg "$tmp/run/plots/faults.svg"
ok $? "plot, default output: RUN/plots/faults.svg"
[ ! -e "$tmp/run/plots/lat.svg" ]
ok $? "plot: no latency plot for a run without daxbench-lat results"

run "$daxbench" plot --out "$tmp/bad" "$runs/base" "$bad/malformed"
[ "$rc" = 2 ] && grep -q 'bad/malformed/measurements/ext4-dax/faults-write-2m.json: malformed JSON' "$tmp/err"
ok $? "plot, malformed input: exit 2 naming the file"
[ ! -e "$tmp/bad" ]
ok $? "plot, malformed input: nothing written"

empty_run "$tmp/empty"
run "$daxbench" plot --out "$tmp/nothing" "$tmp/empty"
[ "$rc" = 1 ] && grep -q 'nothing to plot' "$tmp/err"
ok $? "plot, a run without results: nothing to plot, exit 1"

run "$daxbench" plot --format gif "$runs/base"
is 2 "$rc" "plot --format gif: usage error"
run "$daxbench" plot
is 2 "$rc" "plot without a run: usage error"

GNUPLOT=$tmp/no-gnuplot run "$daxbench" plot --out "$tmp/x" "$runs/base"
[ "$rc" = 1 ] && grep -q 'gnuplot not found' "$tmp/err"
ok $? "plot without gnuplot: clear message, exit 1"

fixture_sums >"$tmp/sums.after"
cmp -s "$tmp/sums.before" "$tmp/sums.after"
ok $? "fixtures unchanged"

tap_end
