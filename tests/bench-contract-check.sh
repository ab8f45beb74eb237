#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The contract every benchmark keeps (docs/exit-codes.md), checked for
# each in TAP: --help comes from its option table and states the exit
# codes, --version names it, a usage error exits 2 with a message that
# starts with the program's own name and names the option, and a value
# given twice takes the last one.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/tap.sh"
tap_tmpdir bench-contract

echo "TAP version 13"
for b in faults mmap lat sync scale; do
	prog=$top_builddir/bench/daxbench-$b
	"$prog" --help >"$tmp/out" 2>&1
	rc=$?
	[ $rc = 0 ] && grep -q "^Usage: daxbench-$b " "$tmp/out" &&
		grep -q "^Exit status: 0 ok, 1 failed, 2 usage error, 3 unsupported" "$tmp/out" &&
		grep -q "takes its last value" "$tmp/out"
	ok $? "daxbench-$b --help: usage, options, the exit codes (exit $rc)"

	"$prog" --version >"$tmp/out" 2>&1
	grep -q "^daxbench-$b [0-9a-z]" "$tmp/out"
	ok $? "daxbench-$b --version names the program ($(cat "$tmp/out"))"

	"$prog" --dir "$tmp" --repeats 0 >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] && head -n 1 "$tmp/err" | grep -q "^daxbench-$b: --repeats: " &&
		tail -n 1 "$tmp/err" | grep -q "^Try 'daxbench-$b --help'.$"
	ok $? "daxbench-$b: a bad value exits 2, the message names the program and the option (exit $rc: $(head -n 1 "$tmp/err"))"

	"$prog" --frobnicate >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] && head -n 1 "$tmp/err" | grep -q "^daxbench-$b: .*frobnicate"
	ok $? "daxbench-$b: an unknown option exits 2, named by the program (exit $rc)"
done
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
tap_end
