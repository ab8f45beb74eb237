#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-scale inside the daxbench guest (POSIX sh, busybox ash), in
# TAP: with two threads faulting their own 4 MiB regions, of one file or
# of a file each, every thread takes the faults the path promises: one
# per 2 MiB on ext4 -o dax (PMD faults on aligned extents), one per page
# through the page cache.  Counts only, never times.

if [ -z "${DAXBENCH_PATHS_FILE:-}" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP not in the daxbench guest"
	exit 0
fi

prog=$(command -v daxbench-scale)
n=0
failed=0
out=${TMPDIR:-/tmp}/scale-guest.$$

trap 'rm -f "$out" "$out.err"' EXIT
trap 'exit 130' INT TERM

echo "TAP version 13"

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
		[ -s "$out.err" ] && sed 's/^/# stderr: /' "$out.err"
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# path_dir NAME: the directory of guest path NAME if it is usable.
path_dir() {
	awk -v n="$1" '$1 == n && $3 == "ok" { print $2 }' "$DAXBENCH_PATHS_FILE"
}

# run DIR ARGS...: one small measurement; the table in $out, status in $rc.
run() {
	_d=$1
	shift
	"$prog" --dir "$_d" --size 4M --threads 2 --repeats 2 "$@" >"$out" 2>"$out.err"
	rc=$?
}

# mean METRIC: the metric's mean over the repeats, from the table.
mean() {
	awk -v m="$1" '$1 == m { print $2 }' "$out"
}

# between METRIC LOW HIGH: LOW <= mean <= HIGH (counts are whole numbers).
between() {
	_v=$(mean "$1")
	[ -n "$_v" ] && awk -v v="$_v" -v l="$2" -v h="$3" 'BEGIN { exit !(v >= l && v <= h) }'
}

# checks PATH DIR WANT MOST: 4 MiB through one file take WANT faults alone
# and in each of two threads; through a file each, WANT..MOST (a new
# file's extents need not come 2 MiB aligned when two allocate at once).
checks() {
	_p=$1 _d=$2 _want=$3 _most=$4
	run "$_d" --files one
	[ $rc = 0 ] && between single_faults "$_want" "$_want" &&
		between faults_per_thread "$_want" "$_want" &&
		between scaling_efficiency 0.000001 1000000
	ok $? "$_p: --files one: $_want faults for 4 MiB, alone and in each of 2 threads ($(mean single_faults), $(mean faults_per_thread)), an efficiency (exit $rc)"
	run "$_d" --files separate
	[ $rc = 0 ] && between faults_per_thread "$_want" "$_most" &&
		between scaling_efficiency 0.000001 1000000
	ok $? "$_p: --files separate: $_want..$_most faults for 4 MiB in each of 2 threads ($(mean faults_per_thread)), an efficiency (exit $rc)"
	for _f in "$_d"/daxbench-*; do
		[ -e "$_f" ] && break
	done
	[ ! -e "$_f" ]
	ok $? "$_p: nothing left in $_d"
}

d=$(path_dir ext4-dax)
if [ -n "$d" ]; then
	checks ext4-dax "$d" 2 1024
else
	for t in 1 2 3; do
		skip "ext4-dax $t" "no ext4-dax path in this guest"
	done
fi

d=$(path_dir ext4-pagecache)
if [ -n "$d" ]; then
	checks ext4-pagecache "$d" 1024 1024
else
	for t in 1 2 3; do
		skip "ext4-pagecache $t" "no ext4-pagecache path in this guest"
	done
fi

echo "1..$n"
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
