# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench run: the script, its helpers (installed into
# $(pkglibexecdir)/run and sourced), and its test.

dist_pkglibexec_SCRIPTS += scripts/daxbench-run
runlibdir = $(pkglibexecdir)/run
dist_runlib_DATA = scripts/run/profile.sh scripts/run/paths.sh \
	scripts/run/measure.sh scripts/run/report.sh scripts/run/guest.sh \
	scripts/run/noise.sh scripts/run/parts.sh

# Tests: tests/run-check.sh (TAP) with its fixtures; tests/smoke-vm.sh
# is run by CI (.ci/run), not by make check.
TESTS += tests/run-check.sh
dist_check_SCRIPTS += tests/run-check.sh tests/smoke-vm.sh
check_PROGRAMS += tests/run/sigdfl
tests_run_sigdfl_SOURCES = tests/run/sigdfl.c
EXTRA_DIST += tests/run/tiny.profile tests/run/stop.profile tests/run/turns.profile \
	tests/run/broken.profile tests/run/missing.profile tests/run/refused.profile \
	tests/run/fio-randread-4k-psync.1.json \
	tests/run/fio-randread-4k-psync.2.json \
	tests/run/fio-write-2m-mmap.1.json

dist_doc_DATA += docs/running.md docs/workloads.md
