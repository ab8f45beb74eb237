#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest instruction counts (docs/insns.md), in TAP: one TCG guest with the
# daxbench-insns plugin, while every host CPU is kept busy by a hog, so
# that the counts are seen not to move with the host's load:
#
#  - a calibration region with a known count: 2N + 2 user instructions;
#  - daxbench-faults, ext4-dax, 64 MiB, --align 2m, write, 3 repeats, run
#    twice: the user count identical in all six, the kernel count within
#    1% (max - min over min);
#  - one guest, first-touch writes: kernel instructions per 4 KiB of a
#    2 MiB-aligned DAX mapping < the page cache < a misaligned DAX mapping
#    (docs/insns.md: a misaligned DAX write allocates and zeroes a block
#    and logs its metadata in every 4 KiB fault, the page cache leaves
#    allocation to writeback, outside the region);
#  - the counts joined into the results (metrics, source, top functions);
#  - bad input: counts that do not match the regions, a plugin that QEMU
#    cannot load: a clear message, and the results kept.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
db=$top_builddir/scripts/daxbench
calib=$top_builddir/tests/insns/insns-calib
. "$top_srcdir/tests/tap.sh"
tap_tmpdir insns-check

echo "TAP version 13"

if [ -n "${DAXBENCH_NO_VM:-}" ]; then
	skip "instruction counts in the guest" "DAXBENCH_NO_VM is set"
	tap_end
	exit
fi
if [ -z "${QEMU:-}" ] || [ ! -f "$top_builddir/qemu-plugin/daxbench-insns.so" ]; then
	skip "instruction counts in the guest" "built without QEMU (no plugin)"
	tap_end
	exit
fi

hogs=
tap_cleanup() {
	for p in $hogs; do
		kill "$p" 2>/dev/null
	done
}

# ---- one guest, the host loaded

cat >"$tmp/guest.sh" <<'EOF'
set -e
O=$DAXBENCH_OUT
T=/usr/share/daxbench-tests
$T/insns-calib 1000000 >$O/calib1
$T/insns-calib 3000000 >$O/calib2
for r in 1 2; do
	daxbench-faults --dir /mnt/ext4-dax --size 64M --align 2m --access write \
		--output $O/dax-2m-$r.json >/dev/null
done
daxbench-faults --dir /mnt/ext4-dax --size 64M --align misaligned --access write \
	--repeats 1 --output $O/dax-misaligned.json >/dev/null
daxbench-faults --dir /mnt/ext4-pagecache --size 64M --access write \
	--repeats 1 --output $O/pagecache.json >/dev/null
EOF

i=0
while [ $i -lt "$(nproc)" ]; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
	i=$((i + 1))
done
echo "# host: $i CPU hog(s) running"
t0=$(date +%s)
# No fixed time limit below daxbench vm's own: a loaded host is slow.
"$db" vm --accel tcg --quiet --timeout 3000 --out "$tmp/out" \
	--add "$calib:/usr/share/daxbench-tests/insns-calib" \
	--add "$tmp/guest.sh:/usr/share/daxbench-tests/guest.sh" \
	-- sh /usr/share/daxbench-tests/guest.sh >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
tap_cleanup
hogs=
echo "# daxbench vm took $(($(date +%s) - t0)) s with the host loaded"
diag "$tmp/stderr"
log=$tmp/out/vm-insns.log
if [ "$rc" != 0 ] || ! grep -q '^end regions' "$log" 2>/dev/null; then
	not_ok "the guest ran and the plugin wrote its counts (exit $rc)"
	diag "$tmp/stdout"
	tap_end
	exit
fi
pass "the guest ran and the plugin wrote its counts"
diag "$log"

# region N FIELD: FIELD (user or kernel) of the Nth region counted.
region() {
	grep '^region ' "$log" | sed -n "$1p" | awk -v f="$2" '{
		for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }'
}

# ---- calibration: the region holds 2N + 2 user instructions
for iters in 1000000 3000000; do
	k=$([ $iters = 1000000 ] && echo 1 || echo 2)
	id=$(cat "$tmp/out/calib$k")
	got=$(awk -v id="$id" '$1 == "region" && $2 == id { print $4 }' "$log")
	[ "$got" = $((2 * iters + 2)) ]
	ok $? "calibration loop of $iters iterations: $((2 * iters + 2)) user instructions (counted: $got)"
done

# ---- daxbench-faults, ext4-dax, aligned: regions 3 to 8
users=
kernels=
for r in 3 4 5 6 7 8; do
	users="$users $(region $r user)"
	kernels="$kernels $(region $r kernel)"
done
[ "$(echo "$users" | tr ' ' '\n' | sed '/^$/d' | sort -u | wc -l)" = 1 ]
ok $? "ext4-dax 2 MiB write: the user count is identical in 3 repeats x 2 runs:$users"
spread=$(echo "$kernels" | awk '{ mn = mx = $1
	for (i = 2; i <= NF; i++) { if ($i < mn) mn = $i; if ($i > mx) mx = $i }
	printf "%.3f", (mx - mn) * 100 / mn }')
awk -v s="$spread" 'BEGIN { exit !(s <= 1.0) }'
ok $? "ext4-dax 2 MiB write: kernel counts within 1% (spread $spread%):$kernels"

# ---- the order in one guest: kernel instructions per 4 KiB
per4k() {
	awk -v k="$(region "$1" kernel)" 'BEGIN { printf "%.0f", k / 16384 }'
}
a=$(per4k 3)
m=$(per4k 9)
p=$(per4k 10)
[ "$a" -lt "$p" ] && [ "$p" -lt "$m" ]
ok $? "kernel instructions per 4 KiB written: DAX 2 MiB-aligned $a < page cache $p < DAX misaligned $m"

# ---- joined into the results
f=$tmp/out/dax-2m-1.json
grep -q '"source":"tcg-plugin"' "$f" && grep -q '"insns_user":' "$f" &&
	grep -q '"insns_kernel_per_fault":' "$f" && grep -q '"insns_kernel_per_4k":' "$f"
ok $? "the result has insns_user, insns_kernel_per_fault, _per_4k, source tcg-plugin"
sed -n '/"top_kernel_functions"/,$p' "$f" | grep -q -e dax -e pmem
ok $? "its top kernel functions are named from the guest's kallsyms (a dax or pmem one)"
grep -q '"schema_version":2' "$f"
ok $? "the joined result is schema version 2"

# ---- bad input: counts that do not hold the result's regions
cp "$tmp/out/pagecache.json" "$tmp/pc.json"
grep -v -e '^region' -e '^[0-9a-f]* [0-9]*$' "$log" >"$tmp/nocounts"
"$top_builddir/tools/insns/daxbench-insns-join" --counts "$tmp/nocounts" "$tmp/pc.json" \
	>/dev/null 2>"$tmp/err"
jrc=$?
[ $jrc = 1 ] && grep -q 'counted none of' "$tmp/pc.json" &&
	! grep -q '"insns_user":' "$tmp/pc.json" && grep -q '"faults":' "$tmp/pc.json"
ok $? "counts without the result's regions: exit 1, a note, no insns metrics, the rest kept (exit $jrc)"

# ---- bad input: a plugin that QEMU cannot load
echo "not an ELF object" >"$tmp/bad.so"
# shellcheck disable=SC2016 # $DAXBENCH_OUT is the guest's
DAXBENCH_INSNS_PLUGIN=$tmp/bad.so "$db" vm --accel tcg --quiet --timeout 3000 \
	--out "$tmp/bad" -- sh -c 'daxbench-faults --dir /mnt/ext4-dax --size 4M \
	--repeats 1 --output "$DAXBENCH_OUT/f.json"' >/dev/null 2>"$tmp/err"
brc=$?
grep -q 'could not load the plugin' "$tmp/err" && [ $brc = 0 ] &&
	grep -q 'instruction counts absent: QEMU could not load' "$tmp/bad/f.json" &&
	grep -q '"faults":' "$tmp/bad/f.json"
ok $? "a plugin QEMU cannot load: a warning, the run goes on, its result says why (exit $brc)"
diag "$tmp/err"

tap_end
