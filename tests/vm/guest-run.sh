#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the daxbench guest (busybox ash): run every guest-side check and
# keep each one's TAP and exit status in $DAXBENCH_OUT/tap/, which travels
# back to the host on the results disk; tests/vm-check.sh merges them.
# The console is not parsed, so a check's output cannot be lost or
# mangled on the way.
#
# Runs tests/vm/basic.sh, then each executable tests/guest/*.sh in name
# order, each under a time limit so that one hang does not cost the rest.

here=$(cd "$(dirname "$0")" && pwd)
guest=${DAXBENCH_GUEST_TESTS:-$here/../guest}
limit=${DAXBENCH_TEST_TIMEOUT:-100}
tap=$DAXBENCH_OUT/tap
mkdir -p "$tap"

uptime_s() {
	cut -d ' ' -f 1 /proc/uptime
}

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
	echo "== $1: exit $(cat "$tap/$1.rc") after $_t s"
}

run 00-vm-basic "$here/basic.sh"
run 01-vm-paths "$here/paths.sh"
for t in "$guest"/*.sh; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	run "10-$(basename "$t" .sh)" "$t"
done
exit 0
