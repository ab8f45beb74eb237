#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The readers of others' data on crafted input (issue 15): extreme but
# valid numbers, wrong JSON types, a FIFO, a symbolic link out of the
# run, terminal escapes, too many runs.  Each case must end in a result
# or a clear message with exit status 1 or 2: never an abort (134), a
# segfault (139), a hang or a silent default.

. "${top_srcdir:-.}/tests/analysis-lib.sh"

runjson=$builddir/tools/daxbench-runjson
fio2json=$builddir/tools/daxbench-fio2json
flatten=$builddir/tools/daxbench-flatten
fio=$srcdir/tests/run/fio-randread-4k-psync.1.json

# A generous bound, only so that a hang fails instead of blocking the
# suite; a reader that works returns at once.
if command -v timeout >/dev/null 2>&1; then
	bounded() { timeout 300 "$@"; }
else
	bounded() { "$@"; }
fi

# set_values FILE METRIC V1 V2 V3: a metric's three values replaced.
set_values() {
	awk -v m="\"$2\": {" -v a="$3" -v b="$4" -v c="$5" '
		index($0, m) { in_m = 1 }
		in_m && /"values"/ { in_v = 1; k = 0; print; next }
		in_v && /\]/ { in_v = 0; in_m = 0 }
		in_v { k++; v = k == 1 ? a : k == 2 ? b : c
		       print "        " v (k < 3 ? "," : ""); next }
		{ print }' "$1" >"$1.new" && mv "$1.new" "$1"
}

# ---- issue 15 defect 3: GSL on values near 1e100 ----
cp -R "$runs/base" "$tmp/big-a" && cp -R "$runs/regress" "$tmp/big-b"
f=measurements/ext4-dax/mmap-read-seq.json
set_values "$tmp/big-a/$f" bandwidth 1e100 1.1e100 0.9e100
set_values "$tmp/big-b/$f" bandwidth 1.3e100 1.2e100 1.25e100
grep -q '1.25e100' "$tmp/big-b/$f"
ok $? "1e100: the crafted values are in place"
run "$compare" --judge-emulated "$tmp/big-a" "$tmp/big-b"
[ "$rc" = 0 ] || [ "$rc" = 1 ]
ok $? "compare, values near 1e100: a verdict, not an abort (exit $rc)"
has '1\.250e\+100 .*bandwidth' "$tmp/out" "compare, values near 1e100: the means are shown"
run "$report" "$tmp/big-a" "$tmp/big-b"
is 0 "$rc" "report, values near 1e100: exit 0"

# ---- defect 4: every reader checks JSON types before use ----
cp -R "$runs/base" "$tmp/cmd"
sed 's/"command": \[/"command": "daxbench run", "was": [/' "$runs/base/run.json" \
	>"$tmp/cmd/run.json"
run "$report" "$runs/base" "$tmp/cmd"
[ "$rc" = 2 ] && grep -q 'run.json: "command" is not an array' "$tmp/err"
ok $? "report, \"command\" not an array: exit 2 naming it (exit $rc)"

for key in notes paths measurements; do
	for how in missing object; do
		"$runjson" init "$tmp/r.json" id smoke smoke.profile 3 -- x \
			>/dev/null 2>&1 || ok 1 "runjson init"
		if [ $how = missing ]; then
			sed "s/\"$key\":/\"was_$key\":/" "$tmp/r.json" >"$tmp/r2.json"
		else
			sed "s/\"$key\": *\[/\"$key\": {}, \"was_$key\": [/" \
				"$tmp/r.json" >"$tmp/r2.json"
		fi
		run "$runjson" note "$tmp/r2.json" hello
		[ "$rc" = 1 ] && grep -q "\"$key\" is missing or not an array" "$tmp/err"
		ok $? "runjson, \"$key\" $how: exit 1 naming it (exit $rc)"
	done
done

# fio_case NAME SED-SCRIPT MESSAGE: fio2json on a broken copy of fio's output.
fio_case() {
	sed "$2" "$fio" >"$tmp/fio.json"
	run "$fio2json" --json "$tmp/fio.json"
	[ "$rc" = 1 ] && grep -q -- "$3" "$tmp/err"
	ok $? "fio2json, $1: exit 1, says '$3' (exit $rc)"
}
fio_case '"global options" a string' \
	's/"global options" : {/"global options" : "x", "g" : {/' \
	'"global options" is not a JSON object'
fio_case '"job options" a number' \
	's/"job options" : {/"job options" : 7, "j" : {/' \
	'"job options" is not a JSON object'
fio_case '"jobs": [null]' \
	's/"jobs" : \[/"jobs" : [ null ], "x" : [/' 'the job is not a JSON object'
fio_case '"error" missing' '/"error" : 0,/d' '"error" is missing or not an errno'
fio_case '"error" 1e300' 's/"error" : 0,/"error" : 1e300,/' \
	'"error" is missing or not an errno'
fio_case '"error" huge' 's/"error" : 0,/"error" : 99999999999,/' \
	'"error" is missing or not an errno'
run "$fio2json" --json "$fio"
is 0 "$rc" "fio2json, fio's own output: still exit 0"

# ---- defect 9: FIFOs, symbolic links, terminal escapes, 27 runs ----
cp -R "$runs/base" "$tmp/fifo"
rm "$tmp/fifo/$f" && mkfifo "$tmp/fifo/$f"
run bounded "$compare" "$runs/base" "$tmp/fifo"
[ "$rc" = 2 ] && grep -q 'mmap-read-seq.json: not a regular file' "$tmp/err"
ok $? "compare, a FIFO as a result: refused at once, exit 2 (exit $rc)"
run bounded "$fio2json" --json "$tmp/fifo/$f"
[ "$rc" = 1 ] && grep -q 'not a regular file' "$tmp/err"
ok $? "fio2json, a FIFO: refused at once (exit $rc)"

cp -R "$runs/base" "$tmp/link"
cp "$runs/base/$f" "$tmp/secret.json"
rm "$tmp/link/$f" && ln -s "$tmp/secret.json" "$tmp/link/$f"
run "$compare" "$runs/base" "$tmp/link"
[ "$rc" = 2 ] && grep -q 'leads outside the run directory' "$tmp/err"
ok $? "compare, a symbolic link out of the run: refused (exit $rc)"
ln -s "$runs/base" "$tmp/base-link"
run "$compare" "$tmp/base-link" "$runs/base"
is 0 "$rc" "compare, a run reached through a symbolic link: still read"

esc=$(printf '\033')
cp -R "$runs/base" "$tmp/esc"
sed "s/\"run_id\": \"[^\"]*\"/\"run_id\": \"x\\\\u001b]2;owned\\\\u0007y\"/" \
	"$runs/base/run.json" >"$tmp/esc/run.json"
grep -q 'u001b' "$tmp/esc/run.json"
ok $? "escapes: the crafted run id is in place"
run "$compare" "$runs/base" "$tmp/esc"
[ "$rc" = 0 ] && ! grep -q "$esc" "$tmp/out" && grep -q 'x?\]2;owned?y' "$tmp/out"
ok $? "compare prints no terminal escape from run.json (exit $rc)"

set --
i=0
while [ $i -lt 27 ]; do
	set -- "$@" "$runs/base"
	i=$((i + 1))
done
run "$flatten" -o "$tmp" "$@"
[ "$rc" = 2 ] && grep -q '27 runs: at most 26' "$tmp/err"
ok $? "flatten, 27 runs: says that 26 is the limit (exit $rc)"

run "$builddir/bench/daxbench-faults" --size 16T --dir "$tmp"
[ "$rc" = 2 ] && grep -q -- 'faults: --size: too many touches' "$tmp/err"
ok $? "daxbench-faults --size 16T: names --size, not only --stride (exit $rc)"

tap_end
