# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm (the emulated NV-DIMM guest) and daxbench setup-pmem (real
# rigs).  The guest's helpers install beside the scripts, in
# $(pkglibexecdir)/vm, where daxbench-vm finds them; the guest-side
# checks (tests/vm/, tests/guest/) are test-only and go into the guest
# through "daxbench vm --add", never into an installation.

dist_pkglibexec_SCRIPTS += scripts/daxbench-vm scripts/daxbench-setup-pmem
vmlibdir = $(pkglibexecdir)/vm
dist_vmlib_DATA = scripts/vm/kernel.sh scripts/vm/image.sh scripts/vm/init \
	scripts/vm/insns.sh

dist_doc_DATA += docs/vm.md docs/pmem-setup.md

TESTS += tests/vm-check.sh tests/vm/setup-pmem-check.sh tests/vm/modules-check.sh
dist_check_SCRIPTS += tests/vm-check.sh tests/vm/setup-pmem-check.sh \
	tests/vm/modules-check.sh \
	tests/vm/guest-run.sh tests/vm/basic.sh
# Every guest-side check script, whoever adds it.
EXTRA_DIST += tests/guest
