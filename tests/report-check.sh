#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench report on the fixtures: a block of plain ASCII at most 72
# columns wide with the kernels, machine, pmem, key metrics and the
# commands that reproduce them; bad input refused; inputs unchanged.

. "${top_srcdir:-.}/tests/analysis-lib.sh"

fixture_sums >"$tmp/sums.before"

# width FILE NAME: every line at most 72 columns, ASCII, no trailing blanks.
width() {
	awk 'length($0) > 72 { print "line " NR " is " length($0) " long: " $0; bad = 1 }
	     END { exit bad }' "$1" >"$tmp/err"
	ok $? "$2: no line wider than 72 columns"
	! LC_ALL=C grep -q '[^ -~]' "$1"
	ok $? "$2: plain ASCII"
	! grep -q '[[:space:]]$' "$1"
	ok $? "$2: no trailing blanks"
}

run "$report" "$runs/rig-base" "$runs/rig-regress"
is 0 "$rc" "report: exit 0"
cp "$tmp/out" "$tmp/report.txt"
width "$tmp/report.txt" "report"
has '^A: kernel 6\.18\.44-fc-v669, run 20261124-221500-rig1-r1g0aa \(baseline\)$' "$tmp/report.txt" \
	"report: baseline kernel"
has '^B: kernel 6\.18\.44-fc-v669\+, run 20261125-221500-rig1-r1g0bb$' "$tmp/report.txt" \
	"report: new kernel"
has '^machine: AMD EPYC, 2 CPUs, accelerator kvm$' "$tmp/report.txt" "report: machine"
has '^pmem: unknown \(no DAX target in the run\)$' "$tmp/report.txt" \
	"report: says when there is no pmem"
has '^ext4-pagecache/faults-write-2m$' "$tmp/report.txt" "report: measurement heading"
has '^  ns_per_fault +ns +10589 \+-1% +17120 \+-2% +\+61\.7% worse$' "$tmp/report.txt" \
	"report: the regression with %change and stddev"
has '^  read_bw +B/s +1\.112G \+-2% +1\.114G \+-2% +\+0\.2%$' "$tmp/report.txt" \
	"report: an unchanged metric, SI-shortened"
has "^2 more metrics changed significantly \\(2 worse\\)" "$tmp/report.txt" \
	"report: counts what it does not show"
has '^  daxbench run --profile smoke --pagecache /mnt/rig-ext4 --path \\$' "$tmp/report.txt" \
	"report: the command that ran, wrapped"
has '^  daxbench compare ' "$tmp/report.txt" "report: the compare command"
has '(^| )[^ ]*rig-regress$' "$tmp/report.txt" "report: the compare command names the runs"

run "$report" "$runs/base" "$runs/regress"
is 0 "$rc" "report, guest: exit 0"
cp "$tmp/out" "$tmp/guest.txt"
width "$tmp/guest.txt" "report, guest"
has '^machine: QEMU 7\.2\.22 guest, accelerator tcg, 2 CPUs \(QEMU TCG CPU$' "$tmp/guest.txt" \
	"report, guest: machine and accelerator"
has '^pmem: memmap, 512 MiB per device, 4 devices \(emulated NV-DIMM guest\)$' "$tmp/guest.txt" \
	"report, guest: pmem kind"
has '^note: emulated CPU: timings not representative \(A, B\)$' "$tmp/guest.txt" \
	"report, guest: TCG note"
has '^  ns_per_fault +ns +16\.35M \+-25% +40\.34M \+-2% +\+146\.8% tcg$' "$tmp/guest.txt" \
	"report, guest: a time is marked tcg, not worse"

run "$report" --all "$runs/rig-base" "$runs/rig-regress"
is 0 "$rc" "report --all: exit 0"
cp "$tmp/out" "$tmp/all.txt"
width "$tmp/all.txt" "report --all"
has '^  read_clat_p99_9_ns$' "$tmp/all.txt" "report --all: a long name gets its own line"

run "$report" "$runs/one-a" "$runs/one-b"
cp "$tmp/out" "$tmp/one.txt"
width "$tmp/one.txt" "report, one repeat"
has 'n=1 .* 1 rep$' "$tmp/one.txt" "report, one repeat: says n=1, no verdict"

# A deep directory: long words are shortened, never cut mid-line.
deep=$tmp/a-rather-long-directory-name-for-results/another-long-level-of-directories
mkdir -p "$deep"
cp -R "$runs/base" "$deep/20261124-021500-rig1-k3v9qa"
run "$report" "$deep/20261124-021500-rig1-k3v9qa" "$runs/noise"
cp "$tmp/out" "$tmp/deep.txt"
width "$tmp/deep.txt" "report, long paths"

run "$report" "$runs/base" "$bad/truncated"
[ "$rc" = 2 ] && grep -q 'bad/truncated/measurements/ext4-dax/faults-write-2m.json: truncated' "$tmp/err"
ok $? "report, truncated input: exit 2 naming the file"
run "$report" "$runs/base" "$runs/mismatch"
[ "$rc" = 2 ] && grep -q 'parameter size differs' "$tmp/err"
ok $? "report, parameter mismatch: refused"
run "$report" "$runs/base" "$runs/regress" "$runs/noise"
is 2 "$rc" "report with three runs: usage error"

run "$report" -o "$tmp/r.txt" "$runs/rig-base" "$runs/rig-regress"
[ "$rc" = 0 ] && cmp -s "$tmp/r.txt" "$tmp/report.txt"
ok $? "report -o FILE: the same text, in the file"

fixture_sums >"$tmp/sums.after"
cmp -s "$tmp/sums.before" "$tmp/sums.after"
ok $? "fixtures unchanged"

tap_end
