// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() with a MAP_SHARED DAX mapping.  The child inherits the parent's
 * page tables for shared file mappings (on DAX, a faulted 2 MiB mapping
 * is a PMD that fork copies with copy_huge_pmd()), and both must keep
 * seeing each other's stores afterwards: no copy-on-write for a shared
 * mapping, DAX or not.  ndctl's tests check the same with a faulted PMD.
 */
#include "dax_selftest.h"
#include <sys/wait.h>

#define LEN	DAX_PMD_SIZE
#define HALF	(LEN / 2)

/* Child exit codes, so the parent can say what the child saw. */
enum { CHILD_OK, CHILD_PRE_FORK, CHILD_PARENT_STORE, CHILD_PIPE };

static int child(char *p, int rd, int wr)
{
	char c;

	alarm(20);	/* never outlive a stuck parent */
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

static const char *child_error(int code)
{
	switch (code) {
	case CHILD_PRE_FORK:
		return "child does not see the parent's stores from before fork";
	case CHILD_PARENT_STORE:
		return "child does not see the parent's store made after fork";
	case CHILD_PIPE:
		return "pipe to the parent broke";
	default:
		return "child died";
	}
}

/* Parent side: store after the child looked, then check the child's store. */
static enum dax_result parent(char *p, pid_t pid, int rd, int wr)
{
	int status = 0;
	char c;

	if (read(rd, &c, 1) == 1) {
		dax_fill(p, HALF, 0, 12);
		if (write(wr, "p", 1) != 1)
			kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != CHILD_OK)
		return FAIL("%s", child_error(WIFEXITED(status) ?
					    WEXITSTATUS(status) : -1));
	if (dax_check(p + HALF, HALF, HALF, 13) >= 0)
		return FAIL("parent does not see the child's store");
	return DAX_PASS;
}

static enum dax_result fork_shared(const char *dir)
{
	int to_child[2], to_parent[2], fd;
	enum dax_result r;
	char *p;
	pid_t pid;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, "fork", LEN);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = dax_map_at(fd, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	close(fd);
	if (p == MAP_FAILED)
		return FAIL_ERRNO("mmap");
	dax_fill(p, LEN, 0, 11);	/* fault everything in before fork */
	if (pipe(to_child) || pipe(to_parent)) {
		munmap(p, LEN);
		return FAIL_ERRNO("pipe");
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(child(p, to_child[0], to_parent[1]));
	close(to_child[0]);
	close(to_parent[1]);
	if (pid < 0)
		r = FAIL_ERRNO("fork");
	else
		r = parent(p, pid, to_parent[0], to_child[1]);
	close(to_child[1]);
	close(to_parent[0]);
	munmap(p, LEN);
	return r;
}

static enum dax_result fork_dax_shared(void)
{
	return fork_shared(dax_dir());
}

static enum dax_result fork_pagecache_shared(void)
{
	return fork_shared(pc_dir());
}

static const struct dax_case cases[] = {
	{ "fork_dax_shared", fork_dax_shared },
	{ "fork_pagecache_shared", fork_pagecache_shared },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
