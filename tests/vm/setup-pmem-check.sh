#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench setup-pmem refuses what it must, on loop devices: one holding a
# filesystem, one mounted, one that is not pmem (with and without
# --force), and bad options; and it changes nothing while refusing.  The
# path that formats and mounts runs on real pmem inside the guest
# (tests/vm/basic.sh).  Needs root and losetup; skips otherwise.

. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
db=${top_builddir:-.}/scripts/daxbench

# expect TEXT RC WANT ARGS...: setup-pmem ARGS exits RC saying WANT
expect() {
	_what=$1 _rc=$2 _want=$3
	shift 3
	_err=$("$db" setup-pmem "$@" 2>&1 >/dev/null)
	_got=$?
	case $_got:$_err in
	"$_rc":*"$_want"*) pass "$_what" ;;
	*) not_ok "$_what (exit $_got: $(echo "$_err" | head -n 1))" ;;
	esac
}

expect "--help" 0 "" --help
expect "no --device" 2 "--device is required" --mount /tmp/x
expect "no --mount" 2 "--mount is required" --device /dev/null
expect "unknown --fs" 2 "--fs: 'btrfs' is not ext4 or xfs" --device /dev/null --mount /tmp/x --fs btrfs
expect "a missing device" 2 "no such device" --device /dev/daxbench-none --mount /tmp/x
expect "a file, not a block device" 2 "not a block device" --device /etc/hostname --mount /tmp/x

if [ "$(id -u)" != 0 ] || ! command -v losetup >/dev/null 2>&1 ||
   ! command -v mkfs.ext4 >/dev/null 2>&1; then
	echo "1..$n # SKIP the loop device cases need root, losetup and mkfs.ext4"
	[ "$failed" -eq 0 ]
	exit
fi

tap_tmpdir setup-pmem-check
tap_cleanup() {
	umount "$tmp/mnt" 2>/dev/null
	# The loop devices of our image files (loop() runs in a subshell,
	# so ask losetup rather than remember them).
	for f in "$tmp"/*.img; do
		for l in $(losetup -j "$f" 2>/dev/null | cut -d : -f 1); do
			losetup -d "$l"
		done
	done
}

# loop FILE: attach a fresh 64 MiB loop device, print it
loop() {
	dd if=/dev/null of="$1" bs=1M seek=64 2>/dev/null
	losetup -f --show "$1" 2>/dev/null
}
fstype() {
	blkid -p -o value -s TYPE "$1" 2>/dev/null
}

if ! blank=$(loop "$tmp/blank.img") || ! withfs=$(loop "$tmp/fs.img") ||
   ! mounted=$(loop "$tmp/mounted.img"); then
	echo "1..$n # SKIP cannot attach loop devices here"
	[ "$failed" -eq 0 ]
	exit
fi
mkfs.ext4 -q -F "$withfs" && mkfs.ext4 -q -F "$mounted" || { echo "Bail out! mkfs.ext4 failed"; exit 1; }
mkdir -p "$tmp/mnt" "$tmp/target"
mount "$mounted" "$tmp/mnt" || { echo "Bail out! cannot mount a loop device"; exit 1; }

expect "refuses a device holding a filesystem" 1 "holds ext4 data" \
	--device "$withfs" --mount "$tmp/target"
check "... and leaves the filesystem alone" [ "$(fstype "$withfs")" = ext4 ]
expect "refuses a mounted device" 1 "it is in use: $mounted on $tmp/mnt" \
	--device "$mounted" --mount "$tmp/target"
expect "refuses a blank loop device: not pmem" 1 "not a pmem device" \
	--device "$blank" --mount "$tmp/target"
expect "--force does not make a loop device pmem" 1 "not a pmem device" \
	--device "$withfs" --mount "$tmp/target" --force
check "... and still leaves the filesystem alone" [ "$(fstype "$withfs")" = ext4 ]
expect "--force on a mounted loop device: still not pmem" 1 "not a pmem device" \
	--device "$mounted" --mount "$tmp/target" --force
check "... and it stays mounted" grep -q " $tmp/mnt " /proc/mounts
if [ -z "$(ls -A "$tmp/target")" ] && ! grep -q " $tmp/target " /proc/mounts; then
	pass "nothing was mounted at the target"
else
	not_ok "nothing was mounted at the target"
fi

tap_end
