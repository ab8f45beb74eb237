#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the DAX selftests inside the daxbench guest (POSIX sh, busybox ash).
#
# For each filesystem with a DAX path in the guest's paths manifest
# ($DAXBENCH_PATHS_FILE, lines "name dir status reason...": ext4-dax and
# ext4-pagecache, xfs-dax and xfs-pagecache), every selftest runs with
# DAX_DIR set to the DAX dir and PAGECACHE_DIR to its page-cache twin.
# Then, as root:
#   - durability across a power cut and a remount: DAX_SHUTDOWN=1
#     dax_durability -f durability_write -f power_cut, unmount, mount
#     with the same device and options (from /proc/mounts),
#     dax_durability -f durability_verify;
#   - the dax=inode fixtures of dax_statx, after remounting the DAX dir
#     with dax=inode; the original mount is restored afterwards.
# With a device-dax path (devdax, whose "dir" is the /dev/daxX.Y
# device), dax_devdax runs with DAX_DEVICE set to it.
#
# Output: one TAP 13 stream with every test of every program, named
# "FS: fixture.variant.test" and numbered here (the runner may renumber
# again); exit 0 when nothing failed.  A filesystem without a DAX path
# is one skip with the reason.
#
# Environment: DAXBENCH_PATHS_FILE (required), DB_SELFTEST_DIR (where
# the programs are; default: beside this script, else
# ../../selftests/dax from it (the installed layout), else daxbench's
# pkglibexecdir, else /usr/local/libexec/daxbench/selftests/dax).

# The shell test library, from tests/ (installed or packed above guest/).
here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

PROGS="dax_statx dax_mmap_sync dax_faults dax_pagecache dax_coherence
dax_private dax_truncate dax_fork dax_msync"
FILESYSTEMS="ext4 xfs"

tap_tmpdir selftests

selftest_dir() {
	if [ -n "${DB_SELFTEST_DIR:-}" ]; then
		echo "$DB_SELFTEST_DIR"
		return
	fi
	for _d in "$here" "$here/../../selftests/dax"; do
		if [ -x "$_d/dax_statx" ]; then
			(cd "$_d" && pwd)
			return
		fi
	done
	# the front door knows where it was installed
	_db=$(command -v daxbench 2>/dev/null)
	if [ -n "$_db" ]; then
		_lib=$(sed -n "s/^DB_PKGLIBEXECDIR='\(.*\)'\$/\1/p" "$_db")
		if [ -x "$_lib/selftests/dax/dax_statx" ]; then
			echo "$_lib/selftests/dax"
			return
		fi
	fi
	echo /usr/local/libexec/daxbench/selftests/dax
}

# run_prog LABEL PROG ARGS...: run one selftest (harness options in
# ARGS, places in the environment) and merge its results into ours,
# named "$fs: ...".  A program that dies or leaves out results counts as
# a failure (tap_merge).
run_prog() {
	_label=$1 _prog=$2
	shift 2
	echo "# $fs $_label: DAX_DIR=${DAX_DIR:-} PAGECACHE_DIR=${PAGECACHE_DIR:-} $_prog $*"
	if [ ! -x "$dir/$_prog" ]; then
		not_ok "$fs: $_label # $dir/$_prog not found"
		return
	fi
	_t0=$(cut -d ' ' -f 1 /proc/uptime)
	"$dir/$_prog" "$@" >"$tmp/out" 2>&1
	_rc=$?
	echo "# $fs $_label took $(awk -v a="$_t0" -v b="$(cut -d ' ' -f 1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }') s"
	tap_merge "$fs: $_label" $_rc "$tmp/out" "$fs: "
}

# mount_line DIR: "device fstype options" of the mount at DIR.
mount_line() {
	awk -v d="$1" '$2 == d { l = $1 " " $3 " " $4 } END { if (l) print l }' /proc/mounts
}

# remount DIR DEVICE FSTYPE OPTIONS: unmount and mount again.
remount() {
	umount "$1" && mount -t "$3" -o "$4" "$2" "$1"
}

# remounted WHAT DIR DEVICE FSTYPE OPTIONS: remount, as a result.
remounted() {
	if remount "$2" "$3" "$4" "$5" >"$tmp/mount" 2>&1; then
		pass "$fs: $1 $2"
	else
		not_ok "$fs: $1 $2 # $(tr '\n' ' ' <"$tmp/mount")"
	fi
}

# Durability: write and cut power, remount, verify.
durability() {
	# shellcheck disable=SC2046 # device, fstype, options
	set -- $(mount_line "$dax")
	if [ $# != 3 ]; then
		run_prog durability dax_durability
		return
	fi
	export DAX_SHUTDOWN=1
	run_prog durability-write dax_durability -f durability_write -f power_cut
	unset DAX_SHUTDOWN
	remounted durability_remount "$dax" "$1" "$2" "$3"
	run_prog durability-verify dax_durability -f durability_verify
}

# The dax=inode fixtures: remount the DAX dir with dax=inode, then
# restore it.
inode_case() {
	# shellcheck disable=SC2046 # device, fstype, options
	set -- $(mount_line "$dax")
	_opts=$(echo ",$3," | sed 's/,dax=always,/,/; s/,dax,/,/; s/^,//; s/,$//')
	if ! remount "$dax" "$1" "$2" "$_opts,dax=inode" >"$tmp/mount" 2>&1; then
		not_ok "$fs: statx_inode # mount -o dax=inode: $(tr '\n' ' ' <"$tmp/mount")"
		mount -t "$2" -o "$3" "$1" "$dax" 2>/dev/null
		return
	fi
	export DAX_INODE_DIR="$dax"
	run_prog statx-inode dax_statx -f statx_inode
	unset DAX_INODE_DIR
	remounted restore_mount "$dax" "$1" "$2" "$3"
}

# suite FS: every selftest on FS-dax against FS-pagecache.
suite() {
	fs=$1
	if ! dax=$(path_why "$fs-dax"); then
		skip "$fs: DAX selftests" "$dax"
		return
	fi
	if ! pc=$(path_why "$fs-pagecache"); then
		echo "# $fs: $pc: page-cache tests use ${TMPDIR:-/tmp}"
		pc=${TMPDIR:-/tmp}
	fi
	echo "# $fs: DAX dir $dax ($(mount_line "$dax")); page-cache dir $pc"
	DAX_DIR=$dax PAGECACHE_DIR=$pc
	export DAX_DIR PAGECACHE_DIR
	root=no
	[ "$(id -u)" = 0 ] && [ -n "$(mount_line "$dax")" ] && root=yes
	for p in $PROGS; do
		if [ "$p" = dax_statx ] && [ $root = yes ]; then
			run_prog "$p" "$p" -F statx_inode
		else
			run_prog "$p" "$p"
		fi
	done
	if [ $root = yes ]; then
		durability
		inode_case
	else
		run_prog dax_durability dax_durability
	fi
	unset DAX_DIR PAGECACHE_DIR
}

# device-dax: the character device itself, no filesystem.
devdax_suite() {
	fs=devdax
	if ! DAX_DEVICE=$(path_why devdax); then
		skip "devdax: DAX selftests" "$DAX_DEVICE"
		return
	fi
	export DAX_DEVICE
	run_prog dax_devdax dax_devdax
	unset DAX_DEVICE
}

dir=$(selftest_dir)
echo "TAP version 13"
echo "# selftests: $dir"
for f in $FILESYSTEMS; do
	suite "$f"
done
devdax_suite
echo "# selftests: $((n - failed)) ok, $failed not ok"
tap_end
