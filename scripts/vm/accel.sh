# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: KVM or TCG.  With --accel auto a tiny probe guest tells
# whether KVM boots this kernel here (nested or paravirtual hypervisors
# often cannot); the answer is cached.  Also vm_wait, which bounds how
# long any QEMU may run.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh

# vm_wait PID SECONDS: wait for PID, killing it after SECONDS; returns its
# status, and "$VM_WORK/timed-out" exists if it was killed.
vm_wait() {
	rm -f "$VM_WORK/timed-out"
	(
		trap 'kill $s 2>/dev/null; exit 0' TERM
		sleep "$2" &
		s=$!
		wait $s
		: >"$VM_WORK/timed-out"
		kill -TERM "$1" 2>/dev/null
		sleep 5 &
		s=$!
		wait $s
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
	else
		VM_ACCEL_ARGS="-accel tcg -cpu max"
		VM_NOTE=$VM_TCG_NOTE
		db_info "note: $VM_NOTE (TCG)"
	fi
}
