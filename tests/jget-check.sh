#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: jget (tests/run/jget.c), the JSON reader of the shell
# tests, reads what the path names and nothing else: keys, indices, *,
# length, keys, [a.b], -i, JSON null, compact output of objects, and
# exit 1 / 2 / 3 for a bad file, bad usage and a missing path.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/tap.sh"
tap_tmpdir jget-check
tmp=${tmp:?}
j=$top_builddir/tests/run/jget
f=$tmp/r.json
echo "TAP version 13"
cat >"$f" <<'JSON'
{
  "status": "ok",
  "metrics": { "faults": { "values": [8, 8.6, null] },
               "length": { "values": [1] } },
  "p": { "50.000000": 37632, "a": true },
  "e": []
}
JSON

# is WANT JGET-ARGS...: jget prints WANT (lines joined by spaces), exit 0.
is() {
	_want=$1
	shift
	"$j" "$@" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	_got=$(tr '\n' ' ' <"$tmp/out")
	_got=${_got% }
	[ "$_rc" = 0 ] && [ "$_got" = "$_want" ] && [ ! -s "$tmp/err" ] && return 0
	echo "# jget $*: exit $_rc, got '$_got', want '$_want'"
	return 1
}

# fails RC JGET-ARGS...: jget exits RC, prints nothing, says why on stderr.
fails() {
	_want=$1
	shift
	"$j" "$@" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	[ "$_rc" = "$_want" ] && [ ! -s "$tmp/out" ] && grep -q . "$tmp/err"
}

is ok "$f" status
ok $? "a top-level string prints raw"
is "8 8.6 null" "$f" "metrics.faults.values.*"
ok $? "* prints every element, null as null"
is "8 9 null" -i "$f" "metrics.faults.values.*"
ok $? "-i rounds numbers to integers"
is "8.6" "$f" metrics.faults.values.1
ok $? "an index picks one element"
is 3 "$f" metrics.faults.values.length
ok $? "length of an array"
is '{"values":[1]}' "$f" metrics.length
ok $? "a member named length is a member; an object prints compact"
is "faults length" "$f" metrics.keys
ok $? "keys of an object"
is 37632 "$f" "p.[50.000000]"
ok $? "[a.b] names a key with dots in it"
is true "$f" p.a
ok $? "a boolean prints as JSON"
is 0 "$f" e.length
ok $? "an empty array has length 0"
fails 3 "$f" metrics.faults.values.3
ok $? "past the end of an array: exit 3"
fails 3 "$f" metrics.nope
ok $? "a missing key: exit 3"
fails 3 "$f" status.x
ok $? "a path through a string: exit 3"
is "" "$f" "e.*"
ok $? "* over an empty array prints nothing, exit 0"
printf '{"a": [1,' >"$tmp/bad.json"
fails 1 "$tmp/bad.json" a
ok $? "truncated JSON: exit 1"
fails 1 "$tmp/none.json" a
ok $? "a missing file: exit 1"
fails 2 "$f"
ok $? "no path: exit 2 with the usage"
fails 2 -x "$f" a
ok $? "an unknown option: exit 2 with the usage"

tap_end
