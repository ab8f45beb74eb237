#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the daxbench guest (busybox ash): run every guest-side check and
# keep each one's TAP and exit status in $DAXBENCH_OUT/tap/, which travels
# back to the host on the results disk; tests/vm-check.sh merges them.
# The console is not parsed, so a check's output cannot be lost or
# mangled on the way.
#
# Runs tests/vm/basic.sh, tests/vm/paths.sh, then each executable
# tests/guest/*.sh in name order (or only the checks named as arguments),
# each under a time limit so that one hang does not cost the rest.

here=$(cd "$(dirname "$0")" && pwd)
guest=${DAXBENCH_GUEST_TESTS:-$here/../guest}
tap=$DAXBENCH_OUT/tap
mkdir -p "$tap"

uptime_s() {
	cut -d ' ' -f 1 /proc/uptime
}

# Each check's time limit follows the guest's measured speed: so many
# times its own boot (DAXBENCH_BOOT_SECONDS, from daxbench vm), at least
# 30 s; DAXBENCH_TEST_TIMEOUT fixes it instead.  A check took up to six
# boots here, the host's load changing while it ran (docs/vm.md, "A busy
# host").
if [ -n "${DAXBENCH_TEST_TIMEOUT:-}" ]; then
	limit=$DAXBENCH_TEST_TIMEOUT
else
	limit=$(awk -v b="${DAXBENCH_BOOT_SECONDS:-12}" -v k="${DAXBENCH_CHECK_BOOTS:-20}" \
		'BEGIN { l = int(b * k); print (l < 30 ? 30 : l) }')
fi
echo "== boot took ${DAXBENCH_BOOT_SECONDS:-?} s: each check may take $limit s"

# run NAME SCRIPT: within $limit seconds, and before daxbench vm's
# deadline for the whole command (DAXBENCH_DEADLINE, in uptime seconds)
# with a few seconds to spare for the rest.
run() {
	_l=$limit
	if [ -n "${DAXBENCH_DEADLINE:-}" ]; then
		_l=$(awk -v d="$DAXBENCH_DEADLINE" -v u="$(uptime_s)" -v l="$limit" \
			'BEGIN { r = int(d - u - 3); if (r < l) l = r; print (l < 1 ? 1 : l) }')
	fi
	_t0=$(uptime_s)
	echo "== $1 (limit ${_l} s)"
	timeout "$_l" "$2" >"$tap/$1.tap" 2>"$tap/$1.err"
	echo $? >"$tap/$1.rc"
	_t=$(awk -v a="$_t0" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }')
	echo "$_t" >"$tap/$1.time"
	echo "$_t $_l" >"$tap/$1.limit"
	echo "== $1: exit $(cat "$tap/$1.rc") after $_t s"
}

# With arguments: only the checks named (basic, paths, or a guest/*.sh
# name without .sh).
want() {
	[ $# -eq 1 ] && return 0
	_w=$1
	shift
	for _a; do
		[ "$_a" = "$_w" ] && return 0
	done
	return 1
}

want basic "$@" && run 00-vm-basic "$here/basic.sh"
want paths "$@" && run 01-vm-paths "$here/paths.sh"
for t in "$guest"/*.sh; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	want "$(basename "$t" .sh)" "$@" || continue
	run "10-$(basename "$t" .sh)" "$t"
done
exit 0
