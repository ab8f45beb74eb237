/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_RUNNOISE_H
#define DB_RUNNOISE_H

#include <json-c/json.h>

/*
 * The noise probe's readings in run.json (docs/running.md, "The noise
 * probe"): daxbench-noise results of the phases before, during and after
 * the measurements, each summarised, and one verdict on the machine.
 */

/* A phase's bursts' spread (interquartile range over median) above this is noisy. */
#define RN_SPREAD_MAX		0.20
/* A burst on a CPU less than this share of its time was preempted... */
#define RN_PREEMPTED_BURST	0.90
/* ...and more than this share of preempted bursts is noisy. */
#define RN_PREEMPTED_MAX	0.10
/* Median bandwidth after the run differing from before by more than this. */
#define RN_SHIFT_MAX		0.25

/*
 * The summary of one daxbench-noise result @res (read from @file, for the
 * record), or NULL with the reason in @why.
 */
struct json_object *rn_phase(struct json_object *res, const char *file,
			     char *why, size_t whylen);

/*
 * daxbench-runjson noise RUN.JSON PHASE FILE: FILE (relative to the run
 * directory) summarised into run.json's noise.PHASE, the machine judged
 * again, the verdict and reasons printed one a line.  0, or 2 on usage.
 */
int rn_cmd_noise(struct json_object *run, const char *runfile, int argc,
		 char **argv);

/*
 * Judge @noise (run.json's "noise": phase name -> summary) and set its
 * "verdict" (stable, noisy, or unknown when a phase has no reading) and
 * "reasons".
 */
void rn_judge(struct json_object *noise);

#endif
