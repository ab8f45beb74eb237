#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-faults and daxbench-mmap on a device-dax device (the guest's
# devdax path, with --pmem nfit), in TAP: mapped directly, no file and no
# filesystem, a write or read of N bytes takes N / 2 MiB faults (one PMD
# each, at the device's 2 MiB alignment); a private or misaligned mapping
# is refused (exit 3, the reason in the result); what daxbench-mmap
# writes reads back through a fresh mapping.  Counts only, never times.
# Skipped, with the reason, in a guest without a devdax path.

here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/json.sh
. "$here/../json.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

tap_tmpdir devdax-guest
out=$tmp/out.json

echo "TAP version 13"
if ! dev=$(path_why devdax); then
	for t in faults-write faults-read private misaligned mmap-verify; do
		skip "devdax $t" "$dev"
	done
	tap_end
	exit 0
fi

faults() {
	daxbench-faults --file "$dev" --json --size 8M --repeats 2 --trace off "$@" \
		>"$out" 2>"$tmp/err"
	rc=$?
}

for op in write read; do
	faults --op $op --align 2m
	f=$(metric_values "$out" faults)
	[ $rc = 0 ] && all "$f" -eq 4 &&
		[ "$(jv "$out" parameters.target_kind)" = devdax ]
	ok $? "devdax: 2 MiB-aligned $op of 8 MiB: 4 faults, one per 2 MiB (faults: $f, exit $rc)"
done

faults --op write --map private
[ $rc = 3 ] && [ "$(jv "$out" status)" = unsupported ] &&
	jv "$out" reason | grep -q "device-dax maps only shared"
ok $? "devdax: a private mapping is refused: exit 3, unsupported (exit $rc: $(jv "$out" reason))"

faults --op write --align misaligned
[ $rc = 3 ] && [ "$(jv "$out" status)" = unsupported ] &&
	jv "$out" reason | grep -q "device-dax maps only shared"
ok $? "devdax: a mapping off the 2 MiB alignment is refused: exit 3, unsupported (exit $rc: $(jv "$out" reason))"

daxbench-mmap --file "$dev" --json --size 8M --op write --passes 1 --repeats 1 \
	--no-roofline --verify >"$out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && [ "$(jv "$out" status)" = ok ] &&
	jv "$out" notes | grep -q "read back as expected"
ok $? "devdax: daxbench-mmap writes the device and --verify reads it back (exit $rc)"

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
