# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-insns.so: the QEMU TCG plugin that counts guest instructions
# per measured region (docs/insns.md).  A shared object QEMU dlopen()s:
# built as a program linked with -shared, position independent, and
# never with the sanitizers (QEMU is not built with them, and an ASan
# object cannot be loaded into it).  Installed into pkglibexecdir, where
# daxbench vm finds it.

if HAVE_QEMU
pkglibexec_PROGRAMS += qemu-plugin/daxbench-insns.so
endif
qemu_plugin_daxbench_insns_so_SOURCES = qemu-plugin/insns.c \
	qemu-plugin/pcmap.c qemu-plugin/pcmap.h qemu-plugin/qemu-api.h
qemu_plugin_daxbench_insns_so_CFLAGS = -std=gnu11 $(WARN_CFLAGS) \
	$(PTHREAD_CFLAGS) -fPIC -fvisibility=hidden
qemu_plugin_daxbench_insns_so_LDFLAGS = -shared
qemu_plugin_daxbench_insns_so_LDADD = $(PTHREAD_LIBS)
