#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench compare on the fixtures (tests/fixtures/README.md): verdicts,
# significance and exit status; parameter mismatches; malformed,
# truncated and mismatched files; and that no input is ever changed.

. "${top_srcdir:-.}/tests/analysis-lib.sh"

fixture_sums >"$tmp/sums.before"

# -- a clear regression on a rig (KVM): page-cache write faults +62% --
run "$compare" "$runs/rig-base" "$runs/rig-regress"
is 1 "$rc" "rig regression: exit status 1"
has 'REGRESSION +ns_per_fault' "$tmp/out" "rig regression: ns_per_fault marked REGRESSION"
has 'kernels differ: A 6.18.44-fc-v669, B 6.18.44-fc-v669\+' "$tmp/out" \
	"rig regression: says which kernels differ"
has '%stddev +%change +%stddev' "$tmp/out" "rig regression: LKP-style columns"
has '^B vs A: regression 3, improvement 0, changed 0,' "$tmp/out" \
	"rig regression: summary counts"
hasnt 'emulated CPU' "$tmp/out" "rig regression: no emulation note on KVM"

run "$compare" --json "$runs/rig-base" "$runs/rig-regress"
is 1 "$rc" "rig regression --json: exit status 1"
verdicts "$tmp/out" >"$tmp/v"
has '^ext4-pagecache/faults-write-2m.ns_per_fault B regression$' "$tmp/v" \
	"--json: ns_per_fault verdict regression"
has '^tmpfs/faults-write-2m.ns_per_fault B same$' "$tmp/v" \
	"--json: tmpfs's faults unchanged"
is 3 "$(grep -c ' regression$' "$tmp/v")" "--json: exactly three regressions"
has '"schema":"daxbench-compare"' "$tmp/out" "--json: schema named"
has '"regression":true' "$tmp/out" "--json: regression flag"

run "$compare" --threshold 70 "$runs/rig-base" "$runs/rig-regress"
is 0 "$rc" "--threshold 70: a 62% change is within it, exit 0"

# -- the same regression, but judged noisy in its own run: not judged --
# (the result's stability verdict, as a benchmark writes it)
cp -R "$runs/rig-regress" "$tmp/rig-noisy"
chmod -R u+w "$tmp/rig-noisy"
f=$tmp/rig-noisy/measurements/ext4-pagecache/faults-write-2m.json
awk '/"ns_per_fault": \{/ { m = 1 }
     { print }
     m && /"better":/ { print "      \"stability\": { \"verdict\": \"noisy\", \"cv\": 0.31, \"reason\": \"repeats vary by 31% (cv > 10%)\" },"; m = 0 }' \
	"$f" >"$tmp/f" && mv "$tmp/f" "$f"
run "$compare" "$runs/rig-base" "$tmp/rig-noisy"
has 'noisy +ns_per_fault' "$tmp/out" "noisy: ns_per_fault's verdict is noisy, not REGRESSION"
has 'ext4-pagecache/faults-write-2m ns_per_fault: not judged, noisy in B: repeats vary by 31%' \
	"$tmp/out" "noisy: says why it was not judged"
has '^B vs A: regression 2, ' "$tmp/out" "noisy: the other two regressions stand"
run "$compare" --json "$runs/rig-base" "$tmp/rig-noisy"
verdicts "$tmp/out" >"$tmp/v"
has '^ext4-pagecache/faults-write-2m.ns_per_fault B noisy$' "$tmp/v" "noisy --json: verdict noisy"
run "$report" "$runs/rig-base" "$tmp/rig-noisy"
has 'NOISY: B vs A: ext4-pagecache/faults-write-2m ns_per_fault' "$tmp/out" \
	"noisy: daxbench report says why too"
# The summary table and the plots mark it as well.
run "$builddir/tools/daxbench-summary" "$tmp/rig-noisy"
has 'ns_per_fault .*NOISY$' "$tmp/out" "noisy: marked in the summary table"
has '^  ext4-pagecache faults-write-2m ns_per_fault: repeats vary by 31%' "$tmp/out" \
	"noisy: the summary says why"
mkdir "$tmp/flat"
run "$builddir/tools/daxbench-flatten" -o "$tmp/flat" "$tmp/rig-noisy"
has "^db_noisy = 'ext4-pagecache/faults-write-2m ns_per_fault'" "$tmp/flat/vars.gp" \
	"noisy: named for the plots"
run "$builddir/tools/daxbench-flatten" -o "$tmp/flat" "$runs/rig-regress"
has "^db_noisy = ''" "$tmp/flat/vars.gp" "no noisy metric: nothing named for the plots"

# -- repeats taken in turn on DAX and the page cache: the summary's ratio
# is the median of the per-pair ratios, not the ratio of the means --
cp -R "$runs/base" "$tmp/alt"
chmod -R u+w "$tmp/alt"
for p in ext4-dax ext4-pagecache; do
	f=$tmp/alt/measurements/$p/faults-write-2m.json
	awk '{ print } /"notes": \[/ { print "    \"repeats measured one at a time, in turn with the same measurement on the run'"'"'s other paths (daxbench run); command is one repeat'"'"'s\"," }' \
		"$f" >"$tmp/f" && mv "$tmp/f" "$f"
done
jv() {
	"$builddir/tests/run/jget" "$tmp/alt/measurements/$1/faults-write-2m.json" \
		"metrics.ns_per_fault.values.$2"
}
want=$(for i in 0 1 2; do
	awk -v a="$(jv ext4-dax $i)" -v b="$(jv ext4-pagecache $i)" 'BEGIN { print a / b }'
done | sort -g | sed -n 2p | awk '{ printf "%.3g", $1 }')
run "$builddir/tools/daxbench-summary" "$tmp/alt"
has "ns_per_fault .* ns  *$want\$" "$tmp/out" "in turn: the DAX/page-cache ratio is the median of the pairs ($want)"
run "$builddir/tools/daxbench-summary" "$runs/base"
hasnt "ns_per_fault .* ns  *$want\$" "$tmp/out" "not in turn: the ratio of the means, as before"

# -- in the emulated guest: times are shown, not judged --
run "$compare" "$runs/base" "$runs/regress"
is 0 "$rc" "guest (TCG): exit 0, times not judged"
has 'emulated +ns_per_fault' "$tmp/out" "guest (TCG): ns_per_fault verdict emulated"
has '^warning: an emulated CPU ran these measurements' "$tmp/out" "guest (TCG): warned"
has '^note: emulated CPU: timings not representative \(A, B\)' "$tmp/out" \
	"guest (TCG): carries the TCG note"
has 'faults-sync-2m: unsupported in every run: EOPNOTSUPP' "$tmp/out" \
	"guest (TCG): unsupported measurement reported, not compared"
run "$compare" --json --judge-emulated "$runs/base" "$runs/regress"
is 1 "$rc" "guest --judge-emulated: exit 1"
verdicts "$tmp/out" >"$tmp/v"
has '^ext4-dax/faults-write-2m.ns_per_fault B regression$' "$tmp/v" \
	"guest --judge-emulated: lower-is-better time up is a regression"
has '^ext4-dax/lat-randread-4k.lat_p50_ns B improvement$' "$tmp/v" \
	"guest --judge-emulated: lower-is-better latency down is an improvement"

# -- two real guest runs of one kernel: noise only --
run "$compare" --json "$runs/base" "$runs/noise"
is 0 "$rc" "noise (real guest runs): exit 0"
verdicts "$tmp/out" >"$tmp/v"
hasnt ' (regression|improvement)$' "$tmp/v" "noise: no regression or improvement"
has '^ext4-dax/faults-write-2m.faults B same$' "$tmp/v" "noise: fault counts are the same"
has '^ext4-dax/fio-write-2m-mmap.ctx B insignificant$' "$tmp/v" \
	"noise: a count beyond 5% with overlapping repeats is insignificant"
# What --judge-emulated would have claimed: why it is not the default.
run "$compare" --judge-emulated "$runs/base" "$runs/noise"
is 1 "$rc" "noise --judge-emulated: TCG noise looks like regressions"

# -- one repeat: no significance can be claimed --
run "$compare" --json "$runs/one-a" "$runs/one-b"
is 0 "$rc" "one repeat: a 60% change is not a regression (exit 0)"
verdicts "$tmp/out" >"$tmp/v"
has '^ext4-pagecache/faults-write-2m.ns_per_fault B untested$' "$tmp/v" \
	"one repeat: verdict untested"
run "$compare" "$runs/one-a" "$runs/one-b"
has 'run B has 1 repeat: no significance can be claimed' "$tmp/out" \
	"one repeat: says so"

# -- three runs: B and C against A --
run "$compare" --changed --judge-emulated "$runs/base" "$runs/regress" "$runs/noise"
is 1 "$rc" "three runs: exit 1"
has '^B vs A: regression 3, improvement 2' "$tmp/out" "three runs: B summarised"
has '^C vs A: regression 9,' "$tmp/out" "three runs: C summarised separately"

# -- parameters that differ --
run "$compare" "$runs/base" "$runs/mismatch"
is 2 "$rc" "parameter mismatch: refused, exit 2"
has 'ext4-dax/faults-write-2m: parameter size differs: 8388608 in A' "$tmp/err" \
	"parameter mismatch: names the measurement and the parameter"
[ ! -s "$tmp/out" ]
ok $? "parameter mismatch: no table printed"
run "$compare" --allow-param-mismatch "$runs/base" "$runs/mismatch"
is 0 "$rc" "--allow-param-mismatch: compared"
has '^warning: ext4-dax/faults-write-2m: parameter size differs' "$tmp/out" \
	"--allow-param-mismatch: warns"

# -- an incomplete run --
run "$compare" "$runs/base" "$runs/incomplete"
is 0 "$rc" "incomplete run: compared, exit 0"
has 'run B \(20261125-051500-guest-1nc0mp\) is incomplete: interrupted by SIGINT' "$tmp/out" \
	"incomplete run: warned"
has 'ext4-dax/mmap-read-seq-64k: not in run B' "$tmp/out" "incomplete run: lists what is missing"

# -- nothing in common: "nothing ran" must not read as "no regression" --
empty_run "$tmp/empty"
run "$compare" "$runs/base" "$tmp/empty"
[ "$rc" = 2 ] && grep -q 'nothing to compare' "$tmp/err"
ok $? "a run without measurements: nothing to compare, exit 2"

# -- single result files --
run "$compare" "$runs/rig-base/measurements/ext4-pagecache/faults-write-2m.json" \
	"$runs/rig-regress/measurements/ext4-pagecache/faults-write-2m.json"
is 1 "$rc" "single result files: compared, regression found"

# -- bad input: each names the file, exits 2, prints no table --
for case in malformed:faults-write-2m.json truncated:faults-write-2m.json \
	    empty:faults-write-2m.json runjson-truncated:run.json version:faults-write-2m.json \
	    not-a-run:run.json benchmark-mismatch:faults-write-2m.json \
	    missing-file:faults-write-4k.json bad-metric:faults-write-2m.json outside:run.json; do
	dir=${case%%:*}
	file=${case#*:}
	run "$compare" "$runs/base" "$bad/$dir"
	[ "$rc" = 2 ] && grep -q "bad/$dir/.*$file" "$tmp/err" && [ ! -s "$tmp/out" ]
	ok $? "bad input $dir: exit 2, message names $file"
done
run "$compare" "$runs/base" "$bad/truncated"
has 'truncated JSON' "$tmp/err" "truncated: says truncated"
run "$compare" "$runs/base" "$bad/version"
has 'schema_version 3 is not supported' "$tmp/err" "version: says which version"
run "$compare" "$runs/base" "$tmp/no-such-run"
is 2 "$rc" "missing run directory: exit 2"

# -- usage errors --
run "$compare"
is 2 "$rc" "no arguments: exit 2"
run "$compare" "$runs/base"
is 2 "$rc" "one run: exit 2"
run "$compare" --threshold abc "$runs/rig-base" "$runs/rig-regress"
is 2 "$rc" "--threshold abc: exit 2"
has '[-][-]threshold' "$tmp/err" "--threshold abc: names the option"
run "$compare" --alpha 2 "$runs/rig-base" "$runs/rig-regress"
is 2 "$rc" "--alpha 2: exit 2"
run "$compare" --help
is 0 "$rc" "--help: exit 0"

# -- output files: atomic, never over an input --
run "$compare" -o "$tmp/cmp.txt" "$runs/rig-base" "$runs/rig-regress"
[ "$rc" = 1 ] && [ -s "$tmp/cmp.txt" ] && [ ! -s "$tmp/out" ]
ok $? "-o FILE: written, exit status kept"
r=0
for f in "$tmp"/*cmp.txt.tmp*; do
	[ -e "$f" ] && r=1
done
ok "$r" "-o FILE: no temporary file left"
cp -R "$runs/rig-base" "$tmp/copy"
cksum "$tmp/copy/run.json" >"$tmp/runjson.sum"
run "$compare" -o "$tmp/copy/run.json" "$tmp/copy" "$runs/rig-regress"
[ "$rc" = 2 ] && cksum "$tmp/copy/run.json" | cmp -s - "$tmp/runjson.sum"
ok $? "-o an input file: refused, input unchanged"

fixture_sums >"$tmp/sums.after"
cmp -s "$tmp/sums.before" "$tmp/sums.after"
ok $? "fixtures unchanged"

tap_end
