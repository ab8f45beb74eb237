#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench run on the host, in seconds: fio conversion of a committed fio
# json+ fixture, a rig-mode run on two host directories (a tmpfs one given
# as --dax must be recorded as not DAX), Ctrl-C in the middle of a run,
# a missing benchmark, and bad input.  TAP.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
T=$top_srcdir/tests/run
DAXBENCH=$top_builddir/scripts/daxbench
FIO2JSON=$top_builddir/tools/daxbench-fio2json
JGET=$top_builddir/tests/run/jget
FIO=${FIO-$(command -v fio)}

. "$top_srcdir/tests/tap.sh"

tap_tmpdir run-check
# A tmpfs directory for the "--dax" role when the host has one.
shm=
[ -d /dev/shm ] && [ -w /dev/shm ] && shm=$(mktemp -d /dev/shm/run-check.XXXXXX)
tap_cleanup() {
	[ -n "$shm" ] && rm -rf "$shm"
}
mkdir "$tmp/pc" "$tmp/out"
dax=${shm:-$tmp/dax}
mkdir -p "$dax"

echo "TAP version 13"
echo "1..36"

# ---- fio2json on the committed fixture --------------------------------

$FIO2JSON --output "$tmp/r.json" --raw-out "$tmp/raw.json" --dir "$tmp" \
	--job-file psync.fio "$T/fio-randread-4k-psync.1.json" \
	"$T/fio-randread-4k-psync.2.json" >/dev/null 2>"$tmp/err"
ok $? "fio2json converts two repeats of a real fio json+ output"
want="$($JGET "$T/fio-randread-4k-psync.1.json" jobs.0.read.iops) $($JGET "$T/fio-randread-4k-psync.2.json" jobs.0.read.iops)"
got="$($JGET "$tmp/r.json" metrics.read_iops.values.0) $($JGET "$tmp/r.json" metrics.read_iops.values.1)"
[ "$(echo "$want" | awk '{ printf "%.3f %.3f", $1, $2 }')" = \
  "$(echo "$got" | awk '{ printf "%.3f %.3f", $1, $2 }')" ]
ok $? "read_iops holds fio's iops, one value per repeat ($got)"
[ "$($JGET "$tmp/r.json" metrics.read_bw.unit)" = B/s ] &&
	[ "$($JGET "$tmp/r.json" metrics.read_clat_p99_ns.better)" = lower ] &&
	[ "$($JGET "$tmp/r.json" benchmark)" = fio ] &&
	[ "$($JGET "$tmp/r.json" parameters.rw)" = randread ] &&
	[ "$($JGET "$tmp/r.json" parameters.repeats)" = 2 ] &&
	[ "$($JGET "$tmp/r.json" metrics.write_bw)" = "" ] 2>/dev/null
ok $? "units, directions, fio options as parameters; no write metrics for a read job"
[ "$($JGET "$tmp/raw.json" length)" = 2 ]
ok $? "--raw-out keeps fio's output of both repeats"

$FIO2JSON --output "$tmp/m.json" "$T/fio-randread-4k-psync.1.json" \
	"$T/fio-write-2m-mmap.1.json" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q 'fio-write-2m-mmap.1.json: job options differ' "$tmp/err" &&
	[ ! -e "$tmp/m.json" ]
ok $? "fio2json refuses repeats with different job options, naming the file"

head -c 3000 "$T/fio-write-2m-mmap.1.json" >"$tmp/trunc.json"
$FIO2JSON --output "$tmp/t.json" "$tmp/trunc.json" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q 'trunc.json: malformed or truncated' "$tmp/err" &&
	[ ! -e "$tmp/t.json" ]
ok $? "fio2json refuses a truncated file with a message naming it"

# ---- bad input: a message, exit 2, no run directory -------------------

bad() {
	_what=$1 _pattern=$2
	shift 2
	"$DAXBENCH" run --out "$tmp/out" "$@" >"$tmp/out.txt" 2>"$tmp/err"
	_rc=$?
	if [ $_rc = 2 ] && grep -q -- "$_pattern" "$tmp/err" &&
	   [ -z "$(ls "$tmp/out")" ]; then
		ok 0 "$_what"
	else
		ok 1 "$_what (exit $_rc)"
		diag <"$tmp/err"
	fi
}
bad "unknown profile" "no such profile" --profile nosuch --pagecache "$tmp/pc"
bad "missing --dax directory" "no such directory" --dax "$tmp/nonexistent"
bad "--repeats 0" "expected a whole number" --repeats 0 --pagecache "$tmp/pc"
bad "--repeats abc" "expected a whole number" --repeats abc --pagecache "$tmp/pc"
bad "unknown option" "unknown option" --frobnicate
bad "--path without =" "expected NAME=DIR" --path "$tmp/pc"
bad "profile errors name file and line" "broken.profile:3: repeats needs" \
	--profile "$T/broken.profile" --pagecache "$tmp/pc"
grep -q "broken.profile:5: --output is set by daxbench run" "$tmp/err" &&
	grep -q "broken.profile:6: unknown directive 'frobnicate'" "$tmp/err" &&
	grep -q "broken.profile:7: no fio job 'nosuchjob'" "$tmp/err"
ok $? "every profile error is reported"
for p in smoke quick full; do
	"$DAXBENCH" run --profile $p --path "x=$tmp/nonexistent" >/dev/null 2>"$tmp/err"
	[ $? = 2 ] && ! grep -q "profile" "$tmp/err" && grep -q "no such directory" "$tmp/err"
	ok $? "the shipped profile $p has no errors"
done

# ---- the exit-code contract: 3 is recorded as unsupported --------------

# One refused combination per benchmark (docs/exit-codes.md).
DB_LAT_HIDE_ENGINES=libaio "$DAXBENCH" run --profile "$T/refused.profile" \
	--pagecache "$tmp/pc" --out "$tmp/out" --no-plot >/dev/null 2>"$tmp/err"
rc=$?
for run in "$tmp"/out/*/; do break; done
for i in 0 1 2; do
	id=$($JGET "$run/run.json" measurements.$i.id 2>/dev/null)
	st=$($JGET "$run/run.json" measurements.$i.status 2>/dev/null)
	[ $rc = 0 ] && [ "$st" = unsupported ] &&
		[ -n "$($JGET "$run/run.json" measurements.$i.reason)" ]
	ok $? "a refused ${id:-measurement $i} (exit 3) is recorded as unsupported with its reason (status '$st', run exit $rc)"
done
rm -rf "$tmp/out"/*

# A character device as a path (device-dax on a rig): the benchmarks
# that map a device get it as --file (here refused: /dev/null is not
# device-dax), the others are recorded unsupported; nothing is made in /dev.
"$DAXBENCH" run --profile "$T/refused.profile" --path dev=/dev/null \
	--out "$tmp/out" --no-plot >/dev/null 2>"$tmp/err"
rc=$?
for run in "$tmp"/out/*/; do break; done
[ $rc = 0 ] &&
	[ "$($JGET "$run/run.json" measurements.0.status)" = unsupported ] &&
	$JGET "$run/run.json" measurements.0.reason | grep -q "not a device-dax device" &&
	[ "$($JGET "$run/run.json" measurements.1.status)" = unsupported ] &&
	$JGET "$run/run.json" measurements.2.reason | grep -q "needs a filesystem" &&
	[ -z "$(find /dev -maxdepth 1 -name '.daxbench-*' 2>/dev/null)" ]
ok $? "a character-device path: faults and mmap map it (refused: not device-dax), lat is unsupported (run exit $rc)"
rm -rf "$tmp/out"/*

# ---- a rig-mode run on host directories -------------------------------

no_leftovers() {
	[ -z "$(ls -A "$dax")" ] && [ -z "$(ls -A "$tmp/pc")" ]
}

if [ -z "$FIO" ]; then
	for t in "rig-mode run" "run.json complete" "paths" "measurements parse" \
		"no leftovers" "summary" "missing benchmark" "Ctrl-C exit" \
		"Ctrl-C run.json" "Ctrl-C cleanup" "noise probe" "noise during" \
		"fio in turn" "benchmark in turn" "merged results"; do
		skip "$t" "fio is not installed"
	done
	echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:15 error:0"
	[ $failed = 0 ]
	exit
fi

"$DAXBENCH" run --profile "$T/tiny.profile" --dax "$dax" --pagecache "$tmp/pc" \
	--out "$tmp/out" --no-plot >"$tmp/summary.txt" 2>"$tmp/err"
rc=$?
run=$(ls -d "$tmp"/out/*/ 2>/dev/null | head -n 1)
ok $rc "rig-mode run of a tiny profile exits 0"
[ $rc = 0 ] || diag <"$tmp/err"
[ "$($JGET "$run/run.json" status)" = complete ] &&
	[ "$($JGET "$run/run.json" schema)" = daxbench-run ] &&
	[ "$($JGET "$run/run.json" measurements.length)" = 4 ]
ok $? "run.json: complete, 4 measurements"

# The --dax directory: named by what it is, never claimed to be DAX.
p0=$($JGET "$run/run.json" paths.0.name)
d0=$($JGET "$run/run.json" paths.0.dax)
p1=$($JGET "$run/run.json" paths.1.name)
if [ -n "$shm" ]; then
	[ "$p0" = tmpfs ] && [ "$d0" = false ] && [ "$p1" != "$p0" ]
else
	[ "$d0" = false ] && [ "$p1" != "$p0" ]
fi
ok $? "a non-DAX --dax directory is recorded as $p0, dax $d0"

all=0
i=0
while [ $i -lt 4 ]; do
	f=$($JGET "$run/run.json" measurements.$i.file)
	[ "$($JGET "$run/run.json" measurements.$i.status)" = ok ] &&
		[ "$($JGET "$run/$f" schema)" = daxbench-result ] &&
		[ "$($JGET "$run/$f" metrics.minf.values.length)" = 2 ] &&
		[ -s "$run/$($JGET "$run/run.json" measurements.$i.raw)" ] || all=1
	i=$((i + 1))
done
ok $all "every measurement file parses and has 2 repeats"
no_leftovers && [ -z "$(find "$run" -name '*.tmp.*')" ]
ok $? "nothing left in the measured directories or temp files in the run"
grep -q "^$p0 " "$tmp/summary.txt" && grep -q "fio-write-2m-mmap" "$tmp/summary.txt" &&
	grep -q "No DAX path in this run" "$tmp/summary.txt"
ok $? "summary table printed, no DAX ratio claimed"
# The noise probe: its readings before and after, and its verdict.
[ "$($JGET "$run/run.json" noise.before.bursts)" -ge 3 ] 2>/dev/null &&
	[ "$($JGET "$run/run.json" noise.after.bursts)" -ge 3 ] 2>/dev/null &&
	[ "$($JGET "$run/$($JGET "$run/run.json" noise.before.file)" benchmark)" = noise ] &&
	case $($JGET "$run/run.json" noise.verdict) in
	stable|noisy) true ;;
	*) false ;;
	esac
ok $? "run.json holds the noise probe's readings and its verdict ($($JGET "$run/run.json" noise.verdict))"
# Two paths: repeat 1 on both before repeat 2 on either.
order=$(sed -n 's/.*\] \([^ ]*\) fio-randread-4k-psync (\([0-9]\) of 2 repeats).*/\1:\2/p' \
	"$tmp/err" | tr '\n' ' ')
[ "$order" = "$p0:1 $p1:1 $p0:2 $p1:2 " ]
ok $? "fio on two paths: the repeats in turn ($order)"
# The sampler takes a burst at once, however short the run.
[ "$($JGET "$run/run.json" noise.during.bursts)" -ge 1 ] 2>/dev/null
ok $? "the sampler ran during the measurements"

# A daxbench benchmark on two paths: a repeat at a time, in turn, the
# repeats joined into one result per path (daxbench-merge).
rm -rf "$tmp/out"/*
"$DAXBENCH" run --profile "$T/turns.profile" --dax "$dax" --pagecache "$tmp/pc" \
	--out "$tmp/out" --no-plot --no-probe >/dev/null 2>"$tmp/err"
rc=$?
run=$(ls -d "$tmp"/out/*/ | head -n 1)
order=$(sed -n 's/.*\] \([^ ]*\) faults-turns (repeat \([0-9]\) of 2, paths in turn).*/\1:\2/p' \
	"$tmp/err" | tr '\n' ' ')
[ $rc = 0 ] && [ "$order" = "$p0:1 $p1:1 $p0:2 $p1:2 " ]
ok $? "a benchmark on two paths: the repeats in turn ($order)"
[ $rc = 0 ] || diag <"$tmp/err"
f0=$($JGET "$run/run.json" measurements.0.file)
f1=$($JGET "$run/run.json" measurements.1.file)
[ "$($JGET "$run/run.json" measurements.length)" = 2 ] &&
	[ "$($JGET "$run/$f0" metrics.faults.values.length)" = 2 ] &&
	[ "$($JGET "$run/$f1" metrics.faults.values.length)" = 2 ] &&
	[ "$($JGET "$run/$f0" parameters.repeats)" = 2 ] &&
	grep -q 'in turn with the same measurement' "$run/$f0" &&
	! $JGET "$run/run.json" noise >/dev/null 2>&1
ok $? "one result per path with both repeats and the note; --no-probe probes nothing"

rm -rf "$tmp/out"/*
"$DAXBENCH" run --profile "$T/missing.profile" --pagecache "$tmp/pc" \
	--out "$tmp/out" --no-plot >/dev/null 2>"$tmp/err"
rc=$?
run=$(ls -d "$tmp"/out/*/ | head -n 1)
[ $rc = 1 ] && [ "$($JGET "$run/run.json" status)" = complete ] &&
	[ "$($JGET "$run/run.json" measurements.0.status)" = failed ] &&
	[ "$($JGET "$run/run.json" measurements.0.reason)" = \
	  "daxbench-nosuchbench is not built or installed" ] &&
	[ "$($JGET "$run/run.json" measurements.1.status)" = ok ]
ok $? "a missing benchmark is a failed measurement; the run goes on, exit 1"

# ---- Ctrl-C -------------------------------------------------------------

rm -rf "$tmp/out"/*
# sigdfl: the background run must not start with SIGINT ignored (as a
# plain "&" in a script would), or it could not trap it.
"$top_builddir/tests/run/sigdfl" "$DAXBENCH" run --profile "$T/stop.profile" --dax "$dax" --pagecache "$tmp/pc" \
	--out "$tmp/out" --no-plot >/dev/null 2>"$tmp/err" &
pid=$!
# Wait for the long measurement to start: the short one is in run.json.
i=0
while [ $i -lt 200 ]; do
	grep -q ' long (' "$tmp/err" 2>/dev/null && break
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
run=$(ls -d "$tmp"/out/*/ | head -n 1)
ok "$([ "$rc" = 130 ]; echo $?)" "SIGINT stops the run with exit 130 ($rc)"
[ "$($JGET "$run/run.json" status)" = incomplete ] &&
	$JGET "$run/run.json" reason | grep -q 'interrupted by SIGINT during' &&
	[ "$($JGET "$run/run.json" measurements.0.id)" = short ] &&
	[ "$($JGET "$run/run.json" measurements.0.status)" = ok ]
rc=$?
ok $rc "run.json says incomplete and why; completed measurements kept"
[ $rc = 0 ] || diag <"$tmp/err"
no_leftovers && [ -z "$(find "$run" -name '*.tmp.*')" ]
ok $? "nothing left in the measured directories after SIGINT"

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
