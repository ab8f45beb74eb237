#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-lat on the host: every engine reads back what it wrote, append
# grows the file by exactly what it wrote, O_DIRECT misalignment is
# refused before any I/O, the read/write mix keeps its ratio, and bad
# input gets a message naming the option.  Asserts counts and bytes,
# never speed.
#
# Files live in a directory under the build tree, not in $TMPDIR: O_DIRECT
# needs a filesystem that has it, and tmpfs before Linux 6.6 has not.
# shellcheck disable=SC2086 # $quick, $args, $seed: lists of options, split on purpose

. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/json.sh"

lat="$top_builddir/bench/daxbench-lat"
tap_tmpdir lat-check "$top_builddir"
work=$tmp
out="$work/out.json"
err="$work/err"
quick="--warmup 0 --repeats 1 --size 1M --bs 4k --dir $work"

# run NAME ARGS...: run a measurement into $out; 0 ok, 1 failed, 2 skipped
run() {
	name=$1
	shift
	"$lat" "$@" --json >"$out" 2>"$err"
	measured "$name" $? "$out" "$err"
}

# expect NAME WANT METRIC: the first value of METRIC is WANT
expect() {
	expect_metric "$1" "$2" "$out" "$3"
}

engines="psync psync:--direct libaio libaio:--direct:--qd:8 io_uring io_uring:--direct:--qd:8 io_uring:--qd:4:--sqpoll"

echo "TAP version 13"

"$lat" --help >"$work/help" 2>&1
grep -q -- "--engine" "$work/help"
ok $? "--help describes --engine"

# --- every engine reads back what it wrote -------------------------------
for e in $engines; do
	args=$(echo "$e" | tr ':' ' ')
	label="engine $args"
	set -- $args
	if "$lat" --list-engines | grep -q "^$1 .*built without"; then
		skip "$label: verify" "$("$lat" --list-engines | grep "^$1 " | sed 's/^[^ ]* *//')"
		continue
	fi
	# sequential overwrite of every block: all of the file is the new data
	if run "$label: overwrite all, read back" $quick --engine $args \
		--op overwrite --ops 256 --verify; then
		expect "$label: overwrite: no bad byte" 0 verify_bad_bytes
		expect "$label: overwrite: every byte rewritten" 1048576 verify_written_bytes
		expect "$label: overwrite: 256 writes" 256 writes
	fi
	# random writes: bytes found rewritten never exceed bytes written
	if run "$label: randwrite, read back" $quick --engine $args \
		--op randwrite --ops 500 --verify --seed 3; then
		expect "$label: randwrite: no bad byte" 0 verify_bad_bytes
		w=$(metric_first "$out" verify_written_bytes)
		[ "$w" -gt 0 ] && [ "$w" -le $((500 * 4096)) ] && [ $((w % 4096)) = 0 ]
		ok $? "$label: randwrite: $w bytes rewritten, whole blocks, at most 500 of them"
	fi
	# reads check every block they read against the prefill
	if run "$label: randread, checked" $quick --engine $args \
		--op randread --ops 500 --verify; then
		expect "$label: randread: no bad byte" 0 verify_bad_bytes
		expect "$label: randread: 500 reads" 500 reads
	fi
	if run "$label: append, read back" $quick --engine $args \
		--op append --ops 64 --verify; then
		expect "$label: append: no bad byte" 0 verify_bad_bytes
		expect "$label: append: the file is what was appended" 262144 verify_written_bytes
		expect "$label: append: grew by 64 blocks" 262144 file_growth
	fi
done

# --- append grows the file by exactly the bytes written ------------------
for bs in 4096 1000 513; do
	if run "append bs $bs" --warmup 0 --repeats 2 --size 1M --bs $bs \
		--dir "$work" --op append --ops 37; then
		g=$(metric_values "$out" file_growth)
		w=$(metric_values "$out" bytes_written)
		want="$((37 * bs)) $((37 * bs)) "
		[ "$g" = "$want" ] && [ "$w" = "$want" ]
		ok $? "append bs $bs: growth [$g] = written [$w] = 37 blocks, each repeat"
	fi
done
if run "append stops at --size" --warmup 0 --repeats 1 --size 64k --bs 4k \
	--dir "$work" --op append --ops 1000; then
	expect "append stops at --size: 16 blocks" 65536 file_growth
fi

# --- O_DIRECT alignment refused before any I/O ---------------------------
"$lat" $quick --direct --ops 10 --json >"$out" 2>"$err"
rc=$?
memalign=$(jv "$out" parameters.direct_mem_align)
offalign=$(jv "$out" parameters.direct_offset_align)
if [ "$(jv "$out" status)" != ok ]; then
	skip "O_DIRECT alignment" "O_DIRECT unavailable here: $(jv "$out" reason)$(cat "$err")"
	skip "O_DIRECT block size" "O_DIRECT unavailable here"
else
	echo "# direct I/O alignment of the build directory: memory $memalign, offset $offalign ($(jv "$out" parameters.direct_align_source))"
	if [ "$memalign" -gt 1 ]; then
		"$lat" $quick --direct --ops 10 --buffer-offset 1 >"$work/o" 2>"$err"
		rc=$?
		grep -q -- "--buffer-offset: 1: .*aligned to $memalign bytes" "$err"
		ok $(( rc != 2 || $? )) "a buffer 1 byte off is refused with exit 2 and the alignment ($(cat "$err"))"
	else
		skip "O_DIRECT buffer alignment" "the filesystem asks no buffer alignment"
	fi
	bad_bs=$((offalign + offalign / 2))
	"$lat" $quick --direct --ops 10 --bs $bad_bs >"$work/o" 2>"$err"
	rc=$?
	grep -q -- "--bs: $bad_bs: .*multiple of $offalign bytes" "$err"
	ok $(( rc != 2 || $? )) "block size $bad_bs is refused with exit 2 and the alignment ($(cat "$err"))"
	[ ! -s "$work/o" ] && [ -z "$(find "$work" -maxdepth 1 -name 'daxbench-*')" ]
	ok $? "nothing was run or left behind"
fi

# --- the mix keeps its ratio ---------------------------------------------
# 20000 operations, each a read with probability 0.7: the read count is
# binomial, mean 14000, standard deviation sqrt(20000 * 0.7 * 0.3) = 64.8.
# 4 standard deviations (259) give [13741, 14259], i.e. 70 % +- 1.3 %: a
# correct generator is outside it with probability 6e-5 for a given seed,
# and the seeds are fixed, so the test is deterministic.
for seed in 1 2 3; do
	if run "mix 70, seed $seed" $quick --op mix --mix 70 --ops 20000 --seed $seed; then
		r=$(metric_first "$out" reads)
		w=$(metric_first "$out" writes)
		[ $((r + w)) = 20000 ] && [ "$r" -ge 13741 ] && [ "$r" -le 14259 ]
		ok $? "mix 70, seed $seed: $r reads, $w writes (want 14000 +- 259 reads of 20000)"
		[ "$(jv "$out" parameters.seed)" = $seed ]
		ok $? "mix 70, seed $seed: the seed is in the parameters"
	fi
done

# --- sync modes: the sync is counted and timed on its own ----------------
for e in psync io_uring:--qd:4 libaio; do
	args=$(echo "$e" | tr ':' ' ')
	if run "$args fdatasync every 4 writes" $quick --engine $args \
		--op randwrite --ops 100 --sync fdatasync --sync-every 4; then
		expect "$args: 25 syncs for 100 writes" 25 syncs
		p=$(metric_first "$out" sync_lat_p50_ns)
		[ "$p" != null ] && [ "$p" -gt 0 ]
		ok $? "$args: sync latency has its own histogram (p50 $p ns)"
	fi
done
if run "o_dsync overwrite" $quick --op overwrite --ops 50 --sync o_dsync; then
	expect "o_dsync: 50 writes, no separate sync" 0 syncs
fi

# --- bad input: a message naming the option, non-zero exit ---------------
# bad_input EXIT OPTION ARGS...
bad_input() {
	want=$1 opt=$2
	shift 2
	"$lat" "$@" >"$work/o" 2>"$err"
	rc=$?
	grep -q -- "$opt" "$err"
	ok $(( rc != want || $? )) "$* → exit $rc (want $want), message names $opt: $(head -1 "$err")"
}
bad_input 2 --engine --dir "$work" --engine frob
bad_input 2 --qd --dir "$work" --qd 4
bad_input 2 --bs --dir "$work" --bs 0
bad_input 2 --bs --dir "$work" --bs 64k --size 32k
bad_input 2 --bs --dir "$work" --bs 4M --size 8M
bad_input 1 --file --file "$work/missing" --op read
bad_input 2 --mix --dir "$work" --mix 70
bad_input 2 --sync --dir "$work" --op randread --sync fdatasync
bad_input 2 --sqpoll --dir "$work" --sqpoll
bad_input 2 --dir --ops 10
[ ! -e "$work/missing" ]
ok $? "a read of a missing file does not create it"

# an engine this build lacks: reported with the reason, never skipped
# (exit 3, unsupported); the test hook hides one when the build has all.
missing=$("$lat" --list-engines | grep "built without" | head -1 | cut -d' ' -f1)
if [ -n "$missing" ]; then
	bad_input 3 "built without" --dir "$work" --engine "$missing"
else
	DB_LAT_HIDE_ENGINES=libaio bad_input 3 "DB_LAT_HIDE_ENGINES" \
		--dir "$work" --engine libaio
fi

tap_end
