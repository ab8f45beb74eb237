# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the guest kernel.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh disable=SC2034 # the VM_* it sets are daxbench-vm's
#
# Either Debian's current linux-image-amd64, fetched with apt-get download
# into the cache and unpacked there (never installed on the host), or a
# kernel the user passes with its modules directory.  Also works out which
# modules the guest loads, in which order, from the modules themselves.

# vm_kernel_release FILE: print the release (uname -r) an x86 bzImage was
# built as.  The boot protocol header has "HdrS" at 0x202 and, at 0x20e, a
# pointer (minus 0x200) to the version string "6.1.0-56-amd64 (...) #1".
vm_kernel_release() {
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- "$1" $(od -An -j 526 -N 2 -t u1 "$1")
	[ $# -eq 3 ] || return 1
	_kr_off=$(($2 + 256 * $3 + 512))
	[ "$_kr_off" -gt 512 ] || return 1
	_kr_rel=$(dd if="$1" bs=1 skip="$_kr_off" count=128 2>/dev/null | tr '\0' '\n' |
	       head -n 1 | cut -d ' ' -f 1)
	[ -n "$_kr_rel" ] || return 1
	echo "$_kr_rel"
}

# vm_extract_vmlinux BZIMAGE OUT: decompress the kernel ELF inside an x86
# bzImage (what the kernel's scripts/extract-vmlinux does): find the
# payload by its compressor's magic, decompress, keep the first ELF.
vm_extract_vmlinux() {
	for _ev_fmt in xz gzip zstd bzip2 lz4; do
		case $_ev_fmt in
		xz) _ev_magic=$(printf '\3757zXZ'); _ev_cmd="xz -dcq" ;;
		gzip) _ev_magic=$(printf '\037\213\010'); _ev_cmd="gzip -dcq" ;;
		zstd) _ev_magic=$(printf '\050\265\057\375'); _ev_cmd="zstd -dcq" ;;
		bzip2) _ev_magic=BZh; _ev_cmd="bzip2 -dcq" ;;
		lz4) _ev_magic=$(printf '\002\041\114\030'); _ev_cmd="lz4 -dcq" ;;
		esac
		command -v "${_ev_cmd%% *}" >/dev/null 2>&1 || continue
		for _ev_off in $(LC_ALL=C grep -abo "$_ev_magic" "$1" 2>/dev/null | cut -d : -f 1 | head -n 4); do
			tail -c +$((_ev_off + 1)) "$1" | $_ev_cmd >"$2" 2>/dev/null
			vm_is_elf "$2" && return 0
		done
	done
	rm -f "$2"
	return 1
}

# vm_boot_kernel: set VM_BOOT_KERNEL and VM_BOOT_PROTO.  Under TCG the
# bzImage's own decompressor is slow (xz, emulated: 5 to 9 s before the
# kernel even starts, measured here), so when the kernel can be entered
# through PVH (CONFIG_PVH: an ELF note QEMU reads) QEMU gets the
# uncompressed vmlinux instead, decompressed once on the host and cached.
vm_boot_kernel() {
	VM_BOOT_KERNEL=$VM_KERNEL
	VM_BOOT_PROTO=bzimage
	command -v readelf >/dev/null 2>&1 || return 0
	_bk_dir=$(db_cache_dir)/vmlinux
	mkdir -p "$_bk_dir" 2>/dev/null || return 0
	_bk_key=$(sha256sum <"$VM_KERNEL" | cut -c 1-16)
	_bk_elf=$_bk_dir/vmlinux-$VM_KREL-$_bk_key
	if [ -f "$_bk_elf.nopvh" ]; then
		return 0
	elif [ ! -s "$_bk_elf" ]; then
		vm_extract_vmlinux "$VM_KERNEL" "$_bk_elf.tmp.$$" || { : >"$_bk_elf.nopvh"; return 0; }
		# XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry point.
		if ! readelf -n "$_bk_elf.tmp.$$" 2>/dev/null | grep -q -i -e '(0x00000012)' -e PHYS32_ENTRY; then
			rm -f "$_bk_elf.tmp.$$"
			: >"$_bk_elf.nopvh"
			return 0
		fi
		mv -f "$_bk_elf.tmp.$$" "$_bk_elf"
		vm_prune "$_bk_dir" 'vmlinux-*'
	fi
	touch "$_bk_elf"
	VM_BOOT_KERNEL=$_bk_elf
	VM_BOOT_PROTO=pvh
}

# vm_debian_kernel: set VM_KERNEL, VM_MODDIR, VM_KREL and VM_KSOURCE to
# Debian's current linux-image-amd64, fetching it into the cache first if
# it is not there.  VM_FETCHED=yes when it was fetched now.
vm_debian_kernel() {
	_dk_kc=$(db_cache_dir)/kernels
	mkdir -p "$_dk_kc" || db_die "cannot create the cache $_dk_kc"
	VM_FETCHED=no
	_dk_pkg=
	_dk_ver=
	if command -v apt-cache >/dev/null 2>&1; then
		# The metapackage depends on "linux-image-6.1.0-56-amd64 (=
		# 6.1.192-2)".  apt-cache takes seconds when it has to parse
		# the package lists, so the answer is kept until they change.
		_dk_sig=$(ls -l /var/lib/apt/lists/ 2>/dev/null | cksum | cut -d ' ' -f 1)
		_dk_memo=$_dk_kc/current
		if [ "$(sed -n 1p "$_dk_memo" 2>/dev/null)" = "$_dk_sig" ]; then
			# shellcheck disable=SC2046 # "package version"
			set -- $(sed -n 2p "$_dk_memo")
			_dk_pkg=${1:-}
			_dk_ver=${2:-}
		else
			# shellcheck disable=SC2046 # "package version"
			set -- $(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
				 sed -n 's/^Depends: \(linux-image-[^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | head -n 1)
			_dk_pkg=${1:-}
			_dk_ver=${2:-}
			[ -n "$_dk_ver" ] && printf '%s\n%s %s\n' "$_dk_sig" "$_dk_pkg" "$_dk_ver" |
				db_atomic_write "$_dk_memo"
		fi
	fi
	if [ -z "$_dk_pkg" ] || [ -z "$_dk_ver" ]; then
		# Offline or not Debian: the newest kernel fetched before.
		_dk_dir=$(ls -dt "$_dk_kc"/*/ok 2>/dev/null | head -n 1)
		[ -n "$_dk_dir" ] || db_die "cannot find Debian's linux-image-amd64 with apt-cache" \
			"(not a Debian system, or run 'apt-get update'): pass --kernel bzImage --modules DIR"
		_dk_dir=${_dk_dir%/ok}
		db_warn "apt-cache does not know linux-image-amd64: using the cached $(basename "$_dk_dir")"
	else
		_dk_dir=$_dk_kc/${_dk_pkg}_$_dk_ver
		[ -f "$_dk_dir/ok" ] || vm_fetch_debian_kernel "$_dk_pkg" "$_dk_ver" "$_dk_dir"
	fi
	vm_use_fetched_kernel "$_dk_dir"
}

# vm_use_fetched_kernel DIR: boot the kernel that vm_fetch_debian_kernel
# unpacked in DIR: set VM_KREL, VM_KERNEL, VM_MODDIR and VM_KSOURCE, and
# mark it used (the cache keeps what was used lately).
vm_use_fetched_kernel() {
	VM_KREL=$(cat "$1/release")
	VM_KERNEL=$1/vmlinuz
	VM_MODDIR=$1/root/lib/modules/$VM_KREL
	VM_KSOURCE="debian $(basename "$1" | tr _ ' ')"
	touch "$1/ok"
}

# vm_fetch_debian_kernel PACKAGE VERSION DIR: apt-get download, unpack the
# kernel image and the module trees the guest can need (not the 300 MB of
# GPU, network and sound drivers), depmod.  Built in a temporary directory
# renamed into place, so an interrupted fetch leaves nothing half made.
vm_fetch_debian_kernel() {
	db_info "fetching $1 $2 (apt-get download, unpacked in the cache, not installed)"
	_fk_t=$(mktemp -d "$3.tmp.XXXXXX") || db_die "cannot write in $(dirname "$3")"
	VM_CLEAN_FETCH=$_fk_t
	if ! (cd "$_fk_t" && apt-get download "$1=$2") >"$_fk_t/apt.log" 2>&1; then
		cat "$_fk_t/apt.log" >&2
		rm -rf "$_fk_t"
		db_die "apt-get download $1=$2 failed (try 'apt-get update', or pass --kernel and --modules)"
	fi
	_fk_deb=$(ls "$_fk_t"/*.deb 2>/dev/null | head -n 1)
	[ -n "$_fk_deb" ] || { rm -rf "$_fk_t"; db_die "apt-get download left no .deb in $_fk_t"; }
	mkdir -p "$_fk_t/root"
	# dpkg -x would unpack all of it; these are the trees that hold the
	# guest's modules and their dependencies (bookworm keeps them under
	# /lib, later releases under /usr/lib: tar warns about the other).
	_fk_pats=
	for _fk_p in lib usr/lib; do
		for _fk_s in 'modules.*' kernel/fs kernel/lib kernel/crypto kernel/arch \
			  kernel/mm kernel/block kernel/drivers/nvdimm kernel/drivers/dax \
			  kernel/drivers/virtio kernel/drivers/acpi kernel/drivers/block \
			  kernel/drivers/base kernel/drivers/char; do
			_fk_pats="$_fk_pats ./$_fk_p/modules/*/$_fk_s"
		done
	done
	# shellcheck disable=SC2086 # the patterns are words, kept from globbing by set -f
	(set -f; dpkg-deb --fsys-tarfile "$_fk_deb" |
		tar -x -C "$_fk_t/root" --wildcards './boot/vmlinuz-*' './boot/config-*' $_fk_pats) 2>"$_fk_t/tar.log"
	if [ -d "$_fk_t/root/usr/lib/modules" ] && [ ! -e "$_fk_t/root/lib/modules" ]; then
		mkdir -p "$_fk_t/root/lib" && mv "$_fk_t/root/usr/lib/modules" "$_fk_t/root/lib/modules"
	fi
	_fk_k=$(ls "$_fk_t"/root/boot/vmlinuz-* 2>/dev/null | head -n 1)
	_fk_rel=$(ls "$_fk_t/root/lib/modules" 2>/dev/null | head -n 1)
	if [ -z "$_fk_k" ] || [ -z "$_fk_rel" ]; then
		cat "$_fk_t/tar.log" >&2
		rm -rf "$_fk_t"
		db_die "$_fk_deb holds no kernel image or modules"
	fi
	rm -f "$_fk_deb"
	# The package ships no modules.dep: make one.
	depmod -b "$_fk_t/root" "$_fk_rel" 2>"$_fk_t/depmod.log" ||
		{ cat "$_fk_t/depmod.log" >&2; rm -rf "$_fk_t"; db_die "depmod -b failed"; }
	mv "$_fk_k" "$_fk_t/vmlinuz"
	echo "$_fk_rel" >"$_fk_t/release"
	touch "$_fk_t/ok"
	# -T: if another run got there first, fail rather than move ours
	# inside its directory.
	mv -T "$_fk_t" "$3" 2>/dev/null || rm -rf "$_fk_t"
	[ -f "$3/ok" ] || db_die "cannot move the kernel into $3"
	VM_CLEAN_FETCH=
	VM_FETCHED=yes
}

# vm_find_moddir DIR RELEASE: print the modules directory for RELEASE in
# DIR, which may be that directory itself, a /lib/modules, or the root of
# "make modules_install INSTALL_MOD_PATH=DIR".
vm_find_moddir() {
	for _fm_d in "$1/lib/modules/$2" "$1/usr/lib/modules/$2" "$1/$2" "$1"; do
		if [ -f "$_fm_d/modules.order" ] || [ -f "$_fm_d/modules.dep" ] ||
		   [ -f "$_fm_d/modules.builtin" ]; then
			echo "$_fm_d"
			return 0
		fi
	done
	return 1
}

# vm_first_module DIR: print one module file under DIR.
vm_first_module() {
	find "$1" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' 2>/dev/null |
		head -n 1
}

# vm_check_moddir DIR RELEASE: refuse a modules directory that is not for
# RELEASE, judged by the vermagic of its modules (their directory name can
# be anything when copied around).  Prints the modules directory.
vm_check_moddir() {
	_cm_m=$(vm_find_moddir "$1" "$2") ||
		db_usage_error "--modules $1: no modules.order, modules.dep or modules.builtin there or in lib/modules/$2"
	_cm_ko=$(vm_first_module "$_cm_m")
	if [ -n "$_cm_ko" ]; then
		_cm_vm=$(modinfo -F vermagic "$_cm_ko" 2>/dev/null | cut -d ' ' -f 1)
		[ -n "$_cm_vm" ] || db_usage_error "--modules $1: cannot read the vermagic of $_cm_ko (modinfo from kmod needed)"
		[ "$_cm_vm" = "$2" ] ||
			db_usage_error "--modules $1: the modules are for kernel $_cm_vm, but --kernel is $2"
	elif [ "$(basename "$_cm_m")" != "$2" ]; then
		db_usage_error "--modules $1: holds no modules and is not named $2"
	fi
	echo "$_cm_m"
}

# vm_kernel: set VM_KERNEL, VM_KREL, VM_MODDIR, VM_KSOURCE and VM_FETCHED
# for the kernel to boot: the user's --kernel, a Debian package named by
# --kernel deb:SPEC (scripts/vm/debkernel.sh), or Debian's current one.
vm_kernel() {
	case $VM_KERNEL_OPT in
	"") vm_debian_kernel; return ;;
	deb:*) vm_deb_kernel; return ;;
	esac
	VM_KERNEL=$VM_KERNEL_OPT
	VM_KSOURCE="user $VM_KERNEL_OPT"
	VM_FETCHED=no
	if [ -z "$VM_MODDIR" ]; then
		VM_MODDIR=$VM_WORK/no-modules
		mkdir -p "$VM_MODDIR"
		db_info "no modules for $VM_KREL: its drivers must be built in"
	fi
}
