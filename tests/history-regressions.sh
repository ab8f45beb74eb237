#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench history regressions on synthetic histories whose changes are
# known (tests/history/synth.c): found where they were put, printed the
# way the kernel test robot mails them, with their inputs; nothing on a
# flat history; the exit status a nightly job needs.

. "${top_srcdir:-.}/tests/history/lib.sh"

synth=$builddir/tests/history/history-synth

# 16 runs; kernel instructions +8% from run 9 (index 8), bandwidth -25%
# from run 12 (index 11).
"$synth" "$tmp/step" --runs 16 --tests 1 --repeats 3 \
	--step 8:8:insns_kernel --step 11:-25:bandwidth
"$history" import --db "$tmp/step.db" "$tmp"/step/* >/dev/null
run9=$(nth_run "$tmp/step" 9)
run8=$(nth_run "$tmp/step" 8)
run12=$(nth_run "$tmp/step" 12)

run "$history" regressions --db "$tmp/step.db"
is 1 "$rc" "a history with regressions: exit 1"
is 4 "$(grep -c '^daxbench history noticed a .* regression of' "$tmp/out")" \
	"four regressions: insns_kernel and bandwidth, on two paths each"
is 0 "$(grep -c 'ns_per_fault\|\.faults$' "$tmp/out")" \
	"nothing on the metrics that did not move (3% noise, exact counts)"
has "regression of ext4-dax.faults-0.insns_kernel" "$tmp/out" "the insns_kernel step is named"
grep -A2 'regression of ext4-dax.faults-0.insns_kernel' "$tmp/out" >"$tmp/ins"
has "first bad: $run9  kernel 6.1.0-51-amd64" "$tmp/ins" "... first bad run: the 9th, with its kernel"
has "last good: $run8  kernel 6.1.0-50-amd64" "$tmp/ins" "... last good run: the 8th, with its kernel"
grep -A12 'regression of ext4-dax.faults-0.insns_kernel' "$tmp/out" >"$tmp/ins"
has '^ +[0-9]+ ±[ 0-9.]+% +\+[78]\.[0-9]% +[0-9]+ ±[ 0-9.]+%  ext4-dax.faults-0.insns_kernel' "$tmp/ins" \
	"... before ± stddev, %change near +8%, after ± stddev, as the robot prints them"
has 'p = [0-9.e-]+: Student.s t on 24 vs 24 raw repeats' "$tmp/ins" \
	"... with p and what it was computed on (8 runs x 3 repeats a side)"
grep -A30 'regression of ext4-dax.faults-0.insns_kernel' "$tmp/out" >"$tmp/ins"
has '^    ---- change ----' "$tmp/ins" "... and its inputs, run by run, split where it changed"
has "regression of ext4-dax.faults-0.bandwidth" "$tmp/out" "the bandwidth step is named"
grep -A2 'regression of ext4-dax.faults-0.bandwidth' "$tmp/out" >"$tmp/bw"
has "first bad: $run12 " "$tmp/bw" "... first bad run: the 12th"

# daxbench itself changing at the same run: said beside the change.
cp "$tmp/step.db" "$tmp/tool.db"
sqlite3 "$tmp/tool.db" "UPDATE runs SET daxbench_version = CASE WHEN run_id < '$run9' THEN '0.1-gaaaaaaa' ELSE '0.1-gbbbbbbb' END"
run "$history" regressions --db "$tmp/tool.db"
grep -A4 'regression of ext4-dax.faults-0.insns_kernel' "$tmp/out" >"$tmp/ins"
has 'caution: +daxbench changed too, 0.1-gaaaaaaa -> 0.1-gbbbbbbb' "$tmp/ins" \
	"a change where daxbench changed too says so"
grep -A4 'regression of ext4-dax.faults-0.bandwidth' "$tmp/out" >"$tmp/bw"
! grep -q caution "$tmp/bw"
ok $? "... and only there"

run "$history" regressions --db "$tmp/step.db" --since "$run12"
is 1 "$rc" "--since RUN: still a regression after it"
is 2 "$(grep -c '^daxbench history noticed' "$tmp/out")" "... only the bandwidth ones, from that run on"
run "$history" regressions --db "$tmp/step.db" --since 2030-01-01
is 0 "$rc" "--since a date after every change: exit 0"
has '^0 regressions' "$tmp/out" "... and says so"
run "$history" regressions --db "$tmp/step.db" --since 2026-02-30
is 2 "$rc" "--since an impossible date: usage error"
has "since '2026-02-30'" "$tmp/err" "... naming it"
run "$history" regressions --db "$tmp/step.db" --machine synth0
is 1 "$rc" "--machine by host name"
run "$history" regressions --db "$tmp/step.db" --machine nosuch
is 2 "$rc" "--machine that is not there: usage error"
has "no such machine .*synth0-" "$tmp/err" "... listing the machines there are"
run "$history" regressions --db "$tmp/step.db" --min-change-counts 20 --min-change-times 50
is 0 "$rc" "thresholds above the steps: no regression"

# The same kernel run again and again: noise only.
"$synth" "$tmp/flat" --runs 30 --tests 2 --repeats 3 --seed 7
"$history" import --db "$tmp/flat.db" "$tmp"/flat/* >/dev/null
run "$history" regressions --db "$tmp/flat.db"
is 0 "$rc" "30 runs of noise (3% within and between runs): exit 0"
has '^0 regressions, 0 improvements, 0 changes' "$tmp/out" "... no change found in 16 series"

# One run far off (every value of every metric x1.5): no change from it.
"$synth" "$tmp/spike" --runs 20 --tests 1 --repeats 3 --seed 3 --step 10:50 --step 11:-33.3333333
"$history" import --db "$tmp/spike.db" "$tmp"/spike/* >/dev/null
run "$history" regressions --db "$tmp/spike.db"
is 0 "$rc" "one run far off in the middle of a history: no regression"

# A step in the last run only: it waits for a second run to confirm it.
"$synth" "$tmp/last" --runs 12 --tests 1 --repeats 3 --step 11:20
"$history" import --db "$tmp/last.db" "$tmp"/last/* >/dev/null
run "$history" regressions --db "$tmp/last.db"
is 0 "$rc" "a step in the latest run only is not flagged yet"

run "$history" regressions --db "$tmp/step.db" --alpha 2
is 2 "$rc" "--alpha out of range: usage error"

tap_end
