// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cleanup registry: fixed slots, so that the signal handler needs no
 * allocation and no lock.  A slot is claimed and released with the
 * cleanup signals held, so the handler never sees one half written.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"

#define MAX_CLEANUPS	512

struct slot {
	db_cleanup_fn fn;
	void *arg;
	volatile sig_atomic_t used;
};

static struct slot slots[MAX_CLEANUPS];
static volatile sig_atomic_t nr_slots;	/* slots ever claimed: a bound */
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define NR_SIGNALS (int)(sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))

/* Claiming the slot first makes each callback run once, handler or not. */
static void run_slot(struct slot *s)
{
	if (!s->used)
		return;
	s->used = 0;
	s->fn(s->arg);
}

static void run_all(void)
{
	int i, saved = errno;

	for (i = nr_slots - 1; i >= 0; i--)
		run_slot(&slots[i]);
	errno = saved;
}

static void on_signal(int sig)
{
	run_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install(void)
{
	static bool done;
	struct sigaction sa;
	int i;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NR_SIGNALS; i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (i = 0; i < NR_SIGNALS; i++)
		sigaction(cleanup_signals[i], &sa, NULL);
	atexit(run_all);
}

void db_cleanup_hold(sigset_t *old)
{
	sigset_t set;
	int i;

	sigemptyset(&set);
	for (i = 0; i < NR_SIGNALS; i++)
		sigaddset(&set, cleanup_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void db_cleanup_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

int db_cleanup_add(db_cleanup_fn fn, void *arg)
{
	sigset_t old;
	int i, ret = -1;

	install();
	db_cleanup_hold(&old);
	for (i = 0; i < MAX_CLEANUPS; i++) {
		if (slots[i].used)
			continue;
		slots[i].fn = fn;
		slots[i].arg = arg;
		slots[i].used = 1;
		if (i >= nr_slots)
			nr_slots = i + 1;
		ret = i;
		break;
	}
	db_cleanup_release(&old);
	if (ret < 0)
		fprintf(stderr, "%s: more than %d things to clean up at exit\n",
			program_invocation_short_name, MAX_CLEANUPS);
	return ret;
}

void db_cleanup_remove(int handle, bool run)
{
	sigset_t old;

	if (handle < 0 || handle >= MAX_CLEANUPS)
		return;
	db_cleanup_hold(&old);
	if (run)
		run_slot(&slots[handle]);
	slots[handle].used = 0;
	db_cleanup_release(&old);
}
