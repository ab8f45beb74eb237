# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: --help, the options, and everything checked about them
# before anything is built or booted (bad input exits 2 here).  Sourced
# by daxbench-vm, never run.
# shellcheck shell=sh

# One pmem device each for ext4-dax, ext4-pagecache, ext2-dax, xip,
# xfs-dax and xfs-pagecache, and with nfit one more for devdax
# (vm_check_options settles it).
VM_NPMEM=6
VM_TCG_NOTE="emulated CPU: timings not representative"

vm_usage() {
	cat <<USAGE
usage: daxbench vm [OPTIONS] [--] [COMMAND [ARGS...]]

Boot a QEMU guest with emulated persistent memory, prepare its paths and
run COMMAND there (default: print the paths manifest).  COMMAND's output
streams here; the files it writes into \$DAXBENCH_OUT come back into the
results directory.  Exit status: COMMAND's; 1 when the guest fails
(timeout, panic, lost results); 2 for bad options.

Guest paths, each mounted at /mnt/NAME: ext4-dax (dax=always),
ext4-pagecache (dax=never), ext2-dax (ext2 -o dax), xip (ext2 -o xip,
unavailable since Linux 4.0), xfs-dax, xfs-pagecache, tmpfs; and with
--pmem nfit devdax, a device-dax namespace (/dev/daxX.Y).

options:
  --kernel FILE      boot this bzImage (default: Debian's current
                     linux-image-amd64, fetched into the cache)
  --kernel deb:SPEC  a Debian kernel package, fetched into the cache:
                     deb:6.1.0-57, deb:6.12.113+deb12, deb:6.12 (the
                     newest 6.12), deb:linux-image-NAME[=VERSION]
  --kernel DIR       a kernel source tree, built for the guest by
                     'daxbench kbuild' into the cache (docs/ab.md)
  --series S         with --kernel DIR: a patch series applied first
                     (quilt series file, format-patch directory, mbox)
  --modules DIR      its modules: a /lib/modules/RELEASE directory or an
                     INSTALL_MOD_PATH root (default: /lib/modules/RELEASE
                     if there, else every driver must be built in)
  --append ARGS      extra kernel command line arguments
  --pmem KIND        memmap (legacy e820, default), nfit (QEMU NV-DIMM,
                     made fsdax) or virtio (virtio-pmem, no MAP_SYNC)
  --pmem-size SIZE   size of each pmem device (6, or 7 with nfit), a
                     multiple of 2M (default 512M)
  --mem SIZE         guest RAM besides the pmem (default 3G; memmap
                     always has at least 3G below the PCI hole)
  --cpus N           virtual CPUs (default: host CPUs, at most 4; 1 when
                     TCG counts instructions)
  --accel KIND       auto (default: KVM if a probe boot works, else TCG),
                     kvm or tcg
  --tcg-threads KIND under TCG: multi (a host thread per vCPU), single
                     (one thread runs them all in turn) or auto
                     (default: multi only when the host has a CPU for
                     each vCPU and one more)
  --no-insns         do not count guest instructions (under TCG they are
                     counted by default, with one vCPU: docs/insns.md)
  --timeout SECONDS  hard limit for the guest's whole life (default 1800)
  --timeout-boots K  also stop the command once it has run K times as long
                     as the guest took to boot, a limit that follows
                     the host's speed (a busy host slows both alike)
  --out DIR          results directory (default: a new vm-DATE-XXXXXX
                     under results/, or under \$DAXBENCH_RESULTS)
  --each-path        run COMMAND once per available path, with
                     DAXBENCH_PATH, DAXBENCH_DIR and DAXBENCH_OUT=OUT/NAME
  --add SRC:DEST     also copy host file or directory SRC to DEST in the
                     guest (not cached); may be repeated
  --quiet            do not stream COMMAND's output (still in
                     DIR/vm-output.log)
  --keep             keep the work directory (images, initramfs, logs)
  -h, --help         this help

In the guest COMMAND sees: DAXBENCH_OUT, DAXBENCH_PATHS_FILE (lines
"name dir status driver reason"), DAXBENCH_VM=1, DAXBENCH_ACCEL (kvm|tcg),
DAXBENCH_PMEM (the kind), DAXBENCH_NOTE (the TCG timing note, or empty),
and daxbench on PATH.  Results: DIR/vm.json, vm-console.log,
vm-output.log, vm-paths, vm-dmesg.log, and COMMAND's files.
USAGE
}

# The options, with their defaults.
VM_KERNEL_OPT=
VM_MODULES_OPT=
VM_APPEND=
VM_KIND=memmap
VM_PMEM_SIZE=512M
VM_MEM=3G
VM_CPUS=
VM_ACCEL=auto
VM_TCG_THREADS=auto
VM_TIMEOUT=1800
VM_TIMEOUT_BOOTS=
VM_OUT=
VM_EACH=0
VM_QUIET=no
VM_KEEP=no
VM_ADDS=
VM_CPUS_GIVEN=no
VM_INSNS_WANT=yes
# The command: VM_ARGV quoted for the guest's sh, VM_CMD_JSON for vm.json.
VM_ARGV=
VM_CMD_JSON=

vm_need_value() {
	[ "$1" -ge 2 ] || db_usage_error "option $2 needs a value"
}

# vm_options ARGS...: parse the command line into the VM_* above.
vm_options() {
	while [ $# -gt 0 ]; do
		_op=$1
		shift
		case $_op in
		--*=*)
			set -- "${_op#*=}" "$@"
			_op=${_op%%=*}
			case $_op in
			--each-path|--quiet|--keep|--help|--no-insns)
				db_usage_error "option $_op takes no value" ;;
			esac ;;
		esac
		case $_op in
		--kernel|--series|--modules|--append|--pmem|--pmem-size|--mem|--cpus|--accel|--tcg-threads|--timeout|--timeout-boots|--out|--add)
			vm_need_value $(($# + 1)) "$_op"
			vm_option_value "$_op" "$1"
			shift ;;
		--each-path) VM_EACH=1 ;;
		--quiet) VM_QUIET=yes ;;
		--keep) VM_KEEP=yes ;;
		--no-insns) VM_INSNS_WANT=no ;;
		-h|--help) vm_usage; exit 0 ;;
		--) break ;;
		-*) db_usage_error "unknown option '$_op'" ;;
		*) set -- "$_op" "$@"; break ;;
		esac
	done
	for _op in "$@"; do
		VM_ARGV="$VM_ARGV $(vm_sh_quote "$_op")"
		VM_CMD_JSON="$VM_CMD_JSON${VM_CMD_JSON:+, }$(vm_json_str "$_op")"
	done
}

# vm_option_value OPTION VALUE
vm_option_value() {
	case $1 in
	--kernel) VM_KERNEL_OPT=$2 ;;
	--series) VM_SERIES_OPT=$2 ;;
	--modules) VM_MODULES_OPT=$2 ;;
	--append) VM_APPEND=$2 ;;
	--pmem) VM_KIND=$2 ;;
	--pmem-size) VM_PMEM_SIZE=$2 ;;
	--mem) VM_MEM=$2 ;;
	--cpus) VM_CPUS=$2; VM_CPUS_GIVEN=yes ;;
	--accel) VM_ACCEL=$2 ;;
	--tcg-threads) VM_TCG_THREADS=$2 ;;
	--timeout) VM_TIMEOUT=$2 ;;
	--timeout-boots) VM_TIMEOUT_BOOTS=$2 ;;
	--out) VM_OUT=$2 ;;
	--add) VM_ADDS="$VM_ADDS
$2" ;;
	esac
}

# vm_check_options: refuse bad values; sets VM_SIZE_MB, VM_MEM_MB and
# VM_CPUS.
vm_check_options() {
	case $VM_KIND in
	memmap|virtio) ;;
	nfit) VM_NPMEM=7 ;;
	*) db_usage_error "--pmem: unknown kind '$VM_KIND' (memmap, nfit or virtio)" ;;
	esac
	case $VM_ACCEL in
	auto|kvm|tcg) ;;
	*) db_usage_error "--accel: unknown accelerator '$VM_ACCEL' (auto, kvm or tcg)" ;;
	esac
	case $VM_TCG_THREADS in
	auto|single|multi) ;;
	*) db_usage_error "--tcg-threads: '$VM_TCG_THREADS' is not auto, single or multi" ;;
	esac
	VM_SIZE_MB=$(vm_mib "$VM_PMEM_SIZE") ||
		db_usage_error "--pmem-size: '$VM_PMEM_SIZE' is not a size in MiB (e.g. 512M, 2G)"
	[ $((VM_SIZE_MB % 2)) -eq 0 ] && [ "$VM_SIZE_MB" -ge 32 ] ||
		db_usage_error "--pmem-size: $VM_PMEM_SIZE is not a multiple of 2M of at least 32M (DAX maps 2 MiB pages)"
	VM_MEM_MB=$(vm_mib "$VM_MEM") || db_usage_error "--mem: '$VM_MEM' is not a size in MiB (e.g. 3G)"
	[ "$VM_MEM_MB" -ge 256 ] || db_usage_error "--mem: $VM_MEM is too small (at least 256M)"
	case $VM_TIMEOUT in
	''|*[!0-9]*|0) db_usage_error "--timeout: '$VM_TIMEOUT' is not a positive number of seconds" ;;
	esac
	case $VM_TIMEOUT_BOOTS in
	'') ;;
	*[!0-9]*|0) db_usage_error "--timeout-boots: '$VM_TIMEOUT_BOOTS' is not a positive whole number" ;;
	esac
	if [ -z "$VM_CPUS" ]; then
		VM_CPUS=$(nproc 2>/dev/null || echo 1)
		[ "$VM_CPUS" -gt 4 ] && VM_CPUS=4
	fi
	case $VM_CPUS in
	''|*[!0-9]*|0) db_usage_error "--cpus: '$VM_CPUS' is not a positive number" ;;
	esac
	[ -z "$VM_MODULES_OPT" ] || [ -n "$VM_KERNEL_OPT" ] || db_usage_error "--modules needs --kernel"
	vm_check_adds
	vm_check_kernel_option
}

# vm_check_adds: each --add is SRC:/absolute/path with an existing SRC.
vm_check_adds() {
	_ca_ifs=$IFS
	IFS='
'
	for _ca_a in $VM_ADDS; do
		case $_ca_a in
		*:/*) [ -e "${_ca_a%%:*}" ] || db_usage_error "--add $_ca_a: ${_ca_a%%:*} does not exist" ;;
		*) db_usage_error "--add $_ca_a: expected SRC:/absolute/guest/path" ;;
		esac
	done
	IFS=$_ca_ifs
}

# vm_check_kernel_option: a --kernel file is a bzImage; sets VM_KREL and
# VM_MODDIR (empty: every driver built in).
vm_check_kernel_option() {
	case $VM_KERNEL_OPT in
	deb:*)
		[ -z "$VM_MODULES_OPT" ] ||
			db_usage_error "--modules: not with --kernel $VM_KERNEL_OPT (the package has its own)"
		vm_deb_resolve "$VM_KERNEL_OPT"
		return 0 ;;
	"") [ -z "${VM_SERIES_OPT:-}" ] || db_usage_error "--series needs --kernel DIR, a kernel source tree"
	    return 0 ;;
	esac
	if [ -d "$VM_KERNEL_OPT" ]; then
		vm_kbuild_kernel
	elif [ -n "${VM_SERIES_OPT:-}" ]; then
		db_usage_error "--series needs --kernel DIR, a kernel source tree; $VM_KERNEL_OPT is not one"
	fi
	[ -f "$VM_KERNEL_OPT" ] || db_usage_error "--kernel $VM_KERNEL_OPT: no such file"
	[ -r "$VM_KERNEL_OPT" ] || db_usage_error "--kernel $VM_KERNEL_OPT: not readable"
	VM_KREL=$(vm_kernel_release "$VM_KERNEL_OPT") ||
		db_usage_error "--kernel $VM_KERNEL_OPT: not an x86 bzImage (no boot protocol header)"
	if [ -n "$VM_MODULES_OPT" ]; then
		[ -d "$VM_MODULES_OPT" ] || db_usage_error "--modules $VM_MODULES_OPT: no such directory"
		VM_MODDIR=$(vm_check_moddir "$VM_MODULES_OPT" "$VM_KREL") || exit
	elif [ -d "/lib/modules/$VM_KREL" ]; then
		VM_MODDIR=/lib/modules/$VM_KREL
	else
		VM_MODDIR=
	fi
}

# vm_kbuild_kernel: --kernel DIR is a source tree: daxbench kbuild builds
# it (with --series) into the cache, or finds it built; --kernel becomes
# the image.  Its exit status is ours when it fails (2: bad tree or a
# patch that does not apply; 1: the build failed).
vm_kbuild_kernel() {
	[ -z "$VM_MODULES_OPT" ] ||
		db_usage_error "--modules: not with the source tree $VM_KERNEL_OPT (built without modules)"
	_kb_prog=$(db_prog daxbench-kbuild) || db_die "daxbench-kbuild is not built or installed"
	VM_KERNEL_OPT=$("$_kb_prog" ${VM_SERIES_OPT:+--series "$VM_SERIES_OPT"} "$VM_KERNEL_OPT") ||
		exit
}

# vm_check_host: the host programs daxbench vm needs; sets QEMU.
vm_check_host() {
	QEMU=${QEMU:-$(command -v qemu-system-x86_64 2>/dev/null)}
	[ -n "$QEMU" ] && [ -x "$QEMU" ] ||
		db_die "qemu-system-x86_64 not found (Debian package qemu-system-x86)"
	for _ch_t in cpio sha256sum ldd modinfo depmod; do
		command -v "$_ch_t" >/dev/null 2>&1 || [ -x "/sbin/$_ch_t" ] || [ -x "/usr/sbin/$_ch_t" ] ||
			db_die "$_ch_t not found (Debian packages cpio, coreutils, libc-bin, kmod)"
	done
	PATH=$PATH:/sbin:/usr/sbin
}
