#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make check on a busy host: tests/vm-check.sh (one guest boot with every
# guest check) while CPU hogs compete for the host's CPUs, as other
# builds do on a laptop or a shared CI machine.  Two busy loops at the
# default priority (nice 0), killed on exit, however the test ends.  The
# guest must pass every check, see no lockup or RCU stall, and finish
# within the limits that follow its measured speed; the times are in the
# log (the figures in docs/vm.md, "A busy host").
#
# Environment: as tests/vm-check.sh; DAXBENCH_BUSY_HOGS (default 2).

echo "TAP version 13"
if [ -z "${QEMU:-}" ] || [ -n "${DAXBENCH_NO_VM:-}" ]; then
	echo "1..0 # SKIP no guest here (QEMU unset or DAXBENCH_NO_VM set)"
	exit 0
fi

hogs=
rcfile=$(mktemp "${TMPDIR:-/tmp}/busy-check.XXXXXX") || exit 99
stop_hogs() {
	# shellcheck disable=SC2086 # a list of pids
	[ -z "$hogs" ] || kill $hogs 2>/dev/null
	hogs=
	rm -f "$rcfile"
}
trap stop_hogs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
i=0
while [ $i -lt "${DAXBENCH_BUSY_HOGS:-2}" ]; do
	nice -n 0 sh -c 'while :; do :; done' &
	hogs="$hogs $!"
	i=$((i + 1))
done
echo "# $i CPU hogs running on $(nproc) host CPUs; load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"

# vm-check.sh's TAP is this test's; its own "TAP version" line is
# dropped, the rest passes through.
{ "$(dirname "$0")/../vm-check.sh"; echo $? >"$rcfile"; } | sed '1{/^TAP version/d;}'
rc=$(cat "$rcfile")
echo "# load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
exit "$rc"
