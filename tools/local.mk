# SPDX-License-Identifier: GPL-2.0-only

# --- the analysis library (tools/lib): loading and validating runs,
# statistics, numbers for people, key metrics, atomic output.  Every
# tool links it; each object is compiled once.
noinst_LIBRARIES += tools/lib/libanalysis.a
tools_lib_libanalysis_a_SOURCES = \
	tools/lib/jsonutil.c tools/lib/jsonutil.h \
	tools/lib/jsonfile.c tools/lib/jsonfile.h \
	tools/lib/runload.c tools/lib/runload.h \
	tools/lib/stats.c tools/lib/stats.h \
	tools/lib/format.c tools/lib/format.h \
	tools/lib/keymetrics.c tools/lib/keymetrics.h \
	tools/lib/outfile.c tools/lib/outfile.h
tools_lib_libanalysis_a_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_lib_libanalysis_a_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
DB_ANALYSIS_CPPFLAGS = -I$(top_srcdir)/tools/lib
DB_ANALYSIS_LIBS = tools/lib/libanalysis.a bench/lib/libdaxbench.a $(GSL_LIBS) \
	$(JSONC_LIBS) -lm

# --- daxbench run: fio conversion, environment, run.json, summary ---
pkglibexec_PROGRAMS += tools/daxbench-fio2json tools/daxbench-env \
	tools/daxbench-runjson tools/daxbench-summary
tools_daxbench_fio2json_SOURCES = tools/fio2json.c
tools_daxbench_fio2json_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_fio2json_LDADD = tools/lib/libanalysis.a $(DB_LIBS)
tools_daxbench_env_SOURCES = tools/env.c tools/probe.c tools/probe.h
tools_daxbench_env_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_env_LDADD = tools/lib/libanalysis.a $(DB_LIBS)
tools_daxbench_runjson_SOURCES = tools/runjson.c tools/probe.c tools/probe.h \
	tools/runnoise.c tools/runnoise.h
tools_daxbench_runjson_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_runjson_LDADD = tools/lib/libanalysis.a $(DB_LIBS)
tools_daxbench_summary_SOURCES = tools/summary.c
tools_daxbench_summary_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_summary_LDADD = $(DB_ANALYSIS_LIBS) $(DB_LIBS)
# Results of one repeat each, joined: daxbench run alternates paths.
pkglibexec_PROGRAMS += tools/daxbench-merge
tools_daxbench_merge_SOURCES = tools/merge.c
tools_daxbench_merge_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_merge_LDADD = $(DB_ANALYSIS_LIBS) $(DB_LIBS)
# The median of paired ratios with its interval, for scripts/measure-*.
noinst_PROGRAMS += tools/daxbench-median-ci
tools_daxbench_median_ci_SOURCES = tools/median-ci.c
tools_daxbench_median_ci_LDADD = $(DB_LIBS)
# --- end of daxbench run ---

# ---- compare, report, plot (analysis of runs) ----
# daxbench compare / report / plot and their helpers; installed into
# pkglibexecdir, where the daxbench front door finds them.
pkglibexec_PROGRAMS += tools/daxbench-compare tools/daxbench-report \
	tools/daxbench-flatten
dist_pkglibexec_SCRIPTS += scripts/daxbench-plot

# compare and report: the same comparison (compare-core), printed two ways.
noinst_LIBRARIES += tools/libcompare.a
tools_libcompare_a_SOURCES = \
	tools/compare-core.c tools/compare-core.h \
	tools/compare-fmt.c tools/compare-fmt.h \
	tools/compare-args.c tools/compare-args.h
tools_libcompare_a_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_libcompare_a_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)

tools_daxbench_compare_SOURCES = tools/compare.c
tools_daxbench_compare_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_compare_LDADD = tools/libcompare.a $(DB_ANALYSIS_LIBS)
tools_daxbench_report_SOURCES = tools/report.c
tools_daxbench_report_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_report_LDADD = tools/libcompare.a $(DB_ANALYSIS_LIBS)
tools_daxbench_flatten_SOURCES = tools/flatten.c \
	tools/flatten-kinds.c tools/flatten-kinds.h \
	tools/flatten-set.c tools/flatten-set.h
tools_daxbench_flatten_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_flatten_LDADD = $(DB_ANALYSIS_LIBS)

nobase_dist_pkgdata_DATA += tools/plot/common.gp tools/plot/lat.gp \
	tools/plot/mmap.gp tools/plot/faults.gp tools/plot/fio.gp tools/plot/insns.gp
dist_doc_DATA += docs/comparing.md docs/metrics.md docs/fuzzing.md
# Run from the source tree, not installed: its figures are in
# docs/comparing.md.
EXTRA_DIST += scripts/measure-flatten

TESTS += tests/compare-check.sh tests/report-check.sh tests/plot-check.sh \
	tests/plot-inject-check.sh tests/robust-check.sh
dist_check_SCRIPTS += tests/compare-check.sh tests/report-check.sh \
	tests/plot-check.sh tests/plot-inject-check.sh tests/robust-check.sh
EXTRA_DIST += tests/analysis-lib.sh tests/fixtures
# ---- end of compare, report, plot ----

# ---- daxbench ab: the report of an A/B of two kernels ----
pkglibexec_PROGRAMS += tools/daxbench-abreport
tools_daxbench_abreport_SOURCES = tools/ab/abreport.c tools/ab/abreport.h \
	tools/ab/abstate.c tools/ab/abstate.h \
	tools/ab/abcore.c tools/ab/abcore.h \
	tools/ab/abfuncs.c tools/ab/abtext.c tools/ab/abjson.c
tools_daxbench_abreport_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_abreport_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_daxbench_abreport_LDADD = $(DB_ANALYSIS_LIBS) $(DB_LIBS)
# ---- end of daxbench ab ----
