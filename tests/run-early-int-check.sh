#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Ctrl-C at any moment of `daxbench run`, the first second included
# (issue 15): nothing is left in $TMPDIR, no run stays "running", and
# nothing is left in the measured directories.  SIGINT is sent after a
# series of delays from 0 to 2 s, so that it lands at many points of the
# start-up on any machine; the checks hold whatever point it hit.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
DAXBENCH=$top_builddir/scripts/daxbench
JGET=$top_builddir/tests/run/jget
SIGDFL=$top_builddir/tests/run/sigdfl

. "$top_srcdir/tests/tap.sh"
tap_tmpdir run-early-int
echo "TAP version 13"

mkdir -p "$tmp/dax" "$tmp/pc" "$tmp/out" "$tmp/t"
cat >"$tmp/long.profile" <<PROFILE
repeats 200
run f all faults --size 64M
PROFILE

for d in 0 0.01 0.02 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.7 0.9 1.2 1.6 2; do
	rm -rf "$tmp/out"/* "$tmp/t"/*
	TMPDIR=$tmp/t "$SIGDFL" "$DAXBENCH" run --profile "$tmp/long.profile" \
		--dax "$tmp/dax" --pagecache "$tmp/pc" --out "$tmp/out" \
		--no-plot --no-summary --no-probe >/dev/null 2>"$tmp/err" &
	pid=$!
	sleep "$d"
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	left=$(ls -A "$tmp/t")
	[ -z "$left" ]
	ok $? "SIGINT after ${d}s: nothing left in \$TMPDIR (exit $rc${left:+; left: $left})"
	bad=
	for r in "$tmp"/out/*/; do
		[ -d "$r" ] || continue
		if [ ! -f "$r/run.json" ]; then
			bad="$bad ${r#"$tmp"/out/}: no run.json;"
		elif [ "$($JGET "$r/run.json" status)" = running ]; then
			bad="$bad ${r#"$tmp"/out/}: still running;"
		fi
	done
	[ -z "$bad" ]
	ok $? "SIGINT after ${d}s: no run left running or half made${bad:+ ($bad)}"
	left=$(find "$tmp/dax" "$tmp/pc" -mindepth 1 -name '*daxbench*')
	[ -z "$left" ]
	ok $? "SIGINT after ${d}s: nothing left in the measured directories${left:+ (left: $left)}"
done

tap_end
