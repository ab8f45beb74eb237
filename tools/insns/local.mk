# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-insns-join: the QEMU plugin's instruction counts into the
# result files, by region id (docs/insns.md).  daxbench vm runs it.

pkglibexec_PROGRAMS += tools/insns/daxbench-insns-join
tools_insns_daxbench_insns_join_SOURCES = tools/insns/insns-join.c \
	tools/insns/insns-join.h tools/insns/insns-join-file.c \
	tools/insns/insns-counts.c tools/insns/insns-counts.h \
	tools/insns/kallsyms.c tools/insns/kallsyms.h
tools_insns_daxbench_insns_join_LDADD = $(DB_LIBS)

dist_doc_DATA += docs/insns.md
# What counting costs and how stable the counts are: run from the
# source tree (docs/insns.md, "Measured").
EXTRA_DIST += scripts/measure-insns
