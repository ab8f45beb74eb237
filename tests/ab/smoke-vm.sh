#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# CI (.ci/run), not make check: "daxbench ab" end to end with real
# guests, Debian's current 6.1 kernel (linux-image-amd64) against the
# newest 6.12 one apt knows, the smoke profile, two rounds a side (four
# guest boots: about three minutes under TCG here, plus fetching the
# kernels the first time).  Checks that the A/B completes with a verdict
# (exit 0 or 1, never 2 or a failure), that ab.json and report.txt say
# what ran, and that the fault counts the kernels share are DAX's.  TAP.
#
# Environment: top_srcdir, top_builddir (default: this script's tree),
# DAXBENCH_AB_VM_OPTS (options for daxbench vm; the default keeps a
# loaded host from failing the guests' early timer check, which panicked
# Debian's 6.12 here: "IO-APIC + timer doesn't work").

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
DAXBENCH=$top_builddir/scripts/daxbench
JGET=$top_builddir/tests/run/jget
. "$top_srcdir/tests/tap.sh"

echo "TAP version 13"
if [ -z "${QEMU:-$(command -v qemu-system-x86_64)}" ]; then
	echo "1..0 # SKIP qemu-system-x86_64 is not installed"
	exit 0
fi
if ! command -v apt-cache >/dev/null 2>&1 ||
   ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
	echo "1..0 # SKIP apt does not know Debian's kernel packages here"
	exit 0
fi
if [ ! -x "$JGET" ]; then
	(cd "$top_builddir" && make tests/run/jget >/dev/null) ||
		{ echo "Bail out! cannot build tests/run/jget"; exit 1; }
fi
tap_tmpdir ab-smoke-vm

start=$(date +%s)
"$DAXBENCH" ab deb:linux-image-amd64 deb:6.12 --profile smoke --rounds 2 \
	--vm "${DAXBENCH_AB_VM_OPTS---append no_timer_check}" --out "$tmp/ab" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
echo "# daxbench ab deb:linux-image-amd64 deb:6.12 --profile smoke --rounds 2: exit $rc after $(($(date +%s) - start)) s"
ok "$([ $rc -le 1 ]; echo $?)" "the A/B finished with a verdict (exit $rc)"
[ $rc -le 1 ] || diag "$tmp/err"
check "ab.json: complete" test "$("$JGET" "$tmp/ab/ab.json" status 2>/dev/null)" = complete
check "four rounds ok" test "$(grep -c "$(printf '^round\t[12]\t\\(base\\|test\\)\tok\t')" "$tmp/ab/ab.state" 2>/dev/null)" = 4
check "the report names a 6.1 and a 6.12 release" \
	sh -c "grep -q 'release 6\\.1\\.' '$tmp/ab/report.txt' && grep -q 'release 6\\.12\\.' '$tmp/ab/report.txt'"
check "the report fits 72 columns" awk 'length > 72 { exit 1 }' "$tmp/ab/report.txt"
check "the report went to stdout" cmp -s "$tmp/out" "$tmp/ab/report.txt"
# Both kernels map a 2 MiB-aligned 8 MiB DAX file with 4 PMD faults.
check "ext4-dax 2 MiB-aligned write faults: 4 on both kernels" \
	sh -c "grep -A 1 '^ext4-dax faults-write-2m\$' '$tmp/ab/report.txt' | grep -q -E '^ +4 +\\+0\\.0% +4 +faults\$'"
[ "$failed" = 0 ] || { diag "$tmp/err"; diag "$tmp/ab/report.txt"; }
tap_end
