#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The daxbench front door: help, version, and clear refusals.
db="$top_builddir/scripts/daxbench"
. "$top_srcdir/tests/tap.sh"

echo "TAP version 13"
echo "1..5"
out=$("$db" --help 2>&1); ok $? "daxbench --help succeeds"
case $out in *"compare"*"report"*) r=0 ;; *) r=1 ;; esac; ok $r "help lists the commands"
out=$("$db" version); case $out in "daxbench "[0-9]*) r=0 ;; *) r=1 ;; esac
ok $r "version printed ($out)"
"$db" frobnicate >/dev/null 2>&1; r=$?; [ $r = 2 ]; ok $? "an unknown command exits 2"
err=$("$db" frobnicate 2>&1 >/dev/null); case $err in *"unknown command 'frobnicate'"*) r=0 ;; *) r=1 ;; esac
ok $r "the message names the unknown command"
[ "$failed" = 0 ]
