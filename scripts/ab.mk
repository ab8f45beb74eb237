# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench ab (an A/B of two kernels) and daxbench kbuild (a guest kernel
# from a source tree and a patch series).  Their helpers install beside
# the scripts, in $(pkglibexecdir)/ab and /kbuild; the config fragments
# kbuild merges go into $(pkgdatadir)/kernel/configs.  The report is the
# C program tools/daxbench-abreport (tools/local.mk).

dist_pkglibexec_SCRIPTS += scripts/daxbench-ab scripts/daxbench-kbuild
ablibdir = $(pkglibexecdir)/ab
dist_ablib_DATA = scripts/ab/kernel.sh scripts/ab/state.sh
kbuildlibdir = $(pkglibexecdir)/kbuild
dist_kbuildlib_DATA = scripts/kbuild/series.sh scripts/kbuild/tree.sh
nobase_dist_pkgdata_DATA += kernel/configs/dax.config kernel/configs/guest.config

dist_doc_DATA += docs/ab.md docs/ab-deb61-deb612-quick.txt \
	docs/ab-series-pmd-fallback.txt docs/ab-self-deb61-smoke.txt

TESTS += tests/ab/report-check.sh tests/ab/kbuild-check.sh tests/ab/ab-check.sh
dist_check_SCRIPTS += tests/ab/report-check.sh tests/ab/kbuild-check.sh \
	tests/ab/ab-check.sh tests/ab/smoke-vm.sh
EXTRA_DIST += scripts/ab-series-demo
