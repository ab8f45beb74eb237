#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-faults inside the daxbench guest (POSIX sh, busybox ash), in
# TAP: the fault counts the DAX series promises, on ext4 -o dax, against
# ext4 dax=never (page cache).  Counts only, never times.
#
# The guest runner sets DAXBENCH_PATHS_FILE: one line per target,
# "name dir status reason...", e.g. "ext4-dax /mnt/ext4-dax ok -".
# The ext4-dax filesystem must be fresh (mkfs.ext4 -b 4096
# -E stride=512,stripe_width=512), so that the blocks a fault allocates
# come in 2 MiB-aligned extents: see docs/faults.md.

# The shell test library, from tests/ (installed or packed above guest/).
here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/json.sh
. "$here/../json.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

prog=$(command -v daxbench-faults)
tap_tmpdir faults-guest
out=$tmp/out.json
work=

tap_cleanup() {
	# shellcheck disable=SC2086 # a list of directories
	[ -n "$work" ] && rm -rf $work
}

echo "TAP version 13"

# values METRIC: the metric's values in $out, one per repeat.
values() {
	metric_values "$out" "$1"
}

string() {
	jv "$out" "$1"
}

agree() {
	all "$(values counter_disagreement)" -eq 0
}

traced() {
	[ "$(jv "$out" parameters.traced)" = true ]
}

# workdir BASE: $d, a new directory in BASE for a section's files.
workdir() {
	d=$1/faults.$$
	mkdir "$d" && work="$work $d"
}

# none_left LABEL: the section's directory is empty again.
none_left() {
	left=$(ls -A "$d")
	[ -z "$left" ]
	ok $? "$1: no file left behind (found: ${left:-none})"
}

# run DIR ARGS...: one measurement, two repeats, JSON in $out.
run() {
	d=$1
	shift
	"$prog" --dir "$d" --json --repeats 2 "$@" >"$out" 2>"$tmp/err"
}

if [ -z "$prog" ]; then
	echo "1..0 # SKIP daxbench-faults is not installed in the guest"
	exit 0
fi

size=8M
npages=2048
npmd=$((npages / 512))
dax=$(path_dir ext4-dax)
pc=$(path_dir ext4-pagecache)

# --- ext4 -o dax --------------------------------------------------------------
if [ -n "$dax" ]; then
	workdir "$dax"

	# First, while the filesystem is fresh.
	run "$d" --size $size --access write --align 2m
	f=$(values faults)
	all "$f" -eq $npmd && agree && [ "$(jv "$out" environment.target.statx_dax)" = true ]
	ok $? "ext4-dax: 2 MiB-aligned write of $npages pages: faults == $npmd (one per 2 MiB), counters agree, statx DAX (faults: $f)"
	if traced; then
		p=$(values trace_pmd_nopage)
		all "$p" -eq $npmd && all "$(values trace_pte_faults)" -eq 0
		ok $? "ext4-dax: the fs_dax tracepoints saw $npmd PMD faults and no PTE fault (PMD NOPAGE: $p)"
	else
		skip "ext4-dax: fs_dax tracepoint breakdown" "tracefs not available"
	fi

	run "$d" --size $size --access write --align misaligned
	f=$(values faults)
	all "$f" -eq $npages && agree
	ok $? "ext4-dax: misaligned write of $npages pages: faults == $npages, counters agree (faults: $f)"

	run "$d" --size $size --access read --align 2m
	f=$(values faults)
	all "$f" -eq $npmd && agree
	ok $? "ext4-dax: 2 MiB-aligned read of a sparse file: faults == $npmd (huge zero page) (faults: $f)"

	run "$d" --size $size --access write --align 2m --map sync
	f=$(values faults)
	[ "$(string status)" = ok ] && all "$f" -eq $npmd && agree
	ok $? "ext4-dax: --map sync is accepted, faults == $npmd (status $(string status), faults: $f)"

	run "$d" --size $size --access write --align 2m --hugepage nohugepage
	f=$(values faults)
	all "$f" -eq $npages && agree
	ok $? "ext4-dax: MADV_NOHUGEPAGE: faults == $npages (no PMD) (faults: $f)"

	none_left ext4-dax
else
	skip "ext4-dax counts" "no ext4-dax path in $DAXBENCH_PATHS_FILE"
fi

# --- ext4 dax=never: the page cache ---------------------------------------------
if [ -n "$pc" ]; then
	workdir "$pc"

	run "$d" --size $size --access write --align 2m
	f=$(values faults)
	all "$f" -eq $npages && agree && [ "$(jv "$out" environment.target.statx_dax)" = false ]
	ok $? "ext4-pagecache: write of $npages pages: faults == $npages, counters agree (faults: $f)"

	bound=$((npages / 16 + 1))
	run "$d" --size $size --access read --align 2m --prepare written
	f=$(values faults)
	all "$f" -le $bound && all "$f" -ge 1 && agree
	ok $? "ext4-pagecache: read of a written file: faults <= $bound (fault-around) (faults: $f)"

	run "$d" --size $size --access read-then-write --align 2m --prepare written
	f1=$(values faults_pass1)
	f2=$(values faults_pass2)
	all "$f1" -le $bound && all "$f2" -eq $npages && agree
	ok $? "ext4-pagecache: read-then-write: read pass <= $bound, write pass == $npages (passes: $f1/ $f2)"

	run "$d" --size $size --map sync
	rc=$?
	[ $rc = 3 ] && [ "$(string status)" = unsupported ] &&
		string reason | grep -q 'EOPNOTSUPP: MAP_SYNC needs DAX'
	ok $? "ext4-pagecache: --map sync: status unsupported, exit 3 (exit $rc, $(string reason))"

	none_left ext4-pagecache
else
	skip "ext4-pagecache counts" "no ext4-pagecache path in $DAXBENCH_PATHS_FILE"
fi

# --- cleanup on SIGINT: the file and the tracefs instance ------------------------
if [ -n "$dax" ]; then
	d=$dax/faults.$$
	"$prog" --dir "$d" --size 256M --align misaligned --repeats 50 \
		>/dev/null 2>&1 &
	pid=$!
	sleep 2
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	inst=$(ls -d /sys/kernel/tracing/instances/daxbench-faults-$pid \
		/sys/kernel/debug/tracing/instances/daxbench-faults-$pid 2>/dev/null)
	left=$(ls -A "$d")
	[ $rc -ne 0 ] && [ -z "$left" ] && [ -z "$inst" ]
	ok $? "SIGINT during a run: no file and no tracefs instance left (exit $rc, files: ${left:-none}, instance: ${inst:-none})"
fi

tap_end
