#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-scale inside the daxbench guest (POSIX sh, busybox ash), in
# TAP: with two threads faulting their own 2 MiB regions, of one file or
# of a file each, every thread takes the faults the path promises: one
# per 2 MiB on ext4 -o dax (PMD faults on aligned extents), one per page
# through the page cache.  Counts only, never times.

here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/json.sh
. "$here/../json.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

prog=$(command -v daxbench-scale)
tap_tmpdir scale-guest
out=$tmp/out.json

echo "TAP version 13"
if [ -z "$prog" ]; then
	echo "1..0 # SKIP daxbench-scale is not installed in the guest"
	exit 0
fi

run() {
	_d=$1
	shift
	"$prog" --dir "$_d" --json --size 2M --threads 2 --repeats 1 "$@" \
		>"$out" 2>"$tmp/err"
	rc=$?
}

values() {
	metric_values "$out" "$1"
}

# efficient: an efficiency was computed (never null).
efficient() {
	[ "$(jv "$out" metrics.scaling_efficiency.values.length)" = 1 ] &&
		! jv "$out" metrics.scaling_efficiency.values | grep -q null
}

# checks PATH DIR WANT MOST: 2 MiB through one file take WANT faults alone
# and in each of two threads; through a file each, WANT..MOST (a new
# file's extents need not come 2 MiB aligned when two allocate at once).
checks() {
	_p=$1 _d=$2 _want=$3 _most=$4
	run "$_d" --files one
	[ $rc = 0 ] && all "$(values single_faults)" -eq "$_want" &&
		all "$(values faults_per_thread)" -eq "$_want" && efficient
	ok $? "$_p: --files one: $_want faults for 2 MiB, alone and in each of 2 threads ($(values single_faults)/ $(values faults_per_thread)), an efficiency (exit $rc)"
	run "$_d" --files separate
	[ $rc = 0 ] && all "$(values faults_per_thread)" -ge "$_want" &&
		all "$(values faults_per_thread)" -le "$_most" && efficient
	ok $? "$_p: --files separate: $_want..$_most faults for 2 MiB in each of 2 threads ($(values faults_per_thread)), an efficiency (exit $rc)"
	for _f in "$_d"/daxbench-*; do
		[ -e "$_f" ] && break
	done
	[ ! -e "$_f" ]
	ok $? "$_p: nothing left in $_d"
}

if d=$(path_why ext4-dax); then
	checks ext4-dax "$d" 1 512
else
	for t in 1 2 3; do
		skip "ext4-dax $t" "$d"
	done
fi

if d=$(path_why ext4-pagecache); then
	checks ext4-pagecache "$d" 512 512
else
	for t in 1 2 3; do
		skip "ext4-pagecache $t" "$d"
	done
fi

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
