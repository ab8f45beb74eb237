#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: daxbench's kselftest_harness.h (kernel/selftests/) does
# what the kernel's documents, run on tests/harness/th-sample.c: TAP 13
# with a plan and a Totals line, names fixture.variant.test, "# SKIP
# reason", exit 0 / 1 / 4, EXPECT goes on and ASSERT stops, a skipped
# setup skips the test, teardown runs after a failed ASSERT, a signal
# test, a crash and a hang past its timeout, the -l/-t/-T/-v/-V/-f
# options, and bad options refused.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/tap.sh"
tap_tmpdir harness-check
tmp=${tmp:?}
th=$top_builddir/tests/harness/th-sample
echo "TAP version 13"

# sample ARGS...: run it; stdout in $tmp/out, stderr in $tmp/err, $rc.
sample() {
	"$th" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() {
	grep -q -- "$1" "$tmp/out"
}

said() {
	grep -q -- "$1" "$tmp/err"
}

tap_on_fail() {
	diag "$tmp/out" "$tmp/err" | head -n 20
}

sample -t passes
[ $rc = 0 ] && [ "$(head -n 2 "$tmp/out" | tr '\n' ' ')" = "TAP version 13 1..1 " ] &&
	has "^ok 1 global\.passes$" &&
	has "^# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0$"
ok $? "a pass: exit 0, TAP 13, plan, named global.passes, Totals"

sample -t skips
[ $rc = 4 ] && has "^ok 1 global\.skips # SKIP the reason 42$" &&
	! said "went on after SKIP"
ok $? "a skip: exit 4, the SKIP directive with its reason, then the statement (return)"

sample -t fails_expect
[ $rc = 1 ] && has "^not ok 1 global\.fails_expect$" &&
	said "Expected 1 (1) == two (2)" && said "handler ran" &&
	said "went on after EXPECT"
ok $? "a failed EXPECT: exit 1, not ok, the values logged, the handler and the rest ran"

sample -t fails_assert
[ $rc = 1 ] && has "^not ok 1 global\.fails_assert$" && ! said "went on after ASSERT"
ok $? "a failed ASSERT: not ok, and the test stopped there"

sample -t dies_by_signal
[ $rc = 0 ] && has "^ok 1 global\.dies_by_signal$"
ok $? "TEST_SIGNAL: death by the expected signal passes"

sample -t crashes
[ $rc = 1 ] && has "^not ok 1 global\.crashes$" && said "signal 6"
ok $? "a crash (abort) fails, and the run goes on to report it"

sample -f fx
[ $rc = 1 ] && has "^not ok 1 fx\.a\.assert_then_teardown$" &&
	has "^not ok 2 fx\.b\.assert_then_teardown$" &&
	[ "$(grep -c "setup [ab]$\|teardown [ab]$" "$tmp/err")" = 4 ]
ok $? "variants: fx.a and fx.b, each set up and torn down after its failed ASSERT"

sample -f fx -V a
has "^1\.\.1$" && has "fx\.b\." && ! has "fx\.a\."
ok $? "-V drops a variant"

sample -f setup_skip
[ $rc = 4 ] && has "^ok 1 setup_skip\.body # SKIP skipped in setup$" && ! said "body ran"
ok $? "a skip in FIXTURE_SETUP skips the test with its reason; the body does not run"

sample -t hangs
[ $rc = 1 ] && has "^not ok 1 slow\.hangs$" && said "timeout (1 s)"
ok $? "a test past its TEST_F_TIMEOUT is killed and fails, naming the timeout"

sample -T hangs
results=$(grep -c "^\(not \)\{0,1\}ok " "$tmp/out")
[ $rc = 1 ] && [ "$results" = 9 ] && has "^1\.\.9$" &&
	has "^# Totals: pass:2 fail:5 xfail:0 xpass:0 skip:2 error:0$"
ok $? "a whole run but the hang: 9 results as planned, Totals add up, exit 1"

sample -l
[ $rc = 0 ] && has "^global::passes$" && has "^fx:b:assert_then_teardown$"
ok $? "-l lists fixture:variant:test"

sample -x
[ $rc = 1 ] && said "^usage:"
ok $? "an unknown option: exit 1 and the usage"

sample stray
[ $rc = 1 ] && said "unexpected argument 'stray'"
ok $? "a stray argument: exit 1, named"

tap_end
