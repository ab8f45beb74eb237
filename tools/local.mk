# SPDX-License-Identifier: GPL-2.0-only

# --- daxbench run: fio conversion, environment, run.json, summary ---
pkglibexec_PROGRAMS += tools/daxbench-fio2json tools/daxbench-env \
	tools/daxbench-runjson tools/daxbench-summary
tools_daxbench_fio2json_SOURCES = tools/fio2json.c
tools_daxbench_fio2json_LDADD = $(DB_LIBS)
tools_daxbench_env_SOURCES = tools/env.c tools/probe.c tools/probe.h \
	tools/jsonutil.c tools/jsonutil.h
tools_daxbench_env_LDADD = $(DB_LIBS)
tools_daxbench_runjson_SOURCES = tools/runjson.c tools/probe.c tools/probe.h \
	tools/jsonutil.c tools/jsonutil.h
tools_daxbench_runjson_LDADD = $(DB_LIBS)
tools_daxbench_summary_SOURCES = tools/summary.c tools/jsonutil.c tools/jsonutil.h
tools_daxbench_summary_LDADD = $(DB_LIBS) -lm
# --- end of daxbench run ---

# ---- compare, report, plot (analysis of runs) ----
# daxbench compare / report / plot and their helpers; installed into
# pkglibexecdir, where the daxbench front door finds them.
pkglibexec_PROGRAMS += tools/daxbench-compare tools/daxbench-report \
	tools/daxbench-flatten
dist_pkglibexec_SCRIPTS += scripts/daxbench-plot

DB_ANALYSIS_SOURCES = tools/runload.c tools/runload.h \
	tools/jsonutil.c tools/jsonutil.h \
	tools/compare-stats.c tools/compare-stats.h \
	tools/compare-core.c tools/compare-core.h \
	tools/compare-fmt.c tools/compare-fmt.h \
	tools/outfile.c tools/outfile.h
DB_ANALYSIS_LIBS = $(GSL_LIBS) $(JSONC_LIBS) -lm

tools_daxbench_compare_SOURCES = tools/compare.c tools/compare-args.c \
	tools/compare-args.h $(DB_ANALYSIS_SOURCES)
tools_daxbench_compare_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_daxbench_compare_LDADD = $(DB_ANALYSIS_LIBS)
tools_daxbench_report_SOURCES = tools/report.c tools/compare-args.c \
	tools/compare-args.h $(DB_ANALYSIS_SOURCES)
tools_daxbench_report_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_daxbench_report_LDADD = $(DB_ANALYSIS_LIBS)
tools_daxbench_flatten_SOURCES = tools/flatten.c tools/flatten.h \
	tools/flatten-kinds.c tools/runload.c tools/runload.h \
	tools/jsonutil.c tools/jsonutil.h \
	tools/outfile.c tools/outfile.h
tools_daxbench_flatten_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_daxbench_flatten_LDADD = $(DB_ANALYSIS_LIBS)

nobase_dist_pkgdata_DATA += tools/plot/common.gp tools/plot/lat.gp \
	tools/plot/mmap.gp tools/plot/faults.gp tools/plot/fio.gp
dist_doc_DATA += docs/comparing.md docs/metrics.md

TESTS += tests/compare-check.sh tests/report-check.sh tests/plot-check.sh \
	tests/plot-inject-check.sh
dist_check_SCRIPTS += tests/compare-check.sh tests/report-check.sh \
	tests/plot-check.sh tests/plot-inject-check.sh
EXTRA_DIST += tests/analysis-lib.sh tests/fixtures
# ---- end of compare, report, plot ----

# ---- instruction counts: joining the QEMU plugin's counts into results ----
pkglibexec_PROGRAMS += tools/daxbench-insns-join
tools_daxbench_insns_join_SOURCES = tools/insns-join.c tools/insns-join.h \
	tools/insns-join-file.c tools/insns-counts.c tools/insns-counts.h \
	tools/kallsyms.c tools/kallsyms.h
tools_daxbench_insns_join_LDADD = $(DB_LIBS)
# ---- end of instruction counts ----
