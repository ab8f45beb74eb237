# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the run's own layer of the initramfs, what changes from
# run to run: the guest's configuration (/etc/daxbench/run.conf, read by
# scripts/vm/init), the command and the --add files.  A tiny cpio
# appended to the cached image: the kernel unpacks concatenated archives
# one after the other.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh

# vm_deadline: the guest's uptime at which it stops the command, early
# enough to send back what it has (the firmware and the kernel's early
# boot do not count in the guest's uptime; tar and power off take a few
# seconds).
vm_deadline() {
	_dl_m=$((VM_TIMEOUT / 10))
	[ $_dl_m -lt 20 ] && _dl_m=20
	[ $_dl_m -gt 120 ] && _dl_m=120
	[ $_dl_m -gt $((VM_TIMEOUT / 2)) ] && _dl_m=$((VM_TIMEOUT / 2))
	echo $((VM_TIMEOUT - _dl_m))
}

# vm_run_conf: run.conf on stdout.
vm_run_conf() {
	echo "# written by daxbench vm"
	echo "DB_KIND=$VM_KIND"
	echo "DB_NPMEM=$VM_NPMEM"
	echo "DB_SIZE_MB=$VM_SIZE_MB"
	echo "DB_EACH=$VM_EACH"
	echo "DB_ACCEL=$VM_ACCEL"
	echo "DB_NOTE=$(vm_sh_quote "$VM_NOTE")"
	echo "DB_BINDIR=$(vm_sh_quote "$VM_GUEST_BINDIR")"
	echo "DB_ARGV=$(vm_sh_quote "$VM_ARGV")"
	echo "DB_DEADLINE=$(vm_deadline)"
	echo "DB_TIMEOUT_BOOTS=$VM_TIMEOUT_BOOTS"
	vm_run_hooks run-conf
}

# vm_run_layer OUT CONF ADD...: the per-run cpio: /etc/daxbench/run.conf
# from CONF and each "SRC:DEST" of --add.
vm_run_layer() {
	_rl_out=$1 _rl_conf=$2
	shift 2
	_rl_r=$VM_STAGE/run
	rm -rf "$_rl_r"
	mkdir -p "$_rl_r/etc/daxbench"
	cp "$_rl_conf" "$_rl_r/etc/daxbench/run.conf"
	for _rl_a in "$@"; do
		_rl_src=${_rl_a%%:*}
		_rl_dst=${_rl_a#*:}
		mkdir -p "$_rl_r$(dirname "$_rl_dst")"
		cp -RL "$_rl_src" "$_rl_r$_rl_dst" || db_die "--add $_rl_a: cannot copy $_rl_src"
	done
	(cd "$_rl_r" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$_rl_out" ||
		db_die "cpio failed"
}

# vm_initrd: $VM_WORK/initrd, the cached image and the run's layer.
vm_initrd() {
	vm_run_conf >"$VM_WORK/run.conf" || db_die "cannot write $VM_WORK/run.conf"
	_ir_ifs=$IFS
	IFS='
'
	set -f
	# shellcheck disable=SC2086 # one --add per line
	set -- $VM_ADDS
	set +f
	IFS=$_ir_ifs
	vm_run_layer "$VM_WORK/run.cpio" "$VM_WORK/run.conf" "$@"
	# The kernel looks for the next archive's magic at a 4-byte
	# boundary only.
	_ir_pad=$(( (4 - $(wc -c <"$VM_IMAGE") % 4) % 4 ))
	{
		cat "$VM_IMAGE" &&
		dd if=/dev/zero bs=1 count=$_ir_pad 2>/dev/null &&
		cat "$VM_WORK/run.cpio"
	} >"$VM_WORK/initrd" || db_die "cannot write $VM_WORK/initrd"
}
