#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: the emulated NV-DIMM guest, end to end, in one TCG boot.
#
# Boots "daxbench vm" once with the guest checks packed in (tests/vm/,
# the shell test library they source (tests/tap.sh, json.sh, paths.sh,
# and the JSON reader jget), and every executable tests/guest/*.sh,
# under /usr/share/daxbench-tests/),
# merges the TAP each one left in the results into this one stream,
# renumbered, then checks that bad options are refused before QEMU starts.
# Uses the user's cache (the kernel download and image build count against
# the time on a fresh machine) and removes everything else it made.
#
# Environment: QEMU (empty: skip), DAXBENCH_NO_VM (set: skip; CI's
# sanitizer build and distcheck use it, the guest ran already), top_srcdir, top_builddir;
# DAXBENCH_VM_CHECK_ACCEL (default tcg).  Time limits follow the
# guest's measured speed, not an idle host's: the checks may take
# DAXBENCH_VM_CHECK_BOOTS (default 60) times as long as the guest took to
# boot, each check 20 boots (tests/vm/guest-run.sh); a busy host slows
# the boot as much as the checks.  DAXBENCH_VM_CHECK_TIMEOUT (default
# 1800 s) only ends a guest that never finishes booting.

echo "TAP version 13"
if [ -z "${QEMU:-}" ]; then
	echo "1..0 # SKIP qemu-system-x86_64 not found"
	exit 0
fi
if [ -n "${DAXBENCH_NO_VM:-}" ]; then
	echo "1..0 # SKIP DAXBENCH_NO_VM is set"
	exit 0
fi
export QEMU

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
db=$top_builddir/scripts/daxbench
. "$top_srcdir/tests/tap.sh"
tap_tmpdir vm-check

# ---- the boot

g=/usr/share/daxbench-tests
t0=$(date +%s)
# Instruction counting (one vCPU, the plugin) has its own check,
# tests/insns-check.sh; this one is about the guest.
"$db" vm --accel "${DAXBENCH_VM_CHECK_ACCEL:-tcg}" --quiet --no-insns \
	--timeout "${DAXBENCH_VM_CHECK_TIMEOUT:-1800}" \
	--timeout-boots "${DAXBENCH_VM_CHECK_BOOTS:-60}" --out "$tmp/out" \
	--add "$top_srcdir/tests/vm:$g/vm" --add "$top_srcdir/tests/guest:$g/guest" \
	--add "$top_srcdir/tests/tap.sh:$g/tap.sh" \
	--add "$top_srcdir/tests/json.sh:$g/json.sh" \
	--add "$top_srcdir/tests/paths.sh:$g/paths.sh" \
	--add "$top_builddir/tests/run/jget:$g/jget" \
	-- sh "$g/vm/guest-run.sh" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
t1=$(date +%s)
diag "$tmp/stderr"
echo "# daxbench vm took $((t1 - t0)) s"
if [ ! -d "$tmp/out/tap" ]; then
	not_ok "daxbench vm boots the guest and brings results back (exit $rc)"
	[ -f "$tmp/out/vm-output.log" ] && diag "$tmp/out/vm-output.log"
	echo "Bail out! the guest did not run its checks"
	exit 1
fi
# A command stopped at the deadline still sends back what it did: the
# checks that finished are reported below, the rest as not finished.
if [ $rc -eq 0 ]; then
	pass "daxbench vm boots the guest and brings results back"
else
	not_ok "daxbench vm boots the guest and brings results back (exit $rc)"
	diag "$tmp/out/vm-output.log"
fi
j=$tmp/out/vm.json
check_json() {
	check "$1" grep -q "$2" "$j"
}
check_json "vm.json says the run is whole" '"status": "ok"'
check_json "vm.json records the accelerator" '"accel": "\(tcg\|kvm\)"'
check_json "vm.json records the kernel release" '"release": "[0-9]'
check_json "vm.json records build, boot and run times" '"wall_seconds": {"build": [0-9.]*, "boot": [0-9.]*, "run": [0-9.]*'
if grep -q '"accel": "tcg"' "$j"; then
	check_json "TCG results carry the timing note" '"note": "emulated CPU: timings not representative"'
fi
check "the console log is kept" [ -s "$tmp/out/vm-console.log" ]
# A guest starved of host CPU must still not lock up: no soft lockup,
# RCU stall or hung task in its kernel log.
stalls=$(cat "$tmp/out/vm-console.log" "$tmp/out/vm-dmesg.log" 2>/dev/null |
	grep -E 'soft lockup|rcu_(sched|preempt) (self-)?detected|detected stalls|blocked for more than' |
	head -n 3)
[ -z "$stalls" ]
ok $? "the guest kernel saw no lockup or RCU stall"
[ -z "$stalls" ] || echo "$stalls" | diag
boot=$(sed -n 's/.*"command-start": \([0-9.]*\).*/\1/p' "$j")
echo "# the guest booted in ${boot:-?} s of its uptime: each check's limit follows it"

# ---- the guest's checks, one TAP stream

if ! ls "$tmp/out/tap/"*.tap >/dev/null 2>&1; then
	not_ok "the guest checks left TAP in the results"
	diag "$tmp/out/vm-output.log"
else
	for f in "$tmp/out/tap/"*.tap; do
		name=$(basename "$f" .tap)
		name=${name#[0-9][0-9]-}
		rcf=${f%.tap}.rc
		trc=$(cat "$rcf" 2>/dev/null || echo none)
		tap_merge "$name" "$trc" "$f" "$name: "
		[ -s "${f%.tap}.err" ] && diag "${f%.tap}.err" | head -n 20
		# shellcheck disable=SC2046 # "seconds limit"
		[ -f "${f%.tap}.limit" ] && set -- $(cat "${f%.tap}.limit") &&
			echo "# $name took $1 s in the guest (limit $2 s)"
	done
fi

# ---- bad input is refused before QEMU starts (no boot: fast)

# refused TEXT EXPECT ARGS...: daxbench vm ARGS exits 2 naming EXPECT
refused() {
	_what=$1 _want=$2
	shift 2
	_err=$("$db" vm --out "$tmp/bad" "$@" -- true 2>&1 >/dev/null)
	_rc=$?
	case $_rc:$_err in
	2:*"$_want"*) pass "refused: $_what" ;;
	*) not_ok "refused: $_what (exit $_rc: $(echo "$_err" | head -n 1))" ;;
	esac
}
refused "unknown --pmem kind" "--pmem: unknown kind 'bogus'" --pmem bogus
refused "missing kernel file" "--kernel $tmp/nonexistent: no such file" --kernel "$tmp/nonexistent"
refused "a pmem size no guest can address" "--pmem-size 100T" --pmem-size 100T
refused "a pmem size that is not 2 MiB aligned" "--pmem-size: 3M" --pmem-size 3M
refused "--modules without --kernel" "--modules needs --kernel" --modules "$tmp"
kernel=$(ls -t "${DAXBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daxbench}"/kernels/*/vmlinuz 2>/dev/null | head -n 1)
if [ -z "$kernel" ]; then
	skip "refused: modules for another kernel" "no cached kernel"
else
	refused "a file that is not a bzImage" "not an x86 bzImage" --kernel "$top_srcdir/COPYING"
	# A "module" whose vermagic names another kernel.
	mkdir -p "$tmp/mods/lib/modules/5.10.0-other/kernel"
	: >"$tmp/mods/lib/modules/5.10.0-other/modules.order"
	if printf 'const char v[] __attribute__((section(".modinfo"), used)) = "vermagic=5.10.0-other SMP mod_unload";\n' |
	   ${CC:-cc} -c -x c -o "$tmp/mods/lib/modules/5.10.0-other/kernel/fake.ko" - 2>/dev/null; then
		refused "modules for another kernel" "modules are for kernel 5.10.0-other" \
			--kernel "$kernel" --modules "$tmp/mods/lib/modules/5.10.0-other"
	else
		skip "refused: modules for another kernel" "no C compiler to make a fake module"
	fi
	mkdir -p "$tmp/mods/lib/modules/9.9.9"
	: >"$tmp/mods/lib/modules/9.9.9/modules.order"
	refused "a modules dir with nothing for the kernel" "holds no modules" \
		--kernel "$kernel" --modules "$tmp/mods/lib/modules/9.9.9"
fi
if [ -e "$tmp/bad/vm-console.log" ]; then
	not_ok "no guest was started for bad input"
else
	pass "no guest was started for bad input"
fi

tap_end
