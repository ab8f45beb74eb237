/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ENV_H
#define DB_ENV_H

#include <stdbool.h>
#include <json-c/json.h>

/*
 * Where a measurement ran.  db_env_capture() returns a JSON object with
 * the kernel, CPU, THP settings, virtualisation and, when @target is not
 * NULL, the filesystem under @target.  Unknown values are JSON null, never
 * guessed.
 */
struct json_object *db_env_capture(const char *target);

/* "bare-metal", "kvm", "tcg", another hypervisor's name, or "unknown". */
const char *db_env_accelerator(char *buf, size_t len);

#endif
