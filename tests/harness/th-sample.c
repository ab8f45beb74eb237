// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of every kind, for tests/harness-check.sh to check what
 * daxbench's kselftest_harness.h makes of them: passes, failed EXPECTs
 * and ASSERTs, skips (also from a fixture's setup), signals, crashes, a
 * hang past its timeout, and fixtures with variants whose teardown must
 * run after a failed ASSERT.  Each says on stderr what it did, and the
 * check reads that back.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../kernel/selftests/kselftest_harness.h"

TEST(passes)
{
	ASSERT_EQ(1, 1);
	EXPECT_STREQ("a", "a");
}

TEST(fails_expect)
{
	int two = 2;

	EXPECT_EQ(1, two) {
		TH_LOG("handler ran");
	}
	TH_LOG("went on after EXPECT");
}

TEST(fails_assert)
{
	ASSERT_NE(NULL, NULL);
	TH_LOG("went on after ASSERT");
}

TEST(skips)
{
	SKIP(return, "the reason %d", 42);
	TH_LOG("went on after SKIP");
}

TEST_SIGNAL(dies_by_signal, SIGUSR1)
{
	raise(SIGUSR1);
}

TEST(crashes)
{
	abort();	/* SIGABRT: ASan would turn SIGSEGV into exit 1 */
}

FIXTURE(fx) {
	const char *name;
};

FIXTURE_VARIANT(fx) {
	const char *name;
};

FIXTURE_VARIANT_ADD(fx, a) {
	.name = "a",
};

FIXTURE_VARIANT_ADD(fx, b) {
	.name = "b",
};

FIXTURE_SETUP(fx)
{
	self->name = variant->name;
	TH_LOG("setup %s", self->name);
}

FIXTURE_TEARDOWN(fx)
{
	TH_LOG("teardown %s", self->name);
}

TEST_F(fx, assert_then_teardown)
{
	ASSERT_FALSE(true);
}

FIXTURE(setup_skip) {
	int unused;
};

FIXTURE_SETUP(setup_skip)
{
	SKIP(return, "skipped in setup");
}

FIXTURE_TEARDOWN(setup_skip)
{
}

TEST_F(setup_skip, body)
{
	TH_LOG("body ran");
}

FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

TEST_F_TIMEOUT(slow, hangs, 1)
{
	pause();
}

TEST_HARNESS_MAIN
