#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A profile is data: scripts/run/profile.sh must never run what it
# holds.  Crafted profiles with $(...), back-quotes, globs and quotes in
# every field either give a plan whose words are the profile's text, or
# a syntax error naming the line; no payload creates its file.

# shellcheck disable=SC2016 # the payloads are literal text on purpose
set -u
srcdir=${top_srcdir:-$(pwd)}
. "$srcdir/tests/tap.sh"
tap_tmpdir profile-inject
echo "TAP version 13"

DB_NAME="daxbench run"
db_data() { echo "$srcdir/$1"; }
. "$srcdir/scripts/run/profile.sh"

mkdir -p "$tmp/work" && cd "$tmp/work" || exit 1
: >"$tmp/work/existing-file"

# plan PROFILE-TEXT: profile_plan on it; output in $tmp/plan, $tmp/err.
plan() {
	printf '%s\n' "$1" >"$tmp/p.profile"
	profile_plan "$tmp/p.profile" "ext4-dax tmpfs" "" >"$tmp/plan" 2>"$tmp/err"
	rc=$?
}

plan 'run f all faults --size $(touch pwn-1) `touch pwn-2` * "x'"'"'y"'
[ "$rc" = 0 ] && grep -q '^f ext4-dax faults [^ ]* 600 --size $(touch pwn-1) `touch pwn-2` \* "x'"'"'y"$' "$tmp/plan"
ok $? "benchmark arguments stay words, unexpanded, unglobbed"

plan 'run $(touch${IFS}pwn-3) all faults'
[ "$rc" = 1 ] && grep -q "bad measurement id" "$tmp/err"
ok $? "an id with \$(...): refused, naming it"

plan 'fio bs=`touch${IFS}pwn-4`
run r all fio psync size=$(touch${IFS}pwn-5)'
[ "$rc" = 0 ] && grep -q '^r tmpfs fio [^ ]* 600 psync bs=`touch${IFS}pwn-4` size=$(touch${IFS}pwn-5)$' "$tmp/plan"
ok $? "fio settings stay text"
cp "$tmp/plan" "$tmp/fio.plan"

plan 'run g $(touch${IFS}pwn-6),all faults'
[ "$rc" = 1 ] && grep -q "bad path name" "$tmp/err"
ok $? "a path list with \$(...): refused"

plan 'repeats `touch pwn-7`'
[ "$rc" = 1 ] && grep -q "repeats needs one number" "$tmp/err"
ok $? "repeats with back-quotes: refused"

# What daxbench run does with a plan line: words, no globbing, no eval.
set -f
# shellcheck disable=SC2046 # the plan's words, as daxbench-run splits them
set -- $(sed -n 1p "$tmp/fio.plan")
set +f
[ "$#" -ge 8 ] && [ "$6" = psync ]
ok $? "a plan line splits into words"

pwned=$(cd "$tmp" && find . -name 'pwn-*' | tr '\n' ' ')
[ -z "$pwned" ]
ok $? "no payload ran (found: '$pwned')"

tap_end
