# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: where the guest's RAM and pmem go, and whether this host
# and the guest CPU can hold them.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh
#
# memmap: QEMU's pc machine keeps RAM below the 4 GiB PCI hole at 3 GiB
# once there is 3.5 GiB or more, and puts the rest at 4 GiB, where
# memmap=SIZE!OFFSET turns it into pmem, one device per range.  With
# less, no RAM is above 4 GiB and the "pmem" has nothing behind it.  nfit
# and virtio: devices in the memory hotplug area above RAM, file-backed.

# vm_layout: set VM_TOTAL_PMEM, VM_QEMU_MEM_MB, VM_MEMMAP_ARGS (kernel
# arguments) and raise VM_MEM_MB where memmap needs it; refuse sizes the
# guest cannot address or the host cannot hold.
vm_layout() {
	VM_TOTAL_PMEM=$((VM_NPMEM * VM_SIZE_MB))
	VM_MEMMAP_ARGS=
	case $VM_KIND in
	memmap)
		[ "$VM_MEM_MB" -lt 3072 ] && VM_MEM_MB=3072
		_ly_above=$((VM_MEM_MB - 3072 + VM_TOTAL_PMEM))
		[ $_ly_above -lt 512 ] && VM_MEM_MB=$((VM_MEM_MB + 512 - _ly_above))
		VM_QEMU_MEM_MB=$((VM_MEM_MB + VM_TOTAL_PMEM))
		_ly_top=$((4096 + VM_QEMU_MEM_MB - 3072))
		_ly_i=0
		while [ "$_ly_i" -lt "$VM_NPMEM" ]; do
			VM_MEMMAP_ARGS="$VM_MEMMAP_ARGS memmap=${VM_SIZE_MB}M!$((4096 + _ly_i * VM_SIZE_MB))M"
			_ly_i=$((_ly_i + 1))
		done
		;;
	*)
		VM_QEMU_MEM_MB=$VM_MEM_MB
		_ly_top=$((4096 + VM_MEM_MB + VM_TOTAL_PMEM + VM_NPMEM * 1024))
		;;
	esac
	vm_check_addressable "$_ly_top"
	vm_check_room
}

# vm_check_addressable TOP_MB: the last device ends where the guest CPU
# can address it.
vm_check_addressable() {
	_ca_bits=
	if [ "$VM_ACCEL" = kvm ]; then
		_ca_bits=$(awk -F '[: ]+' '/^address sizes/ { print $4; exit }' /proc/cpuinfo 2>/dev/null)
	fi
	_ca_bits=${_ca_bits:-40}	# QEMU's TCG CPUs address 40 bits
	if [ "$1" -ge $((1 << (_ca_bits - 20))) ]; then
		db_usage_error "--pmem-size $VM_PMEM_SIZE: $VM_NPMEM devices end at $(($1 / 1024)) GiB," \
			"beyond the $((1 << (_ca_bits - 30))) GiB a guest CPU with $_ca_bits-bit physical addresses can address"
	fi
}

# vm_check_room: memmap pmem is guest RAM, nfit and virtio pmem are files
# in $TMPDIR: either must fit.
vm_check_room() {
	_cr_host=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null)
	if [ "$VM_KIND" = memmap ] && [ -n "$_cr_host" ] && [ "$VM_QEMU_MEM_MB" -gt "$_cr_host" ]; then
		db_usage_error "--pmem-size $VM_PMEM_SIZE: memmap pmem is guest RAM: $VM_NPMEM x $VM_PMEM_SIZE + ${VM_MEM_MB}M" \
			"= ${VM_QEMU_MEM_MB}M is more than this host's ${_cr_host}M (smaller size, or --pmem nfit: file-backed)"
	fi
	VM_TMP_ROOT=${TMPDIR:-/tmp}
	[ "$VM_KIND" != memmap ] || return 0
	_cr_free=$(df -Pk "$VM_TMP_ROOT" 2>/dev/null | awk 'NR == 2 { print int($4 / 1024) }')
	if [ -n "$_cr_free" ] && [ "$VM_TOTAL_PMEM" -gt "$_cr_free" ]; then
		db_usage_error "--pmem-size $VM_PMEM_SIZE: $VM_NPMEM backing files of $VM_PMEM_SIZE need ${VM_TOTAL_PMEM}M," \
			"but $VM_TMP_ROOT has ${_cr_free}M free"
	fi
}
