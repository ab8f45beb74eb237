#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In the daxbench guest (busybox ash): the paths manifest tells the truth
# about each path on this kernel.  Every path is listed, ok with the
# driver that serves it or unavailable with a reason; the driver column
# is the kernel's (ext2 mounted by the ext4 driver says ext4, and so does
# a result's environment.target.driver); xip is never offered as XIP on
# a kernel that has no XIP; XFS is there when the kernel and the guest
# have it, and its DAX faults a fresh file in one fault per 2 MiB, as
# ext4's does; devdax is a character device with --pmem nfit and says
# why not without.  Counts only, never times.

here=$(dirname "$0")
. "$here/../tap.sh"
. "$here/../json.sh"
. "$here/../paths.sh"
in_guest
tap_tmpdir vm-paths

echo "TAP version 13"
echo "# kernel $(uname -r), pmem ${DAXBENCH_PMEM:-?}"
m=$DAXBENCH_PATHS_FILE
sed 's/^/# /' "$m"

# field NAME N: field N of NAME's line.
field() {
	awk -v n="$1" -v f="$2" '$1 == n { print $f; exit }' "$m"
}
reason() {
	awk -v n="$1" '$1 == n { $1 = $2 = $3 = $4 = ""; sub(/^ */, ""); print; exit }' "$m"
}

for p in ext4-dax ext4-pagecache ext2-dax xip xfs-dax xfs-pagecache tmpfs devdax; do
	st=$(field $p 3)
	case $st in
	ok) [ "$(field $p 4)" != - ] && [ -n "$(field $p 4)" ]
	    ok $? "$p: ok, served by driver $(field $p 4)" ;;
	unavailable) [ -n "$(reason $p)" ] && [ "$(reason $p)" != - ]
	    ok $? "$p: unavailable, because $(reason $p)" ;;
	*) not_ok "$p: listed as ok or unavailable (status '$st')" ;;
	esac
done

# The driver column against the kernel's own word: the ext4 driver makes
# /sys/fs/ext4/DEVICE for every filesystem it mounts, ext2 ones included.
for p in ext4-dax ext4-pagecache ext2-dax xfs-dax xfs-pagecache; do
	[ "$(field $p 3)" = ok ] || continue
	dev=$(awk -v d="$(field $p 2)" '$2 == d { print $1 }' /proc/mounts)
	fs=$(awk -v d="$(field $p 2)" '$2 == d { print $3 }' /proc/mounts)
	want=$fs
	[ -d "/sys/fs/ext4/$(basename "$dev")" ] && want=ext4
	[ "$(field $p 4)" = "$want" ]
	ok $? "$p: driver $(field $p 4) ($fs on $dev; the kernel's: $want)"
done
if [ "$(field ext2-dax 4)" = ext4 ]; then
	dmesg | grep -q 'ext2 file system using the ext4 subsystem'
	ok $? "ext2-dax: the kernel says the ext4 driver mounted it, as the manifest does"
fi

# xip: only a kernel before 4.0 has XIP; an "xip" that mounts on a newer
# one is DAX under another name.
if [ "$(field xip 3)" = ok ]; then
	[ "${DAXBENCH_KMAJOR:-$(uname -r | cut -d . -f 1)}" -lt 4 ]
	ok $? "xip: offered only on a kernel before 4.0"
else
	case $(reason xip) in
	*"replaced by DAX in Linux 4.0"*|*"an alias of DAX on this kernel"*)
		pass "xip: unavailable as XIP, with the reason" ;;
	*) not_ok "xip: unavailable as XIP, with the reason ($(reason xip))" ;;
	esac
fi

# XFS: there when the kernel and the guest's xfsprogs are.
if grep -q 'xfs$' /proc/filesystems && command -v mkfs.xfs >/dev/null 2>&1 &&
   [ "$(blockdev --getsize64 /dev/pmem4 2>/dev/null || echo 0)" -ge $((400 << 20)) ]; then
	[ "$(field xfs-dax 3)" = ok ] && [ "$(field xfs-pagecache 3)" = ok ]
	ok $? "xfs-dax and xfs-pagecache are ok where the kernel has XFS"
else
	skip "xfs-dax and xfs-pagecache are ok where the kernel has XFS" \
		"no XFS here, or pmem smaller than 400 MiB"
fi

# faults PATH ACCESS: the fault counts of a fresh 8 MiB file in PATH,
# 2 MiB-aligned, two repeats; the result in $tmp/f.json.
faults() {
	daxbench-faults --dir "$(field "$1" 2)" --size 8M --access "$2" --align 2m \
		--repeats 2 --json >"$tmp/f.json" 2>"$tmp/f.err"
	metric_values "$tmp/f.json" faults
}
if [ "$(field xfs-dax 3)" = ok ]; then
	f=$(faults xfs-dax write)
	all "$f" -eq 4
	ok $? "xfs-dax: 2 MiB-aligned write of 8 MiB: one fault per 2 MiB (faults: $f)"
	[ "$(jv "$tmp/f.json" environment.target.statx_dax)" = true ] &&
		[ "$(jv "$tmp/f.json" environment.target.driver)" = xfs ]
	ok $? "xfs-dax: the result says statx DAX and driver xfs"
fi
if [ "$(field xfs-pagecache 3)" = ok ]; then
	f=$(faults xfs-pagecache write)
	all "$f" -eq 2048
	ok $? "xfs-pagecache: one fault per page (faults: $f)"
fi
if [ "$(field ext2-dax 3)" = ok ]; then
	faults ext2-dax write >/dev/null
	[ "$(jv "$tmp/f.json" environment.target.driver)" = "$(field ext2-dax 4)" ] &&
		[ "$(jv "$tmp/f.json" environment.target.filesystem)" = ext2 ]
	ok $? "ext2-dax: the result records filesystem ext2 and driver $(field ext2-dax 4)"
fi

# devdax: the device itself with nfit; elsewhere the reason names nfit.
if [ "${DAXBENCH_PMEM:-}" = nfit ]; then
	d=$(field devdax 2)
	[ "$(field devdax 3)" = ok ] && [ -c "$d" ] && [ "$(field devdax 4)" = device_dax ]
	ok $? "devdax: ok with --pmem nfit, a character device ($d)"
else
	case $(reason devdax) in
	*"--pmem nfit"*) pass "devdax: unavailable without nfit, saying to use --pmem nfit" ;;
	*) not_ok "devdax: unavailable without nfit, saying to use --pmem nfit ($(reason devdax))" ;;
	esac
fi

tap_end
