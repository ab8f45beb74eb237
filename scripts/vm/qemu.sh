# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the guest's QEMU command line, and the boot.  Two serial
# ports (ttyS0: kernel console and /init's log, kept in vm-console.log;
# ttyS1: the command's output, streamed), a sparse results disk the guest
# writes a tar stream to, and the pmem: memmap ranges of RAM, or
# file-backed NV-DIMMs (nfit) or virtio-pmem devices.  Sourced by
# daxbench-vm, never run.
# shellcheck shell=sh

# QEMU's arguments, one a line (no argument holds a newline).
VM_QEMU_ARGS=

# vm_qemu_arg ARG...: append each ARG to QEMU's argument list (the
# "qemu-args" hooks add theirs with it).
vm_qemu_arg() {
	for _qa_a in "$@"; do
		case $_qa_a in
		*'
'*) db_die "internal error: a QEMU argument holds a newline: $_qa_a" ;;
		esac
		VM_QEMU_ARGS="$VM_QEMU_ARGS$_qa_a
"
	done
}

# vm_machine_args: the machine and its memory (nfit and virtio pmem sit
# in the memory hotplug area; memmap pmem is RAM).
vm_machine_args() {
	case $VM_KIND in
	memmap) vm_qemu_arg -machine pc ;;
	nfit) vm_qemu_arg -machine pc,nvdimm=on ;;
	virtio) vm_qemu_arg -machine pc ;;
	esac
	if [ "$VM_ACCEL" = tcg ]; then
		# Settled now: the run-conf hooks may have changed VM_CPUS.
		vm_tcg_threads
		vm_qemu_arg -accel "tcg,thread=$VM_TCG_THREADS" -cpu max -smp "$VM_CPUS"
	else
		# shellcheck disable=SC2086 # "-accel KIND -cpu MODEL"
		vm_qemu_arg $VM_ACCEL_ARGS -smp "$VM_CPUS"
	fi
	if [ "$VM_KIND" = memmap ]; then
		vm_qemu_arg -m "${VM_QEMU_MEM_MB}M"
	else
		vm_qemu_arg -m "${VM_QEMU_MEM_MB}M,slots=$VM_NPMEM,maxmem=$((VM_QEMU_MEM_MB + VM_TOTAL_PMEM))M"
	fi
}

# vm_pmem_devices: nfit and virtio pmem devices, backed by sparse files.
vm_pmem_devices() {
	[ "$VM_KIND" != memmap ] || return 0
	_pd_i=0
	while [ "$_pd_i" -lt "$VM_NPMEM" ]; do
		: >"$VM_WORK/pmem$_pd_i.img"
		dd if=/dev/null of="$VM_WORK/pmem$_pd_i.img" bs=1M seek="$VM_SIZE_MB" 2>/dev/null
		vm_qemu_arg -object "memory-backend-file,id=pm$_pd_i,share=on,mem-path=$VM_WORK/pmem$_pd_i.img,size=${VM_SIZE_MB}M"
		if [ "$VM_KIND" = nfit ]; then
			vm_qemu_arg -device "nvdimm,id=nv$_pd_i,memdev=pm$_pd_i"
		else
			vm_qemu_arg -device "virtio-pmem-pci,id=vp$_pd_i,memdev=pm$_pd_i"
		fi
		_pd_i=$((_pd_i + 1))
	done
}

# vm_qemu_args: the whole argument list, into VM_QEMU_ARGS, and the
# kernel command line VM_CMDLINE.
vm_qemu_args() {
	VM_CMDLINE="console=ttyS0 quiet panic=-1 daxbench.accel=$VM_ACCEL daxbench.pmem=$VM_KIND"
	# Not tsc=reliable, though QEMU's TCG CPU lacks constant_tsc and the
	# guest's clock falls back to the emulated HPET (a clock read costs
	# 7 us here, 1 to 3 us with the TSC): a guest trusting its TSC keeps
	# the frequency it calibrated at boot, and a vCPU descheduled during
	# that calibration on a busy host makes every time the guest measures
	# wrong (seen here under load: 640 s of guest uptime in 168 s).
	# no_timer_check, as a KVM guest sets for itself: at boot the kernel
	# wants 4 timer ticks within about 60 ms of TSC time, which a TCG vCPU
	# that a busy host does not run misses: "IO-APIC + timer doesn't
	# work!" and a panic (seen here with Debian's 6.12 at load 20).
	[ "$VM_ACCEL" = tcg ] && VM_CMDLINE="$VM_CMDLINE no_timer_check"
	VM_CMDLINE="$VM_CMDLINE$VM_MEMMAP_ARGS${VM_APPEND:+ $VM_APPEND}"
	if [ "$VM_QUIET" = yes ]; then
		_qs_out="file,id=out,path=$VM_OUT/vm-output.log"
	else
		_qs_out="stdio,id=out,signal=off,logfile=$VM_OUT/vm-output.log"
	fi
	# The results disk: sparse, so its size costs nothing until written.
	: >"$VM_WORK/results.img"
	dd if=/dev/null of="$VM_WORK/results.img" bs=1M seek=4096 2>/dev/null ||
		db_die "cannot create $VM_WORK/results.img"
	VM_QEMU_ARGS=
	vm_qemu_arg -nodefaults -no-user-config -display none -no-reboot
	vm_machine_args
	vm_qemu_arg -kernel "$VM_BOOT_KERNEL" -initrd "$VM_WORK/initrd" -append "$VM_CMDLINE" \
		-chardev "file,id=con,path=$VM_OUT/vm-console.log" -serial chardev:con \
		-chardev "$_qs_out" -serial chardev:out \
		-drive "if=none,id=results,file=$VM_WORK/results.img,format=raw" \
		-device virtio-blk-pci,drive=results
	vm_pmem_devices
	vm_run_hooks qemu-args || db_die "cannot make QEMU's arguments"
}

# vm_boot: run the guest until it powers off or --timeout; sets
# VM_QEMU_RC and the boot and end times.
vm_boot() {
	vm_qemu_args
	_bt_ifs=$IFS
	IFS='
'
	set -f
	# shellcheck disable=SC2086 # one argument a line
	set -- $VM_QEMU_ARGS
	set +f
	IFS=$_bt_ifs
	VM_T_BOOT=$(vm_now)
	"$QEMU" "$@" </dev/null 2>"$VM_WORK/qemu.err" &
	VM_QPID=$!
	vm_wait_guest "$VM_QPID"
	VM_QEMU_RC=$?
	VM_QPID=
	VM_T_QEMU=$(vm_now)
	[ -s "$VM_WORK/qemu.err" ] && cp "$VM_WORK/qemu.err" "$VM_OUT/vm-qemu.log"
	return 0
}
