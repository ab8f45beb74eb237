# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# The guest's paths manifest for the guest checks (tests/guest/*.sh):
# $DAXBENCH_PATHS_FILE, set by daxbench vm, one line per path,
# "name dir status driver reason...", e.g. "ext4-dax /mnt/ext4-dax ok
# ext4 -".
# Sourced after tap.sh.

# path_dir NAME: the directory of path NAME when its status is ok and it
# is a directory (or, for device-dax, a character device), else nothing
# (and status 1).
path_dir() {
	_pd=$(path_why "$1") && echo "$_pd"
}

# path_why NAME: the directory (status 0), or why NAME is not usable
# (status 1), for a skip reason.
path_why() {
	while read -r _pw_name _pw_dir _pw_status _pw_driver _pw_reason; do
		[ "$_pw_name" = "$1" ] || continue
		if [ "$_pw_status" != ok ]; then
			echo "$1 is $_pw_status: $_pw_reason"
			return 1
		fi
		if [ ! -d "$_pw_dir" ] && [ ! -c "$_pw_dir" ]; then
			echo "$1: $_pw_dir is neither a directory nor a device"
			return 1
		fi
		echo "$_pw_dir"
		return 0
	done <"$DAXBENCH_PATHS_FILE"
	echo "no path $1 in this guest ($DAXBENCH_PATHS_FILE)"
	return 1
}

# in_guest: say "1..0 # SKIP" and exit unless run by daxbench vm.
in_guest() {
	[ -n "${DAXBENCH_PATHS_FILE:-}" ] && return 0
	echo "TAP version 13"
	echo "1..0 # SKIP not in the daxbench guest"
	exit 0
}

# path_driver NAME: the kernel driver that serves path NAME (ext2-dax is
# served by "ext4" on kernels built with CONFIG_EXT4_USE_FOR_EXT2), "-"
# when it is unavailable.
path_driver() {
	awk -v n="$1" '$1 == n { print $4; exit }' "$DAXBENCH_PATHS_FILE"
}
