#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: the page-cache halves of the DAX selftests on the two DAX
# filesystems, ext4 and XFS, mounted dax=never from loop devices over
# image files of this test's own (the host has no DAX, so the DAX halves
# skip with their reasons).  Needs root, loop devices and mkfs.ext4 /
# mkfs.xfs; without one of them that filesystem is one skip.  Formats
# and mounts only what it made, and removes it at exit.
#
# Environment: top_srcdir, top_builddir (set by make check).

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/tap.sh"

sel=$top_builddir/kernel/selftests/dax
PROGS="dax_statx dax_mmap_sync dax_pagecache dax_coherence dax_private
dax_truncate dax_fork dax_msync"
tap_tmpdir selftests-loop "$top_builddir"
mounts=
loops=

tap_cleanup() {
	for _m in $mounts; do
		umount "$_m" 2>/dev/null
	done
	for _l in $loops; do
		losetup -d "$_l" 2>/dev/null
	done
}

echo "TAP version 13"

# why_not FS: why FS cannot be made here, or nothing.
why_not() {
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (loop devices, mount)"
	elif ! command -v losetup >/dev/null; then
		echo "no losetup"
	elif ! command -v "mkfs.$1" >/dev/null && ! [ -x "/sbin/mkfs.$1" ]; then
		echo "no mkfs.$1"
	elif ! grep -qw "$1" /proc/filesystems && ! modprobe "$1" 2>/dev/null; then
		echo "this kernel has no $1"
	fi
}

# make_fs FS: an FS on a loop device over a new image, mounted dax=never
# at $tmp/FS; else 1 with the reason in $why.
make_fs() {
	_img=$tmp/$1.img
	truncate -s 512M "$_img" || { why="cannot make $_img"; return 1; }
	_dev=$(losetup -f --show "$_img" 2>&1) || { why="losetup: $_dev"; return 1; }
	loops="$loops $_dev"
	case $1 in
	ext4) PATH=$PATH:/sbin mkfs.ext4 -q -F -b 4096 "$_dev" ;;
	# a 512 MiB XFS needs a small log and two allocation groups
	xfs) PATH=$PATH:/sbin mkfs.xfs -q -f -m reflink=0 -d agcount=2 \
		-l size=64m "$_dev" ;;
	esac >"$tmp/mkfs.log" 2>&1 ||
		{ why="mkfs.$1: $(tail -n 1 "$tmp/mkfs.log")"; return 1; }
	mkdir -p "$tmp/$1"
	mount -t "$1" -o dax=never "$_dev" "$tmp/$1" 2>"$tmp/mount.log" ||
		{ why="mount -o dax=never: $(cat "$tmp/mount.log")"; return 1; }
	mounts="$tmp/$1 $mounts"
}

# selftests FS: every program's page-cache variants on $tmp/FS (the
# harness's -v: the DAX variants would only skip).
selftests() {
	for _p in $PROGS; do
		DAX_DIR='' PAGECACHE_DIR=$tmp/$1 "$sel/$_p" -v pagecache \
			>"$tmp/out" 2>&1
		tap_merge "$1: $_p" $? "$tmp/out" "$1: "
	done
	_left=$(find "$tmp/$1" -mindepth 1 -maxdepth 1 ! -name lost+found)
	check "$1: no scratch directory left (${_left:-none})" [ -z "$_left" ]
}

for fs in ext4 xfs; do
	why=$(why_not $fs)
	if [ -z "$why" ] && make_fs $fs; then
		selftests $fs
	else
		skip "$fs: page-cache selftests on a loop device" "$why"
	fi
done

tap_end
