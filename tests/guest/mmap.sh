#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-mmap in the daxbench guest (POSIX sh, busybox ash): on
# ext4-dax, MAP_SYNC + clwb writes read back and every store kind the
# CPU runs writes data that reads back; on ext4-pagecache MAP_SYNC is
# refused with a clear message, exit 3, and nothing is left behind.
#
# Environment: DAXBENCH_PATHS_FILE (lines "name dir status reason"; set
# by the guest runner), daxbench-mmap on PATH.

# The shell test library, from tests/ (installed or packed above guest/).
here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

echo "TAP version 13"
tap_tmpdir guest-mmap
out=$tmp/out
err=$tmp/err

tap_on_fail() {
	sed 's/^/# /' "$err" | head -5
}

# run DIR ARGS...: a small run; status in $rc, the dir's listing
# before and after in $tmp/before and $tmp/after.
run() {
	_dir=$1
	shift
	ls -A "$_dir" >"$tmp/before"
	daxbench-mmap --dir "$_dir" --size 8M --repeats 1 --passes 1 \
		--no-roofline "$@" >"$out" 2>"$err"
	rc=$?
	ls -A "$_dir" >"$tmp/after"
}

nothing_left() {
	cmp -s "$tmp/before" "$tmp/after"
}

verified() {
	[ "$rc" = 0 ] && grep -q "read back as expected" "$out" && nothing_left
}

prog=$(command -v daxbench-mmap)
dax=$(path_dir ext4-dax)
pc=$(path_dir ext4-pagecache)
echo "# daxbench-mmap: ${prog:-not found}; ext4-dax: ${dax:-none}; ext4-pagecache: ${pc:-none}"
if [ -z "$prog" ]; then
	echo "1..1"
	echo "not ok 1 daxbench-mmap is not on PATH"
	exit 1
fi

# What this CPU runs, as the program's cpuid sees it.
daxbench-mmap --list >"$tmp/list" 2>&1
supports() {
	grep -q "^$1 *$2 *yes" "$tmp/list"
}

if [ -n "$dax" ]; then
	run "$dax" --op read --verify
	verified && grep -q "statx DAX true" "$out"
	ok $? "read on ext4-dax verifies, and the file is DAX"
	if supports persist map-sync; then
		run "$dax" --op write --persist map-sync --verify
		verified
		ok $? "write with MAP_SYNC + clwb on ext4-dax reads back"
		run "$dax" --op copy-in --pattern rand --persist map-sync --verify
		verified
		ok $? "copy-in, random, MAP_SYNC + clwb on ext4-dax reads back"
	else
		skip "MAP_SYNC on ext4-dax" "the CPU lacks clwb"
	fi
	persist=none
	supports persist clwb && persist=clwb
	for kind in plain nt-sse2 nt-avx2 nt-avx512; do
		if ! supports store "$kind"; then
			skip "write --store $kind on ext4-dax" "the CPU lacks it"
			continue
		fi
		run "$dax" --op write --store "$kind" --persist $persist --verify
		verified
		ok $? "write --store $kind --persist $persist on ext4-dax reads back"
	done
	run "$dax" --op write --cold --pattern rand --block-size 64k --verify
	verified
	ok $? "cold random writes on ext4-dax read back"
else
	skip "ext4-dax tests" "no usable ext4-dax path"
fi

if [ -n "$pc" ] && supports persist map-sync; then
	run "$pc" --op write --persist map-sync
	[ "$rc" = 3 ] && grep -q "refused MAP_SYNC" "$err" && nothing_left
	ok $? "MAP_SYNC on ext4-pagecache is refused (exit $rc), nothing left"
	run "$pc" --op write --persist msync --verify
	verified
	ok $? "write + msync on ext4-pagecache reads back"
else
	skip "MAP_SYNC on ext4-pagecache" "no usable path, or the CPU lacks clwb"
fi

echo "# mmap: $((n - failed)) ok, $failed not ok"
tap_end
