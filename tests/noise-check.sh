#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-noise: behaviour, not speed.  A spot probe measures at least
# three bursts and writes one value per burst of each metric; the
# sampler keeps measuring until it is stopped by a signal and then
# writes what it measured; bad input is refused naming the option.

. "${top_srcdir:?set by make check}/tests/tap.sh"

prog="${top_builddir:?set by make check}/bench/daxbench-noise"
jget="$top_builddir/tests/run/jget"
tap_tmpdir noise-check
err="$tmp/err"

tap_on_fail() {
	sed 's/^/# /' "$err" 2>/dev/null | head -5
}

# A short spot probe with a small buffer: quick even on a busy machine.
"$prog" --duration 50ms --buffer 64k --syscalls 10 --output "$tmp/spot.json" \
	>"$tmp/out" 2>"$err"
ok $? "a spot probe runs"
bursts=$("$jget" "$tmp/spot.json" metrics.mem_bandwidth.values.length 2>>"$err")
check "at least 3 bursts ($bursts)" [ "${bursts:-0}" -ge 3 ]
check "as many syscall_ns as mem_bandwidth values" \
	[ "$("$jget" "$tmp/spot.json" metrics.syscall_ns.values.length)" = "$bursts" ]
check "as many on_cpu values" \
	[ "$("$jget" "$tmp/spot.json" metrics.on_cpu.values.length)" = "$bursts" ]
check "the benchmark is noise" [ "$("$jget" "$tmp/spot.json" benchmark)" = noise ]
check "mode spot" [ "$("$jget" "$tmp/spot.json" parameters.mode)" = spot ]
check "mem_bandwidth carries a stability verdict" \
	"$jget" "$tmp/spot.json" metrics.mem_bandwidth.stability.verdict
check "on_cpu, a share, carries none" \
	sh -c "! '$jget' '$tmp/spot.json' metrics.on_cpu.stability 2>/dev/null"
check "the table names the medians" grep -q 'bursts: memory bandwidth median' "$tmp/out"

# The sampler: stopped by SIGTERM, it writes its bursts.  It bursts once
# at start, so one burst is there whatever the machine's load.
"$prog" --sample --interval 20ms --buffer 64k --syscalls 10 \
	--output "$tmp/during.json" >/dev/null 2>"$err" &
pid=$!
# Signal it once it is the sampler (not the shell forked to run it, which
# catches SIGTERM too) and catches SIGTERM (bit 15 of SigCgt): from then
# on it writes what it measured, whenever the signal comes.
catches_term() {
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = daxbench-noise ] || return 1
	_m=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$_m" ] && [ $(( 0x$_m & 0x4000 )) -ne 0 ]
}
while kill -0 $pid 2>/dev/null && ! catches_term $pid; do
	sleep 0.05
done
kill -TERM $pid
wait $pid
ok $? "the sampler exits 0 on SIGTERM"
bursts=$("$jget" "$tmp/during.json" metrics.mem_bandwidth.values.length 2>>"$err")
check "the sampler wrote its bursts ($bursts)" [ "${bursts:-0}" -ge 1 ]
check "mode sample" [ "$("$jget" "$tmp/during.json" parameters.mode)" = sample ]

# exited STATUS NEEDLE: the last command exited STATUS and said NEEDLE.
exited() {
	[ "$rc" = "$1" ] && grep -q -- "$2" "$err"
}

# refused NEEDLE ARGS...: exit 2 and a message naming NEEDLE.
refused() {
	_needle=$1
	shift
	"$prog" "$@" >/dev/null 2>"$err"
	rc=$?
	check "refused: $* (exit $rc)" exited 2 "$_needle"
}
refused --buffer --buffer 1000
refused --buffer --buffer 0
refused --duration --duration 0
refused --duration --duration soon
refused --sample --sample --duration 1s
refused --syscalls --syscalls 0
refused unexpected --duration 1s extra
"$prog" --output "$tmp" --duration 10ms >/dev/null 2>"$err"
rc=$?
check "--output naming a directory is refused" exited 1 --output

tap_end
