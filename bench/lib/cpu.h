/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_CPU_H
#define DB_CPU_H

#include <stdbool.h>
#include <stddef.h>

/*
 * CPU features that matter for persistent memory, read with cpuid so that
 * the answer is the one the code will execute with.
 */
bool db_cpu_flag(const char *name);

/* Names db_cpu_flag() knows, NULL-terminated. */
extern const char *const db_cpu_flag_names[];

/* The hypervisor's cpuid vendor string ("KVMKVMKVM", ...), or "" if none. */
void db_cpu_hypervisor(char *buf, size_t len);

#endif
