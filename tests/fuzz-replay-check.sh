#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Replay every fuzz harness's seeds (tests/fuzz/corpus/NAME, and the
# inputs fuzzing found worth keeping) through the harness, without
# libFuzzer: each input must end without a crash (the sanitizer build
# of CI also catches memory errors and undefined behaviour on them).
# The history's harnesses are replayed by tests/history-fuzz.sh.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/tap.sh"
tap_tmpdir fuzz-replay
echo "TAP version 13"

while read -r name _; do
	case $name in ''|'#'*|history-*) continue ;; esac
	if ! [ -x "$top_builddir/tests/fuzz/replay-$name" ]; then
		skip "$name: seeds" "no replay program (tests/local.mk FUZZ_REPLAY)"
		continue
	fi
	TMPDIR=$tmp "$top_builddir/tests/fuzz/replay-$name" \
		"$top_srcdir/tests/fuzz/corpus/$name" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cnt=$(grep -c '^ok ' "$tmp/out")
	[ "$rc" = 0 ] && [ "$cnt" -gt 0 ]
	ok $? "$name: $cnt seed inputs pass (exit $rc)"
	[ "$rc" = 0 ] || tail -5 "$tmp/err" | sed 's/^/# /'
done <"$top_srcdir/tests/fuzz/harnesses"

tap_end
