#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm's module staging (scripts/vm/modules.sh), without a boot:
# fake modules (objects with a .modinfo section, which is all modinfo
# reads) stand for a kernel's, and a fake bzImage header names their
# release.  Checks the load order, a module list whose last module has no
# dependencies (it left a blank to-do list that killed the shell), and
# that a kernel lacking a driver makes "daxbench vm" fail with the
# run-time code 1, naming the driver, not with the usage code 2.

. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/fake-kernel.sh"

echo "TAP version 13"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
db=${top_builddir:-.}/scripts/daxbench
tap_tmpdir modules-check

for t in modinfo depmod cpio; do
	if ! PATH=$PATH:/sbin:/usr/sbin command -v $t >/dev/null 2>&1; then
		echo "1..0 # SKIP $t not found (kmod, cpio)"
		exit 0
	fi
done
if ! fake_cc_works; then
	echo "1..0 # SKIP no C compiler to make fake modules"
	exit 0
fi

rel=9.9.9-daxbench
mods=$tmp/lib/modules/$rel

# fake NAME DEPS: a module NAME whose depends= is DEPS (comma separated).
fake() {
	fake_module "$mods" "$rel" "$1" "$2"
}

fake jbd2 ""
fake ext4 jbd2
fake libnvdimm ""
fake nd_pmem libnvdimm
fake nd_e820 libnvdimm
fake virtio_pci ""
# xfs comes last in the list; its dependency is the last module staged,
# and has no dependencies of its own.
fake xfs libcrc32c
fake libcrc32c ""
printf 'kernel/fake/ext4.ko\n' >"$mods/modules.order"
printf 'kernel/drivers/block/virtio_blk.ko\nkernel/drivers/acpi/nfit/nfit.ko\n' >"$mods/modules.builtin"

# stage KIND: vm_stage_modules in a subshell, as daxbench vm runs it.
stage() {
	(
		DB_NAME=modules-check
		VM_HELPERS=$top_srcdir/scripts/vm
		. "$top_srcdir/scripts/daxbench-lib.sh"
		. "$VM_HELPERS/util.sh"
		. "$VM_HELPERS/modules.sh"
		PATH=$PATH:/sbin:/usr/sbin
		vm_stage_modules "$mods" "$rel" "$1" "$tmp/stage-$1"
	) >"$tmp/stage.out" 2>&1
}

stage memmap
rc=$?
ok $rc "staging succeeds when the last module has no dependencies (exit $rc)"
[ $rc = 0 ] || diag "$tmp/stage.out"
load=$tmp/stage-memmap/lib/modules/daxbench.load
order=$(awk '{ sub(/.*\//, "", $2); sub(/\.ko$/, "", $2); printf "%s%s", s, $2; s = " " }' "$load" 2>/dev/null)
case " $order " in
*" jbd2 "*"ext4 "*"libnvdimm "*"nd_pmem "*"nd_e820 "*) pass "dependencies load first ($order)" ;;
*) not_ok "dependencies load first ($order)" ;;
esac
grep -q '^common .*libcrc32c.ko$' "$load" 2>/dev/null && grep -q '^common .*xfs.ko$' "$load"
ok $? "xfs and its dependency are loaded at boot"
[ -f "$tmp/stage-memmap/lib/modules/$rel/modules.dep" ]
ok $? "modules.dep is made for the guest's modprobe"

# The kernel lacks nd_pmem: neither a module nor built in.
rm "$mods/kernel/fake/nd_pmem.ko"
stage memmap
rc=$?
[ $rc = 1 ] && grep -q 'nd_pmem (CONFIG_BLK_DEV_PMEM)' "$tmp/stage.out"
ok $? "a missing driver fails staging with exit 1 naming it (exit $rc)"
[ $rc = 1 ] || diag "$tmp/stage.out"

# The same through daxbench vm, with a bzImage header naming $rel.
if [ -z "${QEMU:-$(command -v qemu-system-x86_64)}" ]; then
	skip "daxbench vm exits 1 when module staging fails" "qemu-system-x86_64 not found"
else
	k=$tmp/bzImage
	fake_bzimage "$k" "$rel"
	DAXBENCH_CACHE=$tmp/cache "$db" vm --kernel "$k" --modules "$mods" \
		--out "$tmp/out" -- true >"$tmp/vm.out" 2>&1
	rc=$?
	[ $rc = 1 ] && grep -q 'nd_pmem' "$tmp/vm.out"
	ok $? "daxbench vm exits 1 when module staging fails (exit $rc)"
	[ $rc = 1 ] || diag "$tmp/vm.out"
	[ ! -e "$tmp/out/vm-console.log" ]
	ok $? "no guest was started"
fi

tap_end
