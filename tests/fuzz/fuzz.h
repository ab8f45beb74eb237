/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FUZZ_H
#define DB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Helpers of the libFuzzer harnesses (docs/fuzzing.md).  A harness
 * turns the fuzzer's bytes into the files a reader is given and calls
 * the reader, or a tool's main() (compiled with -Dmain=tool_main), on
 * them.  Crashes, leaks, undefined behaviour and hangs are the fuzzer's
 * findings; a clear refusal is a pass.
 */

/* What libFuzzer calls, once per input; and a tool's renamed main(). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int tool_main(int argc, char **argv);

/*
 * A fresh run directory from @data: the parts between NUL bytes become
 * run.json, measurements/m0.json, measurements/m1.json...  Returns 0 and
 * the directory in @dir, or -1.
 */
int fz_run_dir(const uint8_t *data, size_t size, char *dir, size_t len);
/* @data as one file in a fresh directory: its path in @file. */
int fz_one_file(const uint8_t *data, size_t size, const char *name,
		char *file, size_t len);
/* Remove what fz_run_dir or fz_one_file made (the whole directory). */
void fz_cleanup(const char *dir_or_file);
/* Call a tool's main with @argv (NULL-terminated), getopt reset. */
int fz_main(int (*fn)(int, char **), const char **argv);

#endif
