#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench ab's rounds, without a guest: a stand-in for "daxbench run"
# (DAXBENCH_AB_RUN) copies a fixture run where the real one would boot
# the kernel, and can hang, or play a kernel that does not boot.  Two
# fake bzImages stand for BASE and TEST.  Checks the interleaving, the
# A/B directory and its state, the report and exit status, Ctrl-C (the
# completed rounds kept, the A/B incomplete, no child left running, exit
# 130), a kernel that does not boot (its console shown, the A/B stopped,
# exit 1), and bad input (exit 2).  The real thing, with guests, is
# tests/ab/smoke-vm.sh.

. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
db=$top_builddir/scripts/daxbench
sigdfl=$top_builddir/tests/run/sigdfl
fx=$top_srcdir/tests/fixtures/runs
tap_tmpdir ab-check

[ -x "$db" ] || { echo "1..0 # SKIP scripts/daxbench not built"; exit 0; }

# fake_kernel FILE RELEASE: a bzImage header naming RELEASE.
fake_kernel() {
	dd if=/dev/zero of="$1" bs=1024 count=1 2>/dev/null
	printf 'HdrS' | dd of="$1" bs=1 seek=514 conv=notrunc 2>/dev/null
	printf '\000\001' | dd of="$1" bs=1 seek=526 conv=notrunc 2>/dev/null
	printf '%s (fake) #1\000' "$2" | dd of="$1" bs=1 seek=768 conv=notrunc 2>/dev/null
}
fake_kernel "$tmp/base.bzImage" 9.9.1-base
fake_kernel "$tmp/test.bzImage" 9.9.2-test

# The stand-in: "run --profile P --vm=OPTS --out DIR --no-plot ...".
cat >"$tmp/fakerun" <<'EOF'
#!/bin/sh
out=
vm=
for a in "$@"; do
	case $a in --vm=*) vm=${a#--vm=} ;; esac
	[ "$prev" = --out ] && out=$a
	prev=$a
done
case $vm in *base.bzImage*) side=base ;; *) side=test ;; esac
echo "$side" >>"$FAKE_DIR/order"
n=$(wc -l <"$FAKE_DIR/order")
id=run-$n
if [ "${FAKE_HANG:-0}" = "$n" ]; then
	echo $$ >"$FAKE_DIR/hung.pid"
	trap 'kill $s 2>/dev/null; exit 143' TERM
	trap 'kill $s 2>/dev/null; exit 130' INT
	sleep 300 &
	s=$!
	wait $s
	exit 1
fi
if [ "${FAKE_NOBOOT:-}" = "$side" ]; then
	mkdir -p "$out/$id/logs"
	sed 's/"status": "complete"/"status": "incomplete"/' "$FAKE_FX/base/run.json" >"$out/$id/run.json"
	printf '[    0.05] Kernel panic - not syncing: VFS: Unable to mount root fs\n[    0.05] ---[ end Kernel panic ]---\n' \
		>"$out/$id/logs/vm-console.log"
	exit 1
fi
cp -R "$FAKE_FX/$(cat "$FAKE_DIR/$side.fx")" "$out/$id"
EOF
chmod +x "$tmp/fakerun"
export DAXBENCH_AB_RUN="$tmp/fakerun" FAKE_FX="$fx"

# ab DIR ARGS...: daxbench ab BASE TEST ARGS into DIR; its status.
ab() {
	_d=$1
	shift
	export FAKE_DIR="$tmp/$_d.fake"
	mkdir -p "$FAKE_DIR"
	echo "${BASE_FX:-base}" >"$FAKE_DIR/base.fx"
	echo "${TEST_FX:-base}" >"$FAKE_DIR/test.fx"
	"$db" ab "$tmp/base.bzImage" "$tmp/test.bzImage" --profile smoke --out "$tmp/$_d" "$@" \
		>"$tmp/$_d.out" 2>"$tmp/$_d.err"
}

# ---- a complete A/B --------------------------------------------------
ab same --rounds 3
rc=$?
ok "$([ $rc -eq 0 ]; echo $?)" "same runs on both sides: exit 0 (got $rc)"
[ $rc -eq 0 ] || diag "$tmp/same.err"
check "rounds interleaved BASE, TEST, BASE, TEST, BASE, TEST" \
	test "$(tr '\n' ' ' <"$tmp/same.fake/order")" = "base test base test base test "
check "state: complete" grep -q "$(printf '^status\tcomplete$')" "$tmp/same/ab.state"
check "state: six rounds ok" test "$(grep -c "$(printf '^round\t[1-3]\t\\(base\\|test\\)\tok\t')" "$tmp/same/ab.state")" = 6
check "state: both kernels' releases" grep -q "$(printf 'side\ttest\trelease\t9.9.2-test')" "$tmp/same/ab.state"
check "each round's run in runs/N-SIDE" test -f "$tmp/same/runs/3-test/run-6/run.json"
check "report.txt and ab.json written" test -s "$tmp/same/report.txt" -a -s "$tmp/same/ab.json"
check "the report went to stdout" cmp -s "$tmp/same.out" "$tmp/same/report.txt"
check "the report's reproduce command" sh -c "sed -n '/^Reproduce:/,/^\$/p' '$tmp/same/report.txt' |
	tr -d '\\\\\n' | grep -q 'daxbench ab .*base.bzImage .*test.bzImage .*--profile smoke'"

TEST_FX=rig-regress BASE_FX=rig-base ab reg --rounds 2
rc=$?
ok "$([ $rc -eq 1 ]; echo $?)" "a regression (KVM times): exit 1 (got $rc)"
check "a regression: headed in the report" grep -q 'noticed a' "$tmp/reg/report.txt"

# ---- Ctrl-C in the third round ---------------------------------------
export FAKE_DIR="$tmp/int.fake"
mkdir -p "$FAKE_DIR"
echo base >"$FAKE_DIR/base.fx"
echo base >"$FAKE_DIR/test.fx"
FAKE_HANG=3 "$sigdfl" "$db" ab "$tmp/base.bzImage" "$tmp/test.bzImage" --profile smoke \
	--rounds 3 --out "$tmp/int" >"$tmp/int.out" 2>"$tmp/int.err" &
abpid=$!
i=0
while [ ! -s "$FAKE_DIR/hung.pid" ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT $abpid
wait $abpid
rc=$?
ok "$([ $rc -eq 130 ]; echo $?)" "Ctrl-C: exit 130 (got $rc)"
check "Ctrl-C: the A/B is incomplete" grep -q "$(printf '^status\tincomplete$')" "$tmp/int/ab.state"
check "Ctrl-C: the reason names the round" grep -q 'interrupted by SIGINT during round 2, BASE' "$tmp/int/ab.state"
check "Ctrl-C: the two completed rounds kept" test -f "$tmp/int/runs/1-test/run-2/run.json"
check "Ctrl-C: the interrupted round recorded" grep -q "$(printf '^round\t2\tbase\tinterrupted\t')" "$tmp/int/ab.state"
check "Ctrl-C: the stand-in run is gone" sh -c "! kill -0 $(cat "$FAKE_DIR/hung.pid") 2>/dev/null"
check "Ctrl-C: a report of what completed" grep -q 'INCOMPLETE A/B' "$tmp/int/report.txt"
check "Ctrl-C: no temporary files" sh -c "! find '$tmp/int' -name '*.tmp.*' | grep -q ."

# ---- a kernel that does not boot --------------------------------------
FAKE_NOBOOT="test" ab noboot --rounds 2
rc=$?
ok "$([ $rc -eq 1 ]; echo $?)" "TEST does not boot: exit 1 (got $rc)"
check "does not boot: the console's tail shown" grep -q 'Unable to mount root fs' "$tmp/noboot.err"
check "does not boot: the A/B stopped after it" test "$(wc -l <"$tmp/noboot.fake/order")" -eq 2
check "does not boot: the reason recorded" \
	grep -q "$(printf '^reason\tround 1, TEST: the kernel did not boot: Kernel panic')" "$tmp/noboot/ab.state"

# ---- bad input ---------------------------------------------------------
bad() {
	_w=$1
	shift
	"$db" ab "$@" >/dev/null 2>"$tmp/bad.err"
	_rc=$?
	if [ $_rc -eq 2 ]; then pass "bad input: $_w (exit 2)"
	else not_ok "bad input: $_w (exit 2, got $_rc)"; diag "$tmp/bad.err"; fi
}
bad "no kernels"
bad "a missing TEST" "$tmp/base.bzImage" "$tmp/nothing"
bad "not a bzImage" "$tmp/base.bzImage" "$tmp/fakerun"
bad "--rounds 0" "$tmp/base.bzImage" "$tmp/test.bzImage" --rounds 0
bad "--profile unknown" "$tmp/base.bzImage" "$tmp/test.bzImage" --profile nope
bad "a series on an image" "$tmp/base.bzImage" --series "$tmp"
mkdir -p "$tmp/full" && : >"$tmp/full/x"
bad "--out not empty" "$tmp/base.bzImage" "$tmp/test.bzImage" --out "$tmp/full"
bad "an unknown option" "$tmp/base.bzImage" "$tmp/test.bzImage" --frobnicate

tap_end
