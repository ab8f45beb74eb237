# SPDX-License-Identifier: GPL-2.0-only
#
# fio job files and the profiles daxbench run reads (docs/workloads.md).
# Installed under $(pkgdatadir)/workloads/ so that db_data finds them
# at the same relative path in the source tree and installed.

nobase_dist_pkgdata_DATA += \
	workloads/fio/psync.fio workloads/fio/libaio.fio \
	workloads/fio/io_uring.fio workloads/fio/mmap.fio \
	workloads/profiles/smoke.profile workloads/profiles/quick.profile \
	workloads/profiles/full.profile
