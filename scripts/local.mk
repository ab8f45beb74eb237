# SPDX-License-Identifier: GPL-2.0-only
#
# Shell scripts.  scripts/daxbench is generated so that it knows where it
# was built and where it is installed; the other scripts are installed
# as they are into pkglibexecdir and found by the front door.

bin_SCRIPTS += scripts/daxbench
CLEANFILES += scripts/daxbench
EXTRA_DIST += scripts/daxbench.in

scripts/daxbench: scripts/daxbench.in Makefile version.h
	$(AM_V_GEN)$(MKDIR_P) scripts && $(do_subst) \
		-e 's|@abs_top_builddir[@]|$(abs_top_builddir)|g' \
		-e 's|@abs_top_srcdir[@]|$(abs_top_srcdir)|g' \
		$(srcdir)/scripts/daxbench.in >$@.tmp && chmod +x $@.tmp && mv -f $@.tmp $@

# Subcommands and helpers, one file each: add them here.
dist_pkglibexec_SCRIPTS += scripts/daxbench-lib.sh
