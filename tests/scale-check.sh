#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-scale on the host, in TAP: every thread takes the faults its
# region needs (one per page for a write to a sparse file without huge
# pages), one file or a file each, nothing left behind, bad input
# refused.  Counts and presence only: never speed.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
prog=$top_builddir/bench/daxbench-scale

. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/json.sh"

tap_tmpdir scale-check
echo "TAP version 13"

run() {
	_d=$1
	shift
	"$prog" --dir "$_d" --json --size 4M --repeats 2 "$@" \
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

# efficient: an efficiency was computed in every repeat (never null).
efficient() {
	[ "$(jv "$tmp/out.json" metrics.scaling_efficiency.values.length)" = 2 ] &&
		! jv "$tmp/out.json" metrics.scaling_efficiency.values | grep -q null
}

# counts LABEL DIR LOW: a write to 1024 sparse pages takes LOW..1024 faults.
counts() {
	_l=$1 _d=$2 _lo=$3
	for f in one separate; do
		run "$_d" --threads 2 --files $f
		[ $rc = 0 ] && within single_faults "$_lo" 1024 &&
			within faults_per_thread "$_lo" 1024 &&
			efficient &&
			[ "$(jv "$tmp/out.json" parameters.files)" = $f ]
		ok $? "$_l: 2 threads, --files $f: $_lo..1024 write faults a thread ($(each faults_per_thread)), an efficiency each repeat (exit $rc)"
	done
	run "$_d" --threads 2 --op read
	[ $rc = 0 ] && within faults_per_thread 1 1024
	ok $? "$_l: reads of a written file: 1..1024 faults a thread ($(each faults_per_thread))"
	[ -z "$(ls -A "$_d")" ]
	ok $? "$_l: nothing left in the directory"
}

bad() {
	_want=$1
	shift
	"$prog" "$@" >/dev/null 2>"$tmp/err"
	_rc=$?
	[ $_rc = 2 ] && grep -q -- "$_want" "$tmp/err"
	ok $? "$* → exit 2 naming $_want (exit $_rc: $(head -n 1 "$tmp/err"))"
}
bad --threads --dir "$tmp" --threads 0
bad --threads --dir "$tmp" --threads many
bad --size --dir "$tmp" --size 3M
bad --files --dir "$tmp" --files some
bad --dir --threads 2

ncpu=$("$prog" --dir "$tmp" --size 2M --repeats 1 --threads max --json 2>"$tmp/err" |
	sed -n 's/^ *"threads":\([0-9]*\).*/\1/p')
[ -n "$ncpu" ] && [ "$ncpu" -ge 1 ]
ok $? "--threads max: one thread per allowed CPU ($ncpu)"
run "$tmp" --size 2M --threads $((ncpu + 1))
[ $rc = 0 ] && [ "$(jv "$tmp/out.json" parameters.oversubscribed)" = true ] &&
	jv "$tmp/out.json" notes | grep -q "more than the"
ok $? "more threads than CPUs is measured and said (exit $rc)"

# --- tmpfs without huge pages: one fault per page written ----------------
if [ "$(id -u)" = 0 ] && mkdir "$tmp/tmpfs" &&
   mount -t tmpfs -o size=64m,huge=never daxbench-scale "$tmp/tmpfs" 2>/dev/null; then
	tap_mounted "$tmp/tmpfs"
	counts tmpfs "$tmp/tmpfs" 1024
else
	for t in 1 2 3 4; do
		skip "tmpfs $t" "not root: cannot mount a tmpfs with huge=never"
	done
fi

# --- ext4 on a loop device: large folios (6.16+) may map several pages ----
if tap_loop_ext4 "$tmp/ext4"; then
	mkdir "$tmp/ext4/d"
	counts ext4 "$tmp/ext4/d" 1
else
	for t in 1 2 3 4; do
		skip "ext4 $t" "$why"
	done
fi

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
