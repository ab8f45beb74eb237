#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-mmap: data, not speed.  For every store kind and persistence
# mode this CPU supports, what was written reads back (--verify checks
# every word through a fresh mapping after munmap and through pread);
# reads and copies return what the file holds; bad input is refused with
# a clear message, a non-zero exit and nothing left in the directory.
# Random order visiting each block once per pass is unit-tested in
# tests/mmap/test-order; here --verify shows no block was missed.

. "${top_srcdir:?set by make check}/tests/tap.sh"
. "$top_srcdir/tests/json.sh"

prog="${top_builddir:?set by make check}/bench/daxbench-mmap"
tap_tmpdir mmap-check
dir="$tmp/target"
mkdir "$dir"
out="$tmp/out"
err="$tmp/err"

tap_on_fail() {
	sed 's/^/# /' "$err" 2>/dev/null | head -5
}

# Has the CPU this flag?  /proc/cpuinfo, independently of the program.
cpu_has() {
	grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -qx "$1"
}

# is FILE PATH VALUE: the JSON value at PATH (jget) is VALUE.
is() {
	[ "$(jv "$1" "$2")" = "$3" ]
}

empty_dir() {
	[ -z "$(ls -A "$dir")" ]
}

# run ARGS...: a small, quick run on $dir; status in $rc.
run() {
	"$prog" --dir "$dir" --size 1M --repeats 1 --passes 1 --no-roofline "$@" \
		>"$out" 2>"$err"
	rc=$?
}

# verify NAME ARGS...: the run succeeds, says it verified, leaves nothing.
verify() {
	_name=$1
	shift
	run --verify "$@"
	[ $rc = 0 ] && grep -q "read back as expected" "$out" && empty_dir
	ok $? "$_name"
}

# refused NAME CODE PATTERN ARGS...: exit CODE, PATTERN on stderr, dir empty.
refused() {
	_name=$1 _code=$2 _pat=$3
	shift 3
	run "$@"
	[ $rc = "$_code" ] && grep -q -- "$_pat" "$err" && empty_dir
	ok $? "$_name (exit $rc)"
}

echo "TAP version 13"

"$prog" --help >"$out" 2>"$err" && grep -q -- "--persist" "$out"
ok $? "--help"
"$prog" --version >"$out" 2>"$err" && grep -q "^daxbench-mmap " "$out"
ok $? "--version"

store_flag() {
	case $1 in
	nt-sse2) echo sse2 ;; nt-avx2) echo avx2 ;; nt-avx512) echo avx512f ;;
	*) echo "" ;;
	esac
}
persist_flag() {
	case $1 in
	clwb) echo clwb ;; clflushopt) echo clflushopt ;; clflush) echo clflush ;;
	*) echo "" ;;
	esac
}

# Every supported store kind and persistence mode, for both storing ops.
for op in write copy-in; do
	for store in plain nt-sse2 nt-avx2 nt-avx512; do
		f=$(store_flag $store)
		if [ -n "$f" ] && ! cpu_has "$f"; then
			skip "$op --store $store" "the CPU lacks $f"
			continue
		fi
		for persist in none clwb clflushopt clflush msync; do
			f=$(persist_flag $persist)
			if [ -n "$f" ] && ! cpu_has "$f"; then
				skip "$op --store $store --persist $persist" "the CPU lacks $f"
				continue
			fi
			verify "$op --store $store --persist $persist reads back" \
				--op $op --store $store --persist $persist --block-size 4k
		done
	done
done

# Orders, threads, sizes, faults.
verify "write, random order, 64 B blocks: every block written" \
	--op write --pattern rand --block-size 64
verify "copy-in, random order, 2 MiB blocks" \
	--op copy-in --pattern rand --block-size 2M --size 4M
verify "write, 3 threads in their own regions, random, 3 passes" \
	--op write --pattern rand --threads 3 --block-size 4k --passes 3
verify "write, 2 threads sharing the file, random" \
	--op write --pattern rand --threads 2 --share --block-size 16k
verify "write, cold (page tables dropped before each pass), 2 passes" \
	--op write --cold --passes 2 --block-size 8k
verify "write with the roofline measured too" \
	--op write --block-size 4k --repeats 2 --roofline
grep -q "ratio_to_anon " "$out" && grep -q "ratio_to_anon_on_cpu " "$out" &&
	grep -q "^  on_cpu " "$out" && grep -q "anonymous, 4 KiB pages" "$out"
ok $? "the roofline ratios (wall and on-CPU) are reported"
verify "read: the loads' sums match the file, seq" \
	--op read --block-size 4k --threads 2
verify "read: the loads' sums match the file, random, 64 B blocks" \
	--op read --pattern rand --block-size 64 --threads 3
verify "copy-out: every block copied matches the file, random" \
	--op copy-out --pattern rand --block-size 4k --threads 2
verify "copy-out, cold, shared" \
	--op copy-out --cold --share --threads 2 --block-size 64k

# The JSON result.
run --op write --block-size 4k --json
[ $rc = 0 ] && is "$out" schema daxbench-result &&
	[ "$(jv "$out" metrics.bandwidth.values.length)" -ge 1 ]
ok $? "--json writes the result schema"
run --op read --block-size 4k --output "$tmp/r.json"
[ $rc = 0 ] && is "$tmp/r.json" parameters.block_size 4096 &&
	is "$tmp/r.json" parameters.seed 1 && is "$tmp/r.json" parameters.faults warm &&
	is "$tmp/r.json" parameters.store plain && is "$tmp/r.json" parameters.repeats 1
ok $? "--output records the parameters, defaults included"

# Bad input.
refused "block size above the file size" 2 "larger than the file" \
	--block-size 2M --size 1M
refused "zero threads" 2 "--threads" --threads 0
refused "more threads than the file has regions" 2 \
	"more threads than the file has regions" --threads 5 --block-size 256k
refused "a block size that is not a multiple of 64" 2 "multiple of 64" \
	--block-size 100
refused "a store kind for an op that stores nothing" 2 "store kinds apply" \
	--op read --store nt-sse2
refused "no target" 2 "exactly one of --dir" --dir "$dir" --file "$dir/x"

missing=
for f in avx512f avx2 sse2; do
	cpu_has $f || missing=$f
done
case $missing in
avx512f) kind=nt-avx512 ;; avx2) kind=nt-avx2 ;; sse2) kind=nt-sse2 ;; *) kind= ;;
esac
if [ -n "$kind" ]; then
	refused "--store $kind, which this CPU lacks" 3 "this CPU lacks $missing" \
		--op write --store $kind
else
	skip "a store kind this CPU lacks" "the CPU has sse2, avx2 and avx512f"
fi
# The same refusal on any CPU: the test hook hides a flag from the program.
DB_MMAP_HIDE_CPU_FLAGS=avx512f
export DB_MMAP_HIDE_CPU_FLAGS
refused "--store nt-avx512 with avx512f hidden" 3 "this CPU lacks avx512f" \
	--op write --store nt-avx512 --output "$tmp/u.json"
is "$tmp/u.json" status unsupported &&
	is "$tmp/u.json" parameters.store nt-avx512
ok $? "the refusal is recorded as status unsupported, with the parameters"
DB_MMAP_HIDE_CPU_FLAGS=sse2,clwb
refused "--persist clwb with clwb hidden" 3 "this CPU lacks clwb" \
	--op write --persist clwb
unset DB_MMAP_HIDE_CPU_FLAGS

# MAP_SYNC on a file that is not DAX.
run --op write --block-size 4k
if grep -q 'statx DAX true' "$out"; then
	skip "MAP_SYNC refused on a non-DAX file" "$dir is on DAX"
elif ! cpu_has clwb; then
	skip "MAP_SYNC refused on a non-DAX file" "the CPU lacks clwb"
else
	refused "MAP_SYNC on a non-DAX file" 3 "refused MAP_SYNC" \
		--op write --persist map-sync --output "$tmp/m.json"
	is "$tmp/m.json" status unsupported
	ok $? "the MAP_SYNC refusal is recorded as status unsupported"
fi

# --file: an existing file is neither used nor removed without --keep.
echo precious >"$tmp/mine"
"$prog" --file "$tmp/mine" --size 1M --passes 1 --repeats 1 >"$out" 2>"$err"
rc=$?
[ $rc != 0 ] && grep -q -- "--keep" "$err" && [ "$(cat "$tmp/mine")" = precious ]
ok $? "an existing --file is refused without --keep and left alone"

# --file: a character device that is not device-dax is refused, exit 3.
"$prog" --file /dev/null --size 2M --passes 1 --repeats 1 --output "$tmp/n.json" \
	>"$out" 2>"$err"
rc=$?
[ $rc = 3 ] && grep -q "not a device-dax device" "$err" &&
	is "$tmp/n.json" status unsupported
ok $? "--file /dev/null: not device-dax: exit 3, status unsupported (exit $rc)"

tap_end
