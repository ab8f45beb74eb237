# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm (the emulated NV-DIMM guest) and daxbench setup-pmem (real
# rigs).  The guest's helpers install beside the scripts, in
# $(pkglibexecdir)/vm, where daxbench-vm finds them; the guest-side
# checks (tests/vm/, tests/guest/) are test-only and go into the guest
# through "daxbench vm --add", never into an installation.

dist_pkglibexec_SCRIPTS += scripts/daxbench-vm scripts/daxbench-setup-pmem
vmlibdir = $(pkglibexecdir)/vm
# daxbench-vm sources every scripts/vm/*.sh.
dist_vmlib_DATA = scripts/vm/accel.sh scripts/vm/collect.sh scripts/vm/debkernel.sh \
	scripts/vm/image.sh scripts/vm/kernel.sh scripts/vm/layout.sh scripts/vm/modules.sh \
	scripts/vm/options.sh scripts/vm/qemu.sh scripts/vm/results.sh \
	scripts/vm/run-layer.sh scripts/vm/util.sh scripts/vm/modules.awk \
	scripts/vm/insns.sh scripts/vm/init scripts/vm/init-paths

dist_doc_DATA += docs/vm.md docs/pmem-setup.md docs/xfs.md

TESTS += tests/vm-check.sh tests/vm/setup-pmem-check.sh tests/vm/modules-check.sh \
	tests/vm/debkernel-check.sh tests/vm/interrupt-check.sh \
	tests/vm/busy-check.sh tests/vm/kernels-check.sh
dist_check_SCRIPTS += tests/vm-check.sh tests/vm/setup-pmem-check.sh \
	tests/vm/modules-check.sh tests/vm/debkernel-check.sh \
	tests/vm/interrupt-check.sh tests/vm/busy-check.sh tests/vm/kernels-check.sh \
	tests/vm/guest-run.sh tests/vm/basic.sh tests/vm/paths.sh
EXTRA_DIST += tests/vm/fake-kernel.sh
# Every guest-side check script, whoever adds it.
EXTRA_DIST += tests/guest
