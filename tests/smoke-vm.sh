#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# CI (.ci/run), not make check: "daxbench run --profile smoke" end to end
# in the emulated NV-DIMM guest, then check that the run is complete,
# every result parses, the paths are what they claim (statx DAX), the
# fault counts are DAX's (one per 2 MiB), and the plots exist when
# gnuplot is here.  TAP; about two minutes under TCG.  Run from a built
# tree (after make check, which builds tests/run/jget).
#
# Environment: top_srcdir, top_builddir (default: this script's tree),
# DAXBENCH_SMOKE_VM_OPTS (options for daxbench vm, e.g. --accel tcg).

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
DAXBENCH=$top_builddir/scripts/daxbench
JGET=$top_builddir/tests/run/jget
. "$top_srcdir/tests/tap.sh"

echo "TAP version 13"
if [ -z "${QEMU:-$(command -v qemu-system-x86_64)}" ]; then
	echo "1..0 # SKIP qemu-system-x86_64 is not installed"
	exit 0
fi
if [ ! -x "$JGET" ]; then
	(cd "$top_builddir" && make tests/run/jget >/dev/null) ||
		{ echo "Bail out! cannot build tests/run/jget"; exit 1; }
fi

tap_tmpdir smoke-vm

echo "1..8"
start=$(date +%s)
set -- --vm
[ -n "${DAXBENCH_SMOKE_VM_OPTS:-}" ] && set -- "--vm=$DAXBENCH_SMOKE_VM_OPTS"
"$DAXBENCH" run --profile smoke "$@" --out "$tmp" >"$tmp/run.out" 2>&1
rc=$?
echo "# daxbench run --profile smoke --vm: exit $rc after $(( $(date +%s) - start )) s"
run=$(ls -d "$tmp"/2*/ 2>/dev/null | head -n 1)
j() {
	"$JGET" "$run/run.json" "$1" 2>/dev/null
}
ok $rc "daxbench run --profile smoke in the guest exits 0"
[ $rc = 0 ] || tail -n 40 "$tmp/run.out" | diag

[ -n "$run" ] && [ "$(j status)" = complete ] && [ "$(j schema)" = daxbench-run ] &&
	[ "$(j vm.accelerator)" != null ] && [ "$(j vm.pmem)" != null ]
ok $? "run.json is complete and records the guest (vm: $(j vm.pmem), $(j vm.accelerator))"

# Paths: DAX where the guest mounted -o dax, as the kernel says (statx).
dax_of() {
	_i=0
	while [ $_i -lt "$(j paths.length)" ]; do
		if [ "$(j paths.$_i.name)" = "$1" ]; then
			j paths.$_i.dax
			return
		fi
		_i=$((_i + 1))
	done
	echo missing
}
[ "$(dax_of ext4-dax)" = true ] && [ "$(dax_of ext4-pagecache)" = false ] &&
	[ "$(dax_of tmpfs)" = false ]
ok $? "ext4-dax is DAX, ext4-pagecache and tmpfs are not (statx)"

# Every measurement: ok (or unsupported, with a reason) and its result
# file parses with the right schema.
bad=0
count=$(j measurements.length)
i=0
while [ $i -lt "${count:-0}" ]; do
	st=$(j measurements.$i.status)
	f=$(j measurements.$i.file)
	case $st in
	ok)
		[ "$("$JGET" "$run/$f" schema 2>/dev/null)" = daxbench-result ] || {
			echo "# $f does not parse"
			bad=1
		} ;;
	unsupported) ;;
	*)
		echo "# $(j measurements.$i.path) $(j measurements.$i.id): $st: $(j measurements.$i.reason)"
		bad=1 ;;
	esac
	i=$((i + 1))
done
[ "${count:-0}" -ge 20 ] && [ $bad = 0 ]
ok $? "all $count measurements ok and their results parse"

# DAX maps an aligned, freshly written file with one fault per 2 MiB:
# 8 MiB gives 4.  Through the page cache it is one per page: 2048.
faults_of() {
	"$JGET" "$run/measurements/$1/faults-write-2m.json" metrics.faults.values.0 2>/dev/null |
		awk '{ printf "%d", $1 }'
}
[ "$(faults_of ext4-dax)" = 4 ]
ok $? "ext4-dax: 4 write faults for 8 MiB (PMD faults; got $(faults_of ext4-dax))"
[ "$(faults_of ext4-pagecache)" = 2048 ]
ok $? "ext4-pagecache: 2048 write faults for 8 MiB (got $(faults_of ext4-pagecache))"

"$top_builddir/tools/daxbench-summary" "$run" >"$tmp/summary" 2>&1 &&
	grep -q 'ext4-dax/ext4-pagecache' "$tmp/summary" &&
	grep -q 'emulated CPU' "$tmp/summary"
ok $? "the summary has DAX/page-cache ratios and the TCG note"

if [ -n "${GNUPLOT:-$(command -v gnuplot)}" ]; then
	[ -s "$run/plots/faults.png" ] && [ -s "$run/plots/fio-bw.png" ] &&
		[ -s "$run/plots/fio-bw.svg" ]
	ok $? "plots exist ($(ls "$run/plots" 2>/dev/null | tr '\n' ' '))"
else
	skip plots "gnuplot is not installed"
fi

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
