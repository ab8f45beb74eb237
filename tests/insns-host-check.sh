#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Instruction counts on the host, in TAP (docs/insns.md): a benchmark
# records its regions; with a PMU it counts them itself (source pmu),
# without one the insns_* metrics are absent and a note says why (this
# machine's host has none); daxbench-merge keeps every part's regions in
# repeat order; the QEMU plugin refuses what it cannot count (two vCPUs,
# an unknown argument) with the reason.  The guest side is
# tests/insns-check.sh.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/json.sh"
faults=$top_builddir/bench/daxbench-faults
merge=$top_builddir/tools/daxbench-merge
tap_tmpdir insns-host-check

echo "TAP version 13"

dir=${TMPDIR:-/tmp}
for k in 1 2; do
	"$faults" --dir "$dir" --size 1M --repeats 1 --output "$tmp/part$k.json" \
		>/dev/null 2>"$tmp/err"
	ok $? "daxbench-faults part $k runs"
done
f=$tmp/part1.json
[ "$(jv "$f" insns.regions.length)" = 1 ] && [ "$(jv "$f" insns.regions.0.repeat)" = 0 ] &&
	[ "$(jv "$f" insns.regions.0.units.4k)" = 256 ] &&
	[ -n "$(jv "$f" insns.regions.0.units.fault)" ]
ok $? "the result lists its region: id, repeat 0, 256 pages of 4 KiB, its faults"
id=$(jv "$f" insns.regions.0.id)
[ $((id >> 32)) -gt 0 ] && [ $((id & 0xffffffff)) = 1 ]
ok $? "the region id is the process id and a sequence number ($id)"

src=$(jv "$f" insns.source)
case $src in
pmu)
	[ -n "$(jv "$f" metrics.insns_user.values.0)" ] &&
		[ -n "$(jv "$f" metrics.insns_kernel_per_4k.values.0)" ]
	ok $? "a PMU here: insns_user and insns_kernel_per_4k counted" ;;
none)
	[ -z "$(jv "$f" metrics.insns_user)" ] && [ -z "$(jv "$f" metrics.insns_kernel)" ] &&
		jv "$f" notes | grep -q 'instruction counts absent: .*perf_event_open' &&
		[ -n "$(jv "$f" insns.note)" ]
	ok $? "no PMU here: no insns metrics, a note that says why" ;;
*)
	not_ok "insns.source is pmu or none (it is '$src')" ;;
esac
[ "$(jv "$f" schema_version)" = 2 ]
ok $? "the result is schema version 2"

"$merge" --output "$tmp/merged.json" "$tmp/part1.json" "$tmp/part2.json" 2>"$tmp/err"
ok $? "daxbench-merge joins the two parts"
m=$tmp/merged.json
[ "$(jv "$m" insns.regions.length)" = 2 ] && [ "$(jv "$m" insns.regions.0.repeat)" = 0 ] &&
	[ "$(jv "$m" insns.regions.1.repeat)" = 1 ] &&
	[ "$(jv "$m" insns.regions.1.id)" = "$(jv "$tmp/part2.json" insns.regions.0.id)" ]
ok $? "the merged result keeps both regions, as repeats 0 and 1"

# The plugin refuses what it cannot count, and says why.
plugin=$top_builddir/qemu-plugin/daxbench-insns.so
if [ -z "${QEMU:-}" ] || [ ! -f "$plugin" ]; then
	skip "the plugin refuses two vCPUs" "built without QEMU"
	skip "the plugin refuses an unknown argument" "built without QEMU"
	skip "the plugin's probe answers" "built without QEMU"
else
	"$QEMU" -M pc -smp 2 -accel tcg -display none -nodefaults \
		-plugin "$plugin,out=$tmp/smp2" </dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc != 0 ] && grep -q '^unsupported 2 vCPUs: .*needs -smp 1' "$tmp/smp2" &&
		grep -q 'daxbench-insns: unsupported: 2 vCPUs' "$tmp/err"
	ok $? "the plugin refuses two vCPUs: QEMU stops, the counts file and stderr say why (exit $rc)"
	"$QEMU" -M none -accel tcg -display none -nodefaults \
		-plugin "$plugin,out=$tmp/x,bogus=1" </dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc != 0 ] && grep -q "unknown argument 'bogus=1'" "$tmp/err"
	ok $? "the plugin refuses an unknown argument, naming it (exit $rc)"
	"$QEMU" -M none -accel tcg -display none -nodefaults \
		-plugin "$plugin,out=$tmp/probe,probe=on" </dev/null >/dev/null 2>&1
	grep -q '^probe ok api 1$' "$tmp/probe"
	ok $? "the plugin's probe answers: QEMU's plugin API is version 1"
fi

tap_end
