#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The guest's own checks (busybox ash, inside daxbench vm): the pmem
# device is there, ext4 mounts with DAX, the paths manifest is whole, and
# the kernel reports DAX where we asked for it and only there.
#
# STATX_ATTR_DAX and MAP_SYNC are read with xfs_io (packed into the
# guest): "statx -r" prints stx_attributes, "mmap -S" maps with
# MAP_SHARED_VALIDATE | MAP_SYNC.  kernel/selftests/dax checks the same
# and much more in C (tests/guest/selftests.sh); this is the floor that
# says the guest itself is sound.

# tests/tap.sh, which tests/vm-check.sh packs beside tests/vm/.
. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
paths=${DAXBENCH_PATHS_FILE:-}
if [ -z "$paths" ] || [ ! -r "$paths" ]; then
	echo "1..0 # SKIP not in the daxbench guest (no DAXBENCH_PATHS_FILE)"
	exit 0
fi
echo "# kernel $(uname -r), pmem ${DAXBENCH_PMEM:-?}, accel ${DAXBENCH_ACCEL:-?}"
sed 's/^/# /' "$paths"

# status NAME: the status column of NAME in the manifest
status() {
	awk -v n="$1" '$1 == n { print $3 }' "$paths"
}
opts() {
	awk -v d="$1" '$2 == d { print "," $4 "," }' /proc/mounts
}

check "/dev/pmem0 is a block device" test -b /dev/pmem0
check "/sys/block/pmem0/queue/dax is 1" [ "$(cat /sys/block/pmem0/queue/dax 2>/dev/null)" = 1 ]
for p in ext4-dax ext4-pagecache ext2-dax xip tmpfs; do
	check "manifest lists $p" grep -q "^$p /mnt/$p " "$paths"
done
check "ext4-dax is ok in the manifest" [ "$(status ext4-dax)" = ok ]
check "ext4-pagecache is ok in the manifest" [ "$(status ext4-pagecache)" = ok ]
check "ext2-dax is ok in the manifest" [ "$(status ext2-dax)" = ok ]
check "tmpfs is ok in the manifest" [ "$(status tmpfs)" = ok ]
case $(opts /mnt/ext4-dax) in
*,dax=always,*|*,dax,*) pass "ext4-dax mounted dax=always ($(opts /mnt/ext4-dax))" ;;
*) not_ok "ext4-dax mounted dax=always ($(opts /mnt/ext4-dax))" ;;
esac
case $(opts /mnt/ext4-pagecache) in
*,dax=always,*|*,dax,*) not_ok "ext4-pagecache mounted without DAX ($(opts /mnt/ext4-pagecache))" ;;
*) pass "ext4-pagecache mounted without DAX" ;;
esac
check "ext4-dax is on /dev/pmem0" grep -q '^/dev/pmem0 /mnt/ext4-dax ext4 ' /proc/mounts
case $(awk '$1 == "xip" { $1 = $2 = $3 = ""; print }' "$paths") in
*"replaced by DAX in Linux 4.0"*) pass "xip is reported with the reason it is unavailable" ;;
*) [ "$(status xip)" = ok ] && pass "xip is available on this kernel" ||
	not_ok "xip is reported with the reason it is unavailable" ;;
esac
check "DAXBENCH_OUT is writable" touch "$DAXBENCH_OUT/.vm-basic"
rm -f "$DAXBENCH_OUT/.vm-basic"
check "daxbench is on PATH" sh -c "daxbench version >/dev/null"
check "accelerator on the kernel command line" grep -q "daxbench.accel=${DAXBENCH_ACCEL:-x}" /proc/cmdline

# statx and MAP_SYNC through xfs_io
attr() {
	xfs_io -c 'statx -r' "$1" 2>/dev/null | awk '$1 == "stat.attributes" { print $3 }'
}
mapsync() {
	xfs_io -c 'mmap -S -w 0 4096' "$1" >/dev/null 2>&1
}
if ! command -v xfs_io >/dev/null 2>&1; then
	for t in "STATX_ATTR_DAX set on ext4-dax" "STATX_ATTR_DAX clear on ext4-pagecache" \
		 "MAP_SYNC on ext4-dax" "MAP_SYNC refused on ext4-pagecache"; do
		skip "$t" "no xfs_io in the guest (xfsprogs on the host)"
	done
else
	for p in ext4-dax ext4-pagecache ext2-dax; do
		[ "$(status $p)" = ok ] || continue
		f=/mnt/$p/vm-basic
		dd if=/dev/zero of="$f" bs=4096 count=16 2>/dev/null
		a=$(attr "$f")
		case $p in
		*-dax) want="set" ;;
		*) want="clear" ;;
		esac
		if [ -z "$a" ]; then
			not_ok "STATX_ATTR_DAX $want on $p # xfs_io statx printed nothing"
		elif [ $((a & 0x200000)) -ne 0 ]; then
			[ $want = set ] && pass "STATX_ATTR_DAX set on $p ($a)" ||
				not_ok "STATX_ATTR_DAX clear on $p ($a)"
		else
			[ $want = clear ] && pass "STATX_ATTR_DAX clear on $p ($a)" ||
				not_ok "STATX_ATTR_DAX set on $p ($a)"
		fi
		# virtio-pmem has no MAP_SYNC: its flush goes through the host.
		if [ $want = set ] && [ "${DAXBENCH_PMEM:-}" != virtio ]; then
			check "MAP_SYNC accepted on $p" mapsync "$f"
		else
			if mapsync "$f"; then
				not_ok "MAP_SYNC refused on $p"
			else
				pass "MAP_SYNC refused on $p"
			fi
		fi
		rm -f "$f"
	done
fi

if command -v fio >/dev/null 2>&1; then
	check "fio writes and reads 4 MiB on ext4-dax" \
		fio --name=vm-basic --directory=/mnt/ext4-dax --size=4m --bs=64k \
		--rw=write --ioengine=psync --verify=crc32c --minimal --output=/dev/null
	rm -f /mnt/ext4-dax/vm-basic.*
else
	skip "fio on ext4-dax" "no fio in the guest"
fi

# daxbench setup-pmem, the real-rig path, on the spare device: pmem3 was
# made ext2 for the xip attempt and is not mounted where XIP is gone.
if [ -b /dev/pmem3 ] && [ "$(status xip)" != ok ] && command -v daxbench >/dev/null 2>&1; then
	t=/tmp/setup-pmem
	if daxbench setup-pmem --device /dev/pmem3 --mount $t >/tmp/sp.log 2>&1; then
		not_ok "setup-pmem refuses /dev/pmem3 holding ext2 without --force"
		umount $t 2>/dev/null
	else
		grep -q "holds ext2" /tmp/sp.log && pass "setup-pmem refuses /dev/pmem3 holding ext2 without --force" ||
			not_ok "setup-pmem refuses /dev/pmem3 holding ext2 without --force # $(head -n 1 /tmp/sp.log)"
	fi
	for fs in ext4 xfs; do
		if ! command -v mkfs.$fs >/dev/null 2>&1; then
			skip "setup-pmem --fs $fs mounts /dev/pmem3 with DAX" "no mkfs.$fs in the guest"
			continue
		fi
		if daxbench setup-pmem --device /dev/pmem3 --mount $t --fs $fs --force >/tmp/sp.log 2>&1 &&
		   case $(opts $t) in *,dax=always,*|*,dax,*) true ;; *) false ;; esac; then
			pass "setup-pmem --fs $fs --force mounts /dev/pmem3 with DAX ($(opts $t))"
		else
			not_ok "setup-pmem --fs $fs --force mounts /dev/pmem3 with DAX # $(tail -n 1 /tmp/sp.log)"
		fi
		if daxbench setup-pmem --device /dev/pmem3 --mount $t --fs $fs >/tmp/sp.log 2>&1; then
			not_ok "setup-pmem refuses mounted /dev/pmem3 without --force"
		else
			grep -q "in use" /tmp/sp.log && pass "setup-pmem refuses mounted /dev/pmem3 without --force" ||
				not_ok "setup-pmem refuses mounted /dev/pmem3 without --force # $(head -n 1 /tmp/sp.log)"
		fi
		umount $t 2>/dev/null
	done
else
	skip "setup-pmem on /dev/pmem3" "no spare pmem device"
fi

tap_end
