/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FLATTEN_KINDS_H
#define DB_FLATTEN_KINDS_H

#include "flatten-set.h"

/* The table of each kind, its series titled for vars.gp. */
void fl_lat(const struct fl_set *s, struct fl_table *t);
void fl_mmap(const struct fl_set *s, struct fl_table *t);
void fl_faults(const struct fl_set *s, struct fl_table *t, bool *zero);
void fl_insns(const struct fl_set *s, struct fl_table *t);
void fl_fio(const struct fl_set *s, struct fl_table *t, const char *what);

#endif
