/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_OUTFILE_H
#define DB_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "runload.h"

/*
 * Output that is written whole or not at all: it is collected in memory,
 * then copied to stdout or written to a temporary file beside the target
 * and renamed over it.  A reader never sees half a report.
 */
struct of_out {
	FILE *f;		/* write here */
	char *buf;
	size_t len;
	bool rstrip;		/* drop blanks at the ends of lines */
};

void of_open(struct of_out *o);
/* Finish: to stdout when @path is NULL or "-". Returns 0 or -1 (said). */
int of_close(struct of_out *o, const char *path);
/* Refuse (-1, said) an output @path that is one of the runs' own files. */
int of_check_not_input(const char *path, const struct rl_run *runs, size_t n);

#endif
