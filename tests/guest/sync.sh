#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-sync inside the daxbench guest (POSIX sh, busybox ash), in TAP:
# what msync and fsync do to the mappings of ext4 -o dax and of the page
# cache, by counts.  A sync cleans what it wrote back and write-protects
# it, so the next round's stores fault again: once per 2 MiB entry on a
# PMD-mapped DAX file, once per page (or folio) through the page cache.
# MAP_SYNC is accepted on DAX and refused (exit 3) on the page cache.
# Counts only, never times.

if [ -z "${DAXBENCH_PATHS_FILE:-}" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP not in the daxbench guest"
	exit 0
fi

prog=$(command -v daxbench-sync)
n=0
failed=0
out=${TMPDIR:-/tmp}/sync-guest.$$

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
	"$prog" --dir "$_d" --size 4M --rounds 4 --repeats 2 "$@" >"$out" 2>"$out.err"
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

checks() {
	_p=$1 _d=$2 _lo=$3 _hi=$4
	run "$_d" --via mmap --sync msync --pages 16
	[ $rc = 0 ] && between sync_calls 4 4 && between pages_dirtied 64 64
	ok $? "$_p: msync after 16 dirtied pages: 4 calls, 64 pages per repeat (exit $rc)"
	between dirty_faults_per_round "$_lo" "$_hi"
	ok $? "$_p: re-dirtying after msync faults $_lo..$_hi times per round ($(mean dirty_faults_per_round))"
	run "$_d" --via write --sync fdatasync --pages all
	[ $rc = 0 ] && between dirty_faults_per_round 0 0 && between pages_dirtied 4096 4096
	ok $? "$_p: write() of all pages then fdatasync: no fault (exit $rc)"
	for _f in "$_d"/daxbench-*; do
		[ -e "$_f" ] && break
	done
	[ ! -e "$_f" ]
	ok $? "$_p: nothing left in $_d"
}

d=$(path_dir ext4-dax)
if [ -n "$d" ]; then
	# 16 pages in one 2 MiB entry: one PMD fault (the guest's ext4-dax is
	# made with stripe=512, so its extents are 2 MiB aligned).
	checks ext4-dax "$d" 1 1
	run "$d" --via mmap --map sync --sync msync --pages 1
	[ $rc = 0 ] && between sync_calls 4 4
	ok $? "ext4-dax: a MAP_SYNC mapping is accepted (exit $rc)"
else
	for t in 1 2 3 4 5; do
		skip "ext4-dax $t" "no ext4-dax path in this guest"
	done
fi

d=$(path_dir ext4-pagecache)
if [ -n "$d" ]; then
	# One fault per page: ext4 maps 4 KiB folios before Linux 6.16.
	checks ext4-pagecache "$d" 16 16
	run "$d" --via mmap --map sync
	[ $rc = 3 ] && grep -q unsupported "$out"
	ok $? "ext4-pagecache: MAP_SYNC refused: exit 3, status unsupported (exit $rc)"
else
	for t in 1 2 3 4 5; do
		skip "ext4-pagecache $t" "no ext4-pagecache path in this guest"
	done
fi

echo "1..$n"
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
