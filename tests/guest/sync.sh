#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-sync inside the daxbench guest (POSIX sh, busybox ash), in TAP:
# what msync and fsync do to the mappings of ext4 -o dax and of the page
# cache, by counts.  A sync cleans what it wrote back and write-protects
# it, so the next round's stores fault again: once per 2 MiB entry on a
# PMD-mapped DAX file, once per page through the page cache (4 KiB folios
# before Linux 6.16).  MAP_SYNC is accepted on DAX and refused (exit 3)
# on the page cache.  Counts only, never times.

here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/json.sh
. "$here/../json.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

prog=$(command -v daxbench-sync)
tap_tmpdir sync-guest
out=$tmp/out.json

echo "TAP version 13"
if [ -z "$prog" ]; then
	echo "1..0 # SKIP daxbench-sync is not installed in the guest"
	exit 0
fi

# run DIR ARGS...: 2 rounds, 1 repeat, JSON in $out, status in $rc.
run() {
	_d=$1
	shift
	"$prog" --dir "$_d" --json --size 2M --rounds 2 --repeats 1 "$@" \
		>"$out" 2>"$tmp/err"
	rc=$?
}

values() {
	metric_values "$out" "$1"
}

# nothing_left DIR: no daxbench file is left in DIR.
nothing_left() {
	for _f in "$1"/daxbench-*; do
		[ -e "$_f" ] && return 1
	done
	return 0
}

# checks PATH DIR FAULTS: 16 pages re-dirtied after msync take FAULTS.
checks() {
	_p=$1 _d=$2 _want=$3
	run "$_d" --via mmap --sync msync --pages 16
	[ $rc = 0 ] && all "$(values sync_calls)" -eq 2 &&
		all "$(values pages_dirtied)" -eq 32
	ok $? "$_p: msync after 16 dirtied pages: 2 calls, 32 pages a repeat (exit $rc)"
	all "$(values dirty_faults_per_round)" -eq "$_want"
	ok $? "$_p: re-dirtying 16 pages after msync: $_want faults a round ($(values dirty_faults_per_round))"
	run "$_d" --via write --sync fdatasync --pages all
	[ $rc = 0 ] && all "$(values dirty_faults_per_round)" -eq 0 &&
		all "$(values pages_dirtied)" -eq 1024
	ok $? "$_p: write() of all pages then fdatasync: no fault (exit $rc)"
	nothing_left "$_d"
	ok $? "$_p: nothing left in $_d"
}

if d=$(path_why ext4-dax); then
	# 16 pages in one 2 MiB entry: one PMD fault (the guest's ext4-dax is
	# made with stripe=512, so its extents are 2 MiB aligned).
	checks ext4-dax "$d" 1
	run "$d" --via mmap --map sync --sync msync --pages 1
	[ $rc = 0 ] && all "$(values sync_calls)" -eq 2
	ok $? "ext4-dax: a MAP_SYNC mapping is accepted (exit $rc)"
else
	for t in 1 2 3 4 5; do
		skip "ext4-dax $t" "$d"
	done
fi

if d=$(path_why ext4-pagecache); then
	checks ext4-pagecache "$d" 16
	run "$d" --via mmap --map sync
	[ $rc = 3 ] && [ "$(jv "$out" status)" = unsupported ]
	ok $? "ext4-pagecache: MAP_SYNC refused: exit 3, status unsupported (exit $rc)"
else
	for t in 1 2 3 4 5; do
		skip "ext4-pagecache $t" "$d"
	done
fi

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
