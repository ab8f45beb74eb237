// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() with a MAP_SHARED DAX mapping.  The child inherits the parent's
 * page tables for shared file mappings (on DAX, a faulted 2 MiB mapping
 * is a PMD that fork copies with copy_huge_pmd()), and both must keep
 * seeing each other's stores afterwards: no copy-on-write for a shared
 * mapping, DAX or not.  ndctl's tests check the same with a faulted PMD.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define LEN	DAX_PMD_SIZE
#define HALF	(LEN / 2)

FIXTURE(fork) {
	struct dax_scratch s;
	char *map;
};

FIXTURE_VARIANT(fork) {
	bool dax;
};

FIXTURE_VARIANT_ADD(fork, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(fork, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(fork)
{
	self->map = MAP_FAILED;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(fork)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, LEN);
	dax_scratch_close(&self->s);
}

/* Child exit codes, so the parent can say what the child saw. */
enum { CHILD_OK, CHILD_PRE_FORK, CHILD_PARENT_STORE, CHILD_PIPE };

static int child(char *p, int rd, int wr)
{
	char c;

	if (dax_check(p, LEN, 0, 11) >= 0)
		return CHILD_PRE_FORK;
	/* tell the parent we looked, wait for its store */
	if (write(wr, "r", 1) != 1 || read(rd, &c, 1) != 1)
		return CHILD_PIPE;
	if (dax_check(p, HALF, 0, 12) >= 0)
		return CHILD_PARENT_STORE;
	dax_fill(p + HALF, HALF, HALF, 13);
	return CHILD_OK;
}

static const char *child_error(int status)
{
	if (!WIFEXITED(status))
		return "child died";
	switch (WEXITSTATUS(status)) {
	case CHILD_OK:
		return "none";
	case CHILD_PRE_FORK:
		return "child does not see the parent's stores from before fork";
	case CHILD_PARENT_STORE:
		return "child does not see the parent's store made after fork";
	default:
		return "pipe to the parent broke";
	}
}

/* Parent side: store after the child looked; returns the child's status. */
static int parent(char *p, pid_t pid, int rd, int wr)
{
	int status = 0;
	char c;

	if (read(rd, &c, 1) == 1) {
		dax_fill(p, HALF, 0, 12);
		if (write(wr, "p", 1) != 1)
			kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	return status;
}

/*
 * A 2 MiB-aligned shared mapping, faulted in before fork: parent and
 * child see each other's stores made after the fork.
 */
TEST_F(fork, shared)
{
	int to_child[2], to_parent[2], fd, status;
	pid_t pid;

	DAX_NEED_SCRATCH(&self->s);
	fd = dax_create_sized(self->s.dir, "fork", LEN);
	ASSERT_LE(0, fd) TH_LOG("create: %s", strerror(errno));
	self->map = dax_map_at(fd, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	close(fd);
	ASSERT_NE(MAP_FAILED, self->map) TH_LOG("mmap: %s", strerror(errno));
	dax_fill(self->map, LEN, 0, 11);	/* fault everything in */
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid) TH_LOG("fork: %s", strerror(errno));
	if (pid == 0)
		_exit(child(self->map, to_child[0], to_parent[1]));
	close(to_child[0]);
	close(to_parent[1]);
	status = parent(self->map, pid, to_parent[0], to_child[1]);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == CHILD_OK)
		TH_LOG("%s", child_error(status));
	EXPECT_EQ(-1, dax_check(self->map + HALF, HALF, HALF, 13))
		TH_LOG("the parent does not see the child's store");
}

TEST_HARNESS_MAIN
