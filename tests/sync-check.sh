#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-sync on the host, in TAP: the counts of each round (sync calls,
# pages dirtied, the faults that re-dirtying takes after a sync) on tmpfs
# and on ext4 on a loop device, the refusals, bad input.  Never speed.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
prog=$top_builddir/bench/daxbench-sync

. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/json.sh"

tap_tmpdir sync-check
echo "TAP version 13"

# run DIR ARGS...: one measurement, JSON in $tmp/out.json, status in $rc.
run() {
	_d=$1
	shift
	"$prog" --dir "$_d" --json --size 4M --rounds 6 --repeats 2 "$@" \
		>"$tmp/out.json" 2>"$tmp/err"
	rc=$?
}

# within METRIC LOW HIGH: every repeat's value (rounded) is in LOW..HIGH.
within() {
	_w=$(metric_values "$tmp/out.json" "$1")
	all "$_w" -ge "$2" && all "$_w" -le "$3"
}

# each METRIC: its values, for the messages.
each() {
	metric_values "$tmp/out.json" "$1"
}

# counts LABEL DIR LOW HIGH: the rounds' counts; re-dirtying 16 pages after
# an msync takes LOW..HIGH faults.
counts() {
	_l=$1 _d=$2
	run "$_d" --via mmap --sync msync --pages 16
	[ $rc = 0 ] && within sync_calls 6 6 && within pages_dirtied 96 96 &&
		within sync_faults_per_round 0 0
	ok $? "$_l: msync after 16 pages: 6 calls, 96 pages dirtied per repeat, no fault in the sync (exit $rc)"
	within dirty_faults_per_round "$3" "$4"
	ok $? "$_l: re-dirtying 16 pages after msync takes $3..$4 faults a round ($(each dirty_faults_per_round))"
	for c in fsync fdatasync; do
		run "$_d" --via write --sync $c --pages all
		[ $rc = 0 ] && within pages_dirtied 6144 6144 && within dirty_faults_per_round 0 0 &&
			[ "$(jv "$tmp/out.json" parameters.all_pages)" = true ]
		ok $? "$_l: write() of all 1024 pages then $c: no fault, 6144 pages per repeat (exit $rc)"
	done
	run "$_d" --via mmap --sync fdatasync --pages 1
	[ $rc = 0 ] && within pages_dirtied 6 6 && within sync_calls 6 6
	ok $? "$_l: one page through the mapping, then fdatasync (exit $rc)"
	run "$_d" --via mmap --map sync
	[ $rc = 3 ] && [ "$(jv "$tmp/out.json" status)" = unsupported ] &&
		jv "$tmp/out.json" reason | grep -q EOPNOTSUPP
	ok $? "$_l: --map sync without DAX: exit 3, status unsupported (exit $rc)"
	[ -z "$(ls -A "$_d")" ]
	ok $? "$_l: nothing left in the directory"
}

# --- bad input: exit 2, the option named --------------------------------
bad() {
	_want=$1
	shift
	"$prog" --dir "$tmp" "$@" >/dev/null 2>"$tmp/err"
	_rc=$?
	[ $_rc = 2 ] && grep -q -- "$_want" "$tmp/err"
	ok $? "$* → exit 2 naming $_want (exit $_rc: $(head -n 1 "$tmp/err"))"
}
bad --sync --via write --sync msync
bad --map --via write --sync fsync --map sync
bad --pages --size 4M --pages 0
bad --pages --size 4M --pages 1025
bad --pages --pages lots
bad --size --size 3M
bad --rounds --rounds 0
"$prog" --help | grep -q -- '--pages N' && "$prog" --help | grep -q 'Exit status'
ok $? "--help comes from the option table and states the exit codes"

# --- tmpfs: msync writes nothing back, so re-dirtying takes no fault -------
if [ -d /dev/shm ] && sdir=$(mktemp -d /dev/shm/sync-check.XXXXXX); then
	counts tmpfs "$sdir" 0 0
	rmdir "$sdir"
else
	skip "tmpfs" "no /dev/shm"
fi

# --- ext4: msync writes back and write-protects: re-dirtying faults again ----
if tap_loop_ext4 "$tmp/ext4"; then
	mkdir "$tmp/ext4/d"
	counts ext4 "$tmp/ext4/d" 1 16
else
	for t in 1 2 3 4 5 6 7; do
		skip "ext4 $t" "$why"
	done
fi

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
