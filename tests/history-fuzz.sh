#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Replay the history's fuzz seeds (tests/fuzz/corpus/history-*) through
# their harnesses: each input must pass without a crash or a failed
# check (the sanitizer build catches memory errors on them too).

. "${top_srcdir:-.}/tests/history/lib.sh"

for h in since url rows; do
	"$builddir/tests/fuzz/history-$h" "$srcdir/tests/fuzz/corpus/history-$h" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cnt=$(grep -c '^ok ' "$tmp/out")
	[ "$rc" = 0 ] && [ "$cnt" -gt 0 ]
	ok $? "history-$h: $cnt seed inputs pass"
done

tap_end
