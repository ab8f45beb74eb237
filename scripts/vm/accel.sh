# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: KVM or TCG.  With --accel auto a tiny probe guest tells
# whether KVM boots this kernel here (nested or paravirtual hypervisors
# often cannot); the answer is cached.  Also vm_wait, which bounds how
# long any QEMU may run.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh

# vm_wait PID SECONDS [BOOTS]: wait for PID, killing it after SECONDS;
# returns its status, and "$VM_WORK/timed-out" holds the limit if it was
# killed.  With BOOTS (--timeout-boots K) the limit also follows the
# guest's speed: once its console says how long it took to boot (W
# seconds here, from QEMU's start), W * (K + 2) + 30 s: the command's K
# boots after the boot, and one more plus half a minute to send the
# results back.
vm_wait() {
	rm -f "$VM_WORK/timed-out"
	(
		trap 'kill $ws 2>/dev/null; exit 0' TERM
		t0=$(date +%s) lim=$2 scaled=
		while :; do
			el=$(($(date +%s) - t0))
			if [ -n "${3:-}" ] && [ -z "$scaled" ] &&
			   grep -q '^daxbench-guest: boot took' "$VM_OUT/vm-console.log" 2>/dev/null; then
				scaled=$((el * ($3 + 2) + 30))
				[ "$scaled" -lt "$lim" ] && lim=$scaled
			fi
			[ "$el" -lt "$lim" ] || break
			sleep 1 &
			ws=$!
			wait $ws
		done
		echo "$lim" >"$VM_WORK/timed-out"
		kill -TERM "$1" 2>/dev/null
		sleep 5 &
		ws=$!
		wait $ws
		kill -KILL "$1" 2>/dev/null
	) </dev/null >/dev/null 2>&1 &
	VM_WPID=$!
	# stderr: the shell's "Aborted" when QEMU abort()s is noise; its
	# exit status says so.
	wait "$1" 2>/dev/null
	_wt_rc=$?
	kill -TERM "$VM_WPID" 2>/dev/null
	wait "$VM_WPID" 2>/dev/null
	VM_WPID=
	return $_wt_rc
}

# vm_wait_guest PID: vm_wait for the guest's QEMU: --timeout, and
# --timeout-boots when given.
vm_wait_guest() {
	vm_wait "$1" "$VM_TIMEOUT" "$VM_TIMEOUT_BOOTS"
}

# vm_limit_words: what limited the guest's time, for messages.
vm_limit_words() {
	if [ -n "$VM_TIMEOUT_BOOTS" ]; then
		echo "--timeout $VM_TIMEOUT s or --timeout-boots $VM_TIMEOUT_BOOTS (the guest booted in ${VM_GUEST_BOOT:-?} s)"
	else
		echo "--timeout $VM_TIMEOUT s"
	fi
}

# vm_probe_key: what the probe's answer depends on.
vm_probe_key() {
	{
		echo "$VM_QEMU_VERSION"
		sha256sum <"$VM_BOOT_KERNEL"
		uname -r
		grep -m 1 '^model name' /proc/cpuinfo
	} | sha256sum | cut -c 1-16
}

# vm_probe_initrd OUT: a busybox initramfs that says a word and powers off.
vm_probe_initrd() {
	_pi_p=$VM_WORK/probe
	mkdir -p "$_pi_p/bin"
	cp "$(command -v busybox || echo /bin/busybox)" "$_pi_p/bin/busybox"
	printf '#!/bin/busybox sh\n/bin/busybox mount -t devtmpfs d /dev\n/bin/busybox echo DAXBENCH-KVM-PROBE-OK >/dev/ttyS0\n/bin/busybox poweroff -f\n' >"$_pi_p/init"
	chmod 755 "$_pi_p/init"
	(cd "$_pi_p" && find . | cpio -o -H newc -R 0:0 --quiet) >"$1"
}

# vm_kvm_probe: does KVM boot this kernel here?  Anything but the probe's
# word within 30 s is a no; the reason is in VM_PROBE_WHY.
vm_kvm_probe() {
	_kp_dev=${DAXBENCH_KVM_DEVICE:-/dev/kvm}
	[ -r "$_kp_dev" ] && [ -w "$_kp_dev" ] || { VM_PROBE_WHY="no usable $_kp_dev"; return 1; }
	_kp_c=$(db_cache_dir)/kvm-probe
	mkdir -p "$_kp_c"
	_kp_key=$(vm_probe_key)
	if [ -f "$_kp_c/$_kp_key" ]; then
		VM_PROBE_WHY=$(sed -n 2p "$_kp_c/$_kp_key")
		[ "$(head -n 1 "$_kp_c/$_kp_key")" = ok ]
		return
	fi
	db_info "probing KVM with a short boot"
	vm_probe_initrd "$VM_WORK/probe.cpio"
	# QEMU itself in the background, not a subshell around it: the pid
	# that the time limit and the cleanup kill must be QEMU's.
	"$QEMU" -nodefaults -no-user-config -display none -no-reboot \
		-machine pc -accel kvm -cpu host -smp 1 -m 256M \
		-kernel "$VM_BOOT_KERNEL" -initrd "$VM_WORK/probe.cpio" \
		-append "console=ttyS0 quiet panic=-1" \
		-serial "file:$VM_WORK/probe.log" </dev/null >/dev/null 2>"$VM_WORK/probe.err" &
	VM_QPID=$!
	vm_wait "$VM_QPID" 30
	VM_QPID=
	if grep -q DAXBENCH-KVM-PROBE-OK "$VM_WORK/probe.log" 2>/dev/null; then
		printf 'ok\n\n' >"$_kp_c/$_kp_key"
		return 0
	fi
	if [ -f "$VM_WORK/timed-out" ]; then
		VM_PROBE_WHY="a KVM boot did not finish in 30 s"
	else
		VM_PROBE_WHY="KVM cannot boot this kernel here: $(grep -v '^$' "$VM_WORK/probe.err" | head -n 1)"
	fi
	printf 'fail\n%s\n' "$VM_PROBE_WHY" >"$_kp_c/$_kp_key"
	return 1
}

# vm_choose_accel: settle VM_ACCEL (kvm or tcg), VM_ACCEL_ARGS and
# VM_NOTE (the TCG timing note).
vm_choose_accel() {
	VM_QEMU_VERSION=$("$QEMU" --version 2>/dev/null | awk 'NR == 1 { print $4 }')
	VM_PROBE_WHY=
	if [ "$VM_ACCEL" = auto ]; then
		if vm_kvm_probe; then
			VM_ACCEL=kvm
		else
			VM_ACCEL=tcg
			db_info "using TCG: $VM_PROBE_WHY"
		fi
	fi
	if [ "$VM_ACCEL" = kvm ]; then
		VM_ACCEL_ARGS="-accel kvm -cpu host"
		VM_NOTE=
		VM_TCG_THREADS=
	else
		VM_ACCEL_ARGS="-accel tcg -cpu max"
		VM_NOTE=$VM_TCG_NOTE
		db_info "note: $VM_NOTE (TCG)"
	fi
}

# vm_tcg_threads: settle VM_TCG_THREADS.  With a host thread per vCPU
# (multi), a vCPU whose thread the host does not run stalls the others
# whenever they wait for it: an IPI (a TLB shootdown after munmap, a
# kprobe's text patching), a spinlock it holds.  On a host with no CPU to
# spare the waiting vCPU spins on, the guest's soft-lockup and RCU-stall
# detectors fire, and the checks run about half as fast as when one
# thread runs every vCPU in turn (measured: docs/vm.md, "A busy host").
vm_tcg_threads() {
	# One vCPU (instruction counting asks for one, and for -icount,
	# which needs a single thread): nothing to run in parallel.
	[ "$VM_CPUS" -gt 1 ] || VM_TCG_THREADS=single
	[ "$VM_TCG_THREADS" = auto ] || return 0
	_tt_host=$(nproc 2>/dev/null || echo 1)
	if [ "$_tt_host" -gt "$VM_CPUS" ]; then
		VM_TCG_THREADS=multi
	else
		VM_TCG_THREADS=single
	fi
}
