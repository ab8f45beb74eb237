/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kselftest_harness.h API, for building daxbench's selftests outside
 * a kernel tree.
 *
 * The tests in dax/ include "../kselftest_harness.h".  Copied into a
 * kernel tree's tools/testing/selftests/dax/, that name is the tree's own
 * harness; in daxbench it is this file, written from the documented API
 * (Documentation/dev-tools/kselftest.rst): TEST, TEST_SIGNAL, FIXTURE,
 * FIXTURE_SETUP/TEARDOWN, FIXTURE_VARIANT(_ADD), TEST_F(_SIGNAL,
 * _TIMEOUT), ASSERT_* / EXPECT_* (with an optional block run on
 * failure), SKIP, TH_LOG and TEST_HARNESS_MAIN, and the newer harness's
 * command line (-l, -t/-T, -v/-V, -f/-F, -r).
 *
 * Output is kselftest's TAP 13, each test named fixture.variant.test;
 * exit 0 when all passed, 1 when one failed, 4 when all skipped.
 *
 * Each test runs in a child process of its own (its own process group),
 * so an ASSERT, a crash or a leaked mapping ends that test only; the
 * parent kills the group after the test's timeout.
 */
#ifndef DAXBENCH_KSELFTEST_HARNESS_H
#define DAXBENCH_KSELFTEST_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

#define TEST_TIMEOUT_DEFAULT	30

#ifndef TH_LOG_STREAM
#define TH_LOG_STREAM	stderr
#endif
#ifndef TH_LOG_ENABLED
#define TH_LOG_ENABLED	1
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* ---- what the macros register ---------------------------------------- */

struct __test_metadata;

struct th_variant {
	const char *name;		/* "" for a fixture without variants */
	const void *data;
	int line;
	struct th_variant *next;
};

struct th_fixture {
	const char *name;
	int line;
	struct th_variant *variants;
	struct __test_metadata *tests;
	struct th_fixture *next;
};

/* Shared with the test's process, so that a skip reason reaches us. */
struct __test_results {
	char reason[1024];
};

struct __test_metadata {
	const char *name;
	void (*fn)(struct __test_metadata *, const struct th_variant *);
	struct th_fixture *fixture;
	int line, termsig, timeout;
	/* the state of one run, in the test's process */
	int passed, skip, trigger;
	bool aborted, setup_completed, teardown_started;
	jmp_buf env;
	struct __test_results *results;
	struct __test_metadata *next;
};

static struct th_fixture th_global = { .name = "global" };
static struct th_fixture *th_fixtures;

/*
 * Constructors may run in either order, so every list is kept sorted
 * by source line: tests run in the order they are written.
 */
#define TH_INSERT_SORTED(head, item) do {			\
	__typeof__(item) *__pp = &(head);			\
	while (*__pp && (*__pp)->line < (item)->line)		\
		__pp = &(*__pp)->next;				\
	(item)->next = *__pp;					\
	*__pp = (item);						\
} while (0)

static inline void th_register_fixture(struct th_fixture *f)
{
	TH_INSERT_SORTED(th_fixtures, f);
}

static inline void th_register_variant(struct th_fixture *f,
				       struct th_variant *v)
{
	TH_INSERT_SORTED(f->variants, v);
}

static inline void th_register_test(struct __test_metadata *t)
{
	if (t->fixture == &th_global && !th_global.tests)
		th_register_fixture(&th_global);
	TH_INSERT_SORTED(t->fixture->tests, t);
}

/* ---- logging, skipping ------------------------------------------------- */

#define __TH_LOG(fmt, ...)						\
	fprintf(TH_LOG_STREAM, "# %s:%d:%s:" fmt "\n", __FILE__,	\
		__LINE__, _metadata->name, ##__VA_ARGS__)

#define TH_LOG(fmt, ...) do {						\
	if (TH_LOG_ENABLED)						\
		__TH_LOG(fmt, ##__VA_ARGS__);				\
} while (0)

/* Report @fmt as the reason, count the test as skipped, run @statement. */
#define SKIP(statement, fmt, ...) do {					\
	snprintf(_metadata->results->reason,				\
		 sizeof(_metadata->results->reason), fmt, ##__VA_ARGS__); \
	if (TH_LOG_ENABLED)						\
		fprintf(TH_LOG_STREAM, "#      SKIP      %s\n",		\
			_metadata->results->reason);			\
	_metadata->passed = 1;						\
	_metadata->skip = 1;						\
	_metadata->trigger = 0;						\
	statement;							\
} while (0)

/* ---- tests and fixtures ------------------------------------------------ */

#define TEST(test_name) __TEST_IMPL(test_name, -1)
#define TEST_SIGNAL(test_name, signal) __TEST_IMPL(test_name, signal)

#define __TEST_IMPL(test_name, _signal)					\
	static void test_name(struct __test_metadata *_metadata);	\
	static void th_wrap_##test_name(struct __test_metadata *_metadata, \
					const struct th_variant *v)	\
	{								\
		(void)v;						\
		if (setjmp(_metadata->env) == 0)			\
			test_name(_metadata);				\
	}								\
	static struct __test_metadata th_test_##test_name = {		\
		.name = #test_name,					\
		.fn = th_wrap_##test_name,				\
		.fixture = &th_global,					\
		.line = __LINE__,					\
		.termsig = _signal,					\
		.timeout = TEST_TIMEOUT_DEFAULT,			\
	};								\
	static void __attribute__((constructor))			\
	th_register_##test_name(void)					\
	{								\
		th_register_test(&th_test_##test_name);			\
	}								\
	static void test_name(struct __test_metadata			\
			      __attribute__((unused)) *_metadata)

#define FIXTURE_DATA(fixture_name) struct th_data_##fixture_name
#define FIXTURE_VARIANT(fixture_name) struct th_vdata_##fixture_name

#define FIXTURE(fixture_name)						\
	FIXTURE_VARIANT(fixture_name);					\
	static struct th_fixture th_fixture_##fixture_name = {		\
		.name = #fixture_name,					\
		.line = __LINE__,					\
	};								\
	static void __attribute__((constructor))			\
	th_register_fixture_##fixture_name(void)			\
	{								\
		th_register_fixture(&th_fixture_##fixture_name);	\
	}								\
	FIXTURE_DATA(fixture_name)

#define __FIXTURE_HOOK(fixture_name, hook)				\
	static void fixture_name##_##hook(				\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self, \
		const FIXTURE_VARIANT(fixture_name)			\
			__attribute__((unused)) *variant)

#define FIXTURE_SETUP(fixture_name) __FIXTURE_HOOK(fixture_name, setup)
#define FIXTURE_TEARDOWN(fixture_name) __FIXTURE_HOOK(fixture_name, teardown)

/* FIXTURE_VARIANT_ADD(f, name) { .field = value, ... }; */
#define FIXTURE_VARIANT_ADD(fixture_name, variant_name)			\
	static const FIXTURE_VARIANT(fixture_name)			\
		th_vdata_##fixture_name##_##variant_name;		\
	static struct th_variant th_variant_##fixture_name##_##variant_name = { \
		.name = #variant_name,					\
		.data = &th_vdata_##fixture_name##_##variant_name,	\
		.line = __LINE__,					\
	};								\
	static void __attribute__((constructor))			\
	th_register_##fixture_name##_##variant_name(void)		\
	{								\
		th_register_variant(&th_fixture_##fixture_name,		\
			&th_variant_##fixture_name##_##variant_name);	\
	}								\
	static const FIXTURE_VARIANT(fixture_name)			\
		th_vdata_##fixture_name##_##variant_name =

#define TEST_F(fixture_name, test_name)					\
	__TEST_F_IMPL(fixture_name, test_name, -1, TEST_TIMEOUT_DEFAULT)
#define TEST_F_SIGNAL(fixture_name, test_name, signal)			\
	__TEST_F_IMPL(fixture_name, test_name, signal, TEST_TIMEOUT_DEFAULT)
#define TEST_F_TIMEOUT(fixture_name, test_name, timeout)		\
	__TEST_F_IMPL(fixture_name, test_name, -1, timeout)

/*
 * Setup, test, teardown in the test's process.  A skip in setup skips
 * the test; teardown runs whenever setup returned (also after a failed
 * ASSERT in the test), but not after an ASSERT in setup itself.
 */
#define __TEST_F_IMPL(fixture_name, test_name, _signal, _timeout)	\
	static void fixture_name##_##test_name(				\
		struct __test_metadata *_metadata,			\
		FIXTURE_DATA(fixture_name) *self,			\
		const FIXTURE_VARIANT(fixture_name) *variant);		\
	static void th_wrap_##fixture_name##_##test_name(		\
		struct __test_metadata *_metadata,			\
		const struct th_variant *v)				\
	{								\
		FIXTURE_DATA(fixture_name) self;			\
									\
		memset(&self, 0, sizeof(self));				\
		if (setjmp(_metadata->env) == 0) {			\
			fixture_name##_setup(_metadata, &self, v->data); \
			_metadata->setup_completed = true;		\
			if (_metadata->passed && !_metadata->skip)	\
				fixture_name##_##test_name(_metadata,	\
							   &self, v->data); \
		}							\
		if (_metadata->setup_completed &&			\
		    !_metadata->teardown_started) {			\
			_metadata->teardown_started = true;		\
			if (setjmp(_metadata->env) == 0)		\
				fixture_name##_teardown(_metadata, &self, \
							v->data);	\
		}							\
	}								\
	static struct __test_metadata					\
		th_test_##fixture_name##_##test_name = {		\
		.name = #test_name,					\
		.fn = th_wrap_##fixture_name##_##test_name,		\
		.fixture = &th_fixture_##fixture_name,			\
		.line = __LINE__,					\
		.termsig = _signal,					\
		.timeout = _timeout,					\
	};								\
	static void __attribute__((constructor))			\
	th_register_##fixture_name##_##test_name(void)			\
	{								\
		th_register_test(&th_test_##fixture_name##_##test_name); \
	}								\
	static void fixture_name##_##test_name(				\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self, \
		const FIXTURE_VARIANT(fixture_name)			\
			__attribute__((unused)) *variant)

/* ---- assertions -------------------------------------------------------- */

/*
 * After a failed check, the statement written after the macro (a block,
 * or just ";") runs once; then an ASSERT leaves the test and an EXPECT
 * carries on.
 */
static inline int th_after_failure(int is_assert, struct __test_metadata *t)
{
	if (is_assert) {
		t->aborted = true;
		longjmp(t->env, 1);
	}
	return 0;
}

#define __TH_HANDLER(is_assert)						\
	for (; _metadata->trigger;					\
	     _metadata->trigger = th_after_failure(is_assert, _metadata))

#define __TH_FAILED() do {						\
	_metadata->passed = 0;						\
	_metadata->trigger = 1;						\
} while (0)

#define __th_is_signed(x) ((__typeof__(x))-1 < (__typeof__(x))1)

/* A value as the signedness of its type says, for the failure message. */
static inline const char *th_value(char *buf, size_t len, bool is_signed,
				   uintmax_t v)
{
	if (is_signed)
		snprintf(buf, len, "%jd", (intmax_t)v);
	else
		snprintf(buf, len, "%ju", v);
	return buf;
}

#define __TH_CMP(_expected, _seen, op, is_assert) do {			\
	__typeof__(_expected) __th_exp = (_expected);			\
	__typeof__(_seen) __th_seen = (_seen);				\
	char __th_b1[32], __th_b2[32];					\
									\
	if (!(__th_exp op __th_seen)) {					\
		__TH_LOG("Expected %s (%s) %s %s (%s)", #_expected,	\
			 th_value(__th_b1, sizeof(__th_b1),		\
				  __th_is_signed(__th_exp),		\
				  (uintmax_t)__th_exp),			\
			 #op, #_seen,					\
			 th_value(__th_b2, sizeof(__th_b2),		\
				  __th_is_signed(__th_seen),		\
				  (uintmax_t)__th_seen));		\
		__TH_FAILED();						\
	}								\
} while (0); __TH_HANDLER(is_assert)

#define __TH_BOOL(_seen, want, is_assert) do {				\
	if ((bool)(_seen) != (want)) {					\
		__TH_LOG("Expected %s to be %s", #_seen,		\
			 (want) ? "true" : "false");			\
		__TH_FAILED();						\
	}								\
} while (0); __TH_HANDLER(is_assert)

#define __TH_NULL(_seen, is_assert) do {				\
	if ((_seen) != NULL) {						\
		__TH_LOG("Expected %s to be NULL", #_seen);		\
		__TH_FAILED();						\
	}								\
} while (0); __TH_HANDLER(is_assert)

#define __TH_STR(_expected, _seen, op, is_assert) do {			\
	const char *__th_exp = (_expected);				\
	const char *__th_seen = (_seen);				\
									\
	if (!(strcmp(__th_exp, __th_seen) op 0)) {			\
		__TH_LOG("Expected '%s' %s '%s'", __th_exp, #op,	\
			 __th_seen);					\
		__TH_FAILED();						\
	}								\
} while (0); __TH_HANDLER(is_assert)

#define ASSERT_EQ(expected, seen)	__TH_CMP(expected, seen, ==, 1)
#define ASSERT_NE(expected, seen)	__TH_CMP(expected, seen, !=, 1)
#define ASSERT_LT(expected, seen)	__TH_CMP(expected, seen, <, 1)
#define ASSERT_LE(expected, seen)	__TH_CMP(expected, seen, <=, 1)
#define ASSERT_GT(expected, seen)	__TH_CMP(expected, seen, >, 1)
#define ASSERT_GE(expected, seen)	__TH_CMP(expected, seen, >=, 1)
#define ASSERT_TRUE(seen)		__TH_BOOL(seen, true, 1)
#define ASSERT_FALSE(seen)		__TH_BOOL(seen, false, 1)
#define ASSERT_NULL(seen)		__TH_NULL(seen, 1)
#define ASSERT_STREQ(expected, seen)	__TH_STR(expected, seen, ==, 1)
#define ASSERT_STRNE(expected, seen)	__TH_STR(expected, seen, !=, 1)

#define EXPECT_EQ(expected, seen)	__TH_CMP(expected, seen, ==, 0)
#define EXPECT_NE(expected, seen)	__TH_CMP(expected, seen, !=, 0)
#define EXPECT_LT(expected, seen)	__TH_CMP(expected, seen, <, 0)
#define EXPECT_LE(expected, seen)	__TH_CMP(expected, seen, <=, 0)
#define EXPECT_GT(expected, seen)	__TH_CMP(expected, seen, >, 0)
#define EXPECT_GE(expected, seen)	__TH_CMP(expected, seen, >=, 0)
#define EXPECT_TRUE(seen)		__TH_BOOL(seen, true, 0)
#define EXPECT_FALSE(seen)		__TH_BOOL(seen, false, 0)
#define EXPECT_NULL(seen)		__TH_NULL(seen, 0)
#define EXPECT_STREQ(expected, seen)	__TH_STR(expected, seen, ==, 0)
#define EXPECT_STRNE(expected, seen)	__TH_STR(expected, seen, !=, 0)

/* ---- choosing tests: -t/-T test, -v/-V variant, -f/-F fixture, -r -------- */

struct th_filter {
	char kind;		/* the option letter */
	const char *arg;
};

static struct th_filter th_filters[64];
static int th_nfilters;

/* Does "fixture:variant:test" name this one? */
static inline bool th_full_name_is(const char *arg, const struct th_fixture *f,
				   const struct th_variant *v,
				   const struct __test_metadata *t)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s:%s:%s", f->name, v->name, t->name);
	return !strcmp(arg, buf);
}

static inline bool th_filter_matches(const struct th_filter *flt,
				     const struct th_fixture *f,
				     const struct th_variant *v,
				     const struct __test_metadata *t)
{
	switch (flt->kind) {
	case 't': case 'T':
		return !strcmp(flt->arg, t->name);
	case 'v': case 'V':
		return !strcmp(flt->arg, v->name);
	case 'f': case 'F':
		return !strcmp(flt->arg, f->name);
	default:
		return th_full_name_is(flt->arg, f, v, t);
	}
}

/* Run it when no include option is given or one matches, and no exclude. */
static inline bool th_selected(const struct th_fixture *f,
			       const struct th_variant *v,
			       const struct __test_metadata *t)
{
	bool any_include = false, included = false;
	int i;

	for (i = 0; i < th_nfilters; i++) {
		bool exclude = th_filters[i].kind >= 'A' &&
			       th_filters[i].kind <= 'Z';
		bool hit = th_filter_matches(&th_filters[i], f, v, t);

		if (exclude && hit)
			return false;
		if (!exclude) {
			any_include = true;
			included |= hit;
		}
	}
	return !any_include || included;
}

/* ---- running one test -------------------------------------------------- */

static const struct th_variant th_no_variant = { .name = "" };

static inline const struct th_variant *th_first_variant(const struct th_fixture *f)
{
	return f->variants ? f->variants : &th_no_variant;
}

static inline void th_full_name(char *buf, size_t len,
				const struct th_fixture *f,
				const struct th_variant *v,
				const struct __test_metadata *t)
{
	snprintf(buf, len, "%s.%s%s%s", f->name, v->name,
		 v->name[0] ? "." : "", t->name);
}

/* Exit codes of the test's process (a test is not a whole program). */
#define TH_CHILD_PASS	0
#define TH_CHILD_FAIL	1
#define TH_CHILD_SKIP	255

static inline void th_child(struct __test_metadata *t,
			    const struct th_variant *v)
{
	setpgid(0, 0);
	t->passed = 1;
	t->skip = 0;
	t->trigger = 0;
	t->aborted = false;
	t->setup_completed = false;
	t->teardown_started = false;
	t->fn(t, v);
	fflush(NULL);
	if (t->aborted || !t->passed)
		_exit(TH_CHILD_FAIL);
	_exit(t->skip ? TH_CHILD_SKIP : TH_CHILD_PASS);
}

static volatile sig_atomic_t th_alarm_rang;

static inline void th_on_alarm(int sig)
{
	(void)sig;
	th_alarm_rang = 1;
}

/* Wait for the test's process; past @timeout seconds kill its group. */
static inline int th_wait(pid_t pid, int timeout, bool *timed_out)
{
	struct sigaction sa = { .sa_handler = th_on_alarm }, old;
	int status = 0;

	*timed_out = false;
	th_alarm_rang = 0;
	sigaction(SIGALRM, &sa, &old);	/* no SA_RESTART: waitpid stops */
	if (timeout > 0)
		alarm(timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			break;
		if (th_alarm_rang) {
			*timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
	}
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	return status;
}

enum th_result { TH_PASS, TH_FAIL, TH_SKIP };

static inline enum th_result th_judge(const struct __test_metadata *t,
				      int status, bool timed_out)
{
	if (timed_out) {
		fprintf(TH_LOG_STREAM, "# %s: Test terminated by timeout (%d s)\n",
			t->name, t->timeout);
		return TH_FAIL;
	}
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == t->termsig)
			return TH_PASS;
		fprintf(TH_LOG_STREAM, "# %s: Test terminated by signal %d\n",
			t->name, WTERMSIG(status));
		return TH_FAIL;
	}
	if (WEXITSTATUS(status) == TH_CHILD_SKIP)
		return TH_SKIP;
	if (t->termsig != -1) {
		fprintf(TH_LOG_STREAM, "# %s: Test exited instead of signal %d\n",
			t->name, t->termsig);
		return TH_FAIL;
	}
	return WEXITSTATUS(status) == TH_CHILD_PASS ? TH_PASS : TH_FAIL;
}

struct th_counts {
	unsigned int n, pass, fail, skip;
};

static inline void th_run(struct th_fixture *f, const struct th_variant *v,
			  struct __test_metadata *t,
			  struct __test_results *results, struct th_counts *c)
{
	enum th_result r = TH_FAIL;
	char name[512];
	bool timed_out = false;
	pid_t pid;

	th_full_name(name, sizeof(name), f, v, t);
	printf("#  RUN           %s ...\n", name);
	memset(results, 0, sizeof(*results));
	t->results = results;
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		th_child(t, v);
	if (pid < 0) {
		printf("# %s: fork: %s\n", name, strerror(errno));
	} else {
		int status = th_wait(pid, t->timeout, &timed_out);

		r = th_judge(t, status, timed_out);
	}
	fflush(NULL);
	printf("# %9s  %s\n", r == TH_FAIL ? "FAIL" : "OK", name);
	c->n++;
	if (r == TH_SKIP) {
		c->skip++;
		printf("ok %u %s # SKIP %s\n", c->n, name,
		       results->reason[0] ? results->reason : "unknown");
	} else if (r == TH_PASS) {
		c->pass++;
		printf("ok %u %s\n", c->n, name);
	} else {
		c->fail++;
		printf("not ok %u %s\n", c->n, name);
	}
	fflush(stdout);
}

/* ---- the program ------------------------------------------------------- */

static inline void th_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [-h|-l] [-t|-T|-v|-V|-f|-F|-r NAME]\n"
		"  -h       this help\n"
		"  -l       list the tests (fixture:variant:test)\n"
		"  -t NAME  run test NAME         -T NAME  do not run test NAME\n"
		"  -v NAME  run variant NAME      -V NAME  do not run variant NAME\n"
		"  -f NAME  run fixture NAME      -F NAME  do not run fixture NAME\n"
		"  -r F:V:T run that one test\n"
		"Prints TAP 13; exit 0 pass, 1 failure, 4 everything skipped.\n",
		prog);
}

static inline void th_list(void)
{
	const struct th_variant *v;
	struct __test_metadata *t;
	struct th_fixture *f;

	for (f = th_fixtures; f; f = f->next)
		for (v = th_first_variant(f); v; v = v->next)
			for (t = f->tests; t; t = t->next)
				printf("%s:%s:%s\n", f->name, v->name, t->name);
}

/* Parse the options; returns -1 to run, else the exit status. */
static inline int th_parse(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "hlt:T:v:V:f:F:r:")) != -1) {
		switch (c) {
		case 'h':
			th_usage(stdout, argv[0]);
			return KSFT_PASS;
		case 'l':
			th_list();
			return KSFT_PASS;
		case '?':
			th_usage(stderr, argv[0]);
			return KSFT_FAIL;
		default:
			if (th_nfilters == (int)ARRAY_SIZE(th_filters)) {
				fprintf(stderr, "%s: too many -%c options\n",
					argv[0], c);
				return KSFT_FAIL;
			}
			th_filters[th_nfilters].kind = (char)c;
			th_filters[th_nfilters++].arg = optarg;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		th_usage(stderr, argv[0]);
		return KSFT_FAIL;
	}
	return -1;
}

static inline unsigned int th_count(unsigned int *cases)
{
	const struct th_variant *v;
	struct __test_metadata *t;
	struct th_fixture *f;
	unsigned int n = 0, before;

	*cases = 0;
	for (f = th_fixtures; f; f = f->next) {
		for (v = th_first_variant(f); v; v = v->next) {
			before = n;
			for (t = f->tests; t; t = t->next)
				n += th_selected(f, v, t);
			*cases += n > before;
		}
	}
	return n;
}

static inline int test_harness_run(int argc, char **argv)
{
	struct __test_results *results;
	struct th_counts c = { 0 };
	const struct th_variant *v;
	struct __test_metadata *t;
	unsigned int total, cases;
	struct th_fixture *f;
	int rc = th_parse(argc, argv);

	if (rc >= 0)
		return rc;
	results = mmap(NULL, sizeof(*results), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (results == MAP_FAILED) {
		perror("mmap");
		return KSFT_FAIL;
	}
	total = th_count(&cases);
	printf("TAP version 13\n1..%u\n", total);
	printf("# Starting %u tests from %u test cases.\n", total, cases);
	for (f = th_fixtures; f; f = f->next)
		for (v = th_first_variant(f); v; v = v->next)
			for (t = f->tests; t; t = t->next)
				if (th_selected(f, v, t))
					th_run(f, v, t, results, &c);
	munmap(results, sizeof(*results));
	printf("# %s: %u / %u tests passed.\n", c.fail ? "FAILED" : "PASSED",
	       c.pass + c.skip, c.n);
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       c.pass, c.fail, c.skip);
	fflush(stdout);
	if (c.fail)
		return KSFT_FAIL;
	return !c.pass && c.skip ? KSFT_SKIP : KSFT_PASS;
}

#define TEST_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		return test_harness_run(argc, argv);			\
	}

#endif /* DAXBENCH_KSELFTEST_HARNESS_H */
