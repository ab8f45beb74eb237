# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the guest's initramfs.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh disable=SC2034 # the VM_* it sets are daxbench-vm's
#
# The image is an uncompressed newc cpio of: /init, busybox, mke2fs, fio,
# xfs_io, ndctl, blkid and mkfs.xfs with every shared library ldd names, the kernel modules, and
# the daxbench programs in their installed layout.  It is cached under a
# key that is the hash of every packed file's guest path, mode and
# content, so any change to any of them builds a new image and nothing
# else does.  What changes from run to run (the command, extra files) goes
# into a second, tiny cpio appended to it (scripts/vm/run-layer.sh).

# vm_is_elf FILE
vm_is_elf() {
	[ "$(od -An -N 4 -t x1 "$1" 2>/dev/null | tr -d ' ')" = 7f454c46 ]
}

# vm_list_add TYPE GUESTPATH SOURCE: one line of the image list.  TYPE is
# f (file, mode kept), x (file made executable) or l (symlink to SOURCE).
vm_list_add() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$VM_LIST"
}

# vm_add_libs FILE: the shared libraries and the ELF interpreter FILE
# needs, at the paths ldd gives (RUNPATHs point there).
vm_add_libs() {
	vm_is_elf "$1" || return 0
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3; next }
		$2 == "=>" && $3 == "not" { print "MISSING " $1; next }
		$1 ~ /^\// { print $1 }' | while read -r _al_l _al_m; do
		if [ "$_al_l" = MISSING ]; then
			db_warn "$1 needs $_al_m, which ldd cannot find: it will not run in the guest"
			continue
		fi
		echo "$_al_l"
	done >>"$VM_LIBS"
}

# vm_add_tool NAME GUESTPATH [required]: a host program and its libraries.
vm_add_tool() {
	_at_p=$(PATH=$PATH:/sbin:/usr/sbin command -v "$1" 2>/dev/null)
	if [ -z "$_at_p" ]; then
		[ "${3:-}" = required ] && db_die "$1 is needed for the guest image (Debian package $4)"
		db_warn "$1 not found: the guest will have no $1 (Debian package $4)"
		return 0
	fi
	vm_list_add x "$2" "$_at_p"
	vm_add_libs "$_at_p"
	VM_TOOLS="$VM_TOOLS $1"
}

# vm_add_tree SRCDIR GUESTDIR: every file and symlink under SRCDIR.
vm_add_tree() {
	(cd "$1" && find . \( -type f -o -type l \) | sort) | while read -r _tr_f; do
		_tr_f=${_tr_f#./}
		if [ -L "$1/$_tr_f" ]; then
			vm_list_add l "$2/$_tr_f" "$(readlink "$1/$_tr_f")"
		else
			vm_list_add f "$2/$_tr_f" "$1/$_tr_f"
			[ -x "$1/$_tr_f" ] && vm_add_libs "$1/$_tr_f"
		fi
	done
}

# vm_stage_daxbench STAGE: the daxbench programs in their installed
# layout, in STAGE/dest.  Sets VM_GUEST_BINDIR.
vm_stage_daxbench() {
	VM_GUEST_BINDIR=
	case ${DB_MODE:-} in
	build)
		# "make install" gives exactly what a user installs, at the
		# configured prefix.  MAKEFLAGS of a surrounding make (make
		# check) must not leak into it.
		if ! (unset MAKEFLAGS MFLAGS MAKELEVEL
		      make -s -C "$DB_BUILDDIR" install DESTDIR="$1/dest") >"$1/install.log" 2>&1; then
			tail -n 20 "$1/install.log" >&2
			db_die "make -C $DB_BUILDDIR install DESTDIR=... failed (is the tree built?)"
		fi
		_sd_b=$(cd "$1/dest" && find . -path '*/bin/daxbench' -type f | head -n 1)
		[ -n "$_sd_b" ] || db_die "make install put no bin/daxbench into $1/dest"
		_sd_b=${_sd_b#.}
		VM_GUEST_BINDIR=${_sd_b%/daxbench}
		# Documentation is no use in the guest.
		find "$1/dest" -type d \( -path '*/share/doc' -o -path '*/share/man' \) \
			-prune -exec rm -rf {} + 2>/dev/null
		;;
	installed)
		_sd_bindir=$(cd "$DB_PKGLIBEXECDIR/../../bin" 2>/dev/null && pwd)
		[ -n "$_sd_bindir" ] && [ -x "$_sd_bindir/daxbench" ] ||
			db_die "cannot find the installed daxbench beside $DB_PKGLIBEXECDIR"
		VM_GUEST_BINDIR=$_sd_bindir
		mkdir -p "$1/dest$_sd_bindir"
		for _sd_f in "$_sd_bindir"/daxbench "$_sd_bindir"/daxbench-*; do
			[ -e "$_sd_f" ] && cp -P "$_sd_f" "$1/dest$_sd_bindir/"
		done
		for _sd_d in "$DB_PKGLIBEXECDIR" "$DB_PKGDATADIR"; do
			[ -d "$_sd_d" ] || continue
			mkdir -p "$1/dest$_sd_d"
			cp -RP "$_sd_d/." "$1/dest$_sd_d/"
		done
		;;
	*)
		db_warn "not run through the daxbench front door: no daxbench programs in the guest"
		mkdir -p "$1/dest"
		;;
	esac
}

# vm_image_list STAGE: write the image list ($VM_LIST) and stage what has
# to be made first (modules, daxbench, generated files) under STAGE.
vm_image_list() {
	_il_st=$1
	VM_LIST=$_il_st/list
	VM_LIBS=$_il_st/libs
	VM_TOOLS=
	: >"$VM_LIST"
	: >"$VM_LIBS"
	mkdir -p "$_il_st/gen/etc"

	vm_list_add x /init "$(vm_helper init)"
	vm_list_add f /lib/daxbench/init-paths "$(vm_helper init-paths)"
	_il_bb=$(command -v busybox 2>/dev/null || echo /bin/busybox)
	[ -x "$_il_bb" ] || db_die "busybox is needed for the guest image (Debian package busybox-static)"
	vm_is_elf "$_il_bb" && ldd "$_il_bb" >/dev/null 2>&1 && vm_add_libs "$_il_bb"
	vm_list_add x /bin/busybox "$_il_bb"

	vm_add_tool mke2fs /usr/sbin/mke2fs required e2fsprogs
	vm_list_add l /usr/sbin/mkfs.ext4 mke2fs
	vm_list_add l /usr/sbin/mkfs.ext2 mke2fs
	[ -f /etc/mke2fs.conf ] && vm_list_add f /etc/mke2fs.conf /etc/mke2fs.conf
	vm_add_tool fio /usr/bin/fio "" fio
	vm_add_tool xfs_io /usr/sbin/xfs_io "" xfsprogs
	vm_add_tool ndctl /usr/bin/ndctl "" ndctl
	vm_add_tool blkid /usr/sbin/blkid "" util-linux
	vm_add_tool mkfs.xfs /usr/sbin/mkfs.xfs "" xfsprogs

	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$_il_st/gen/etc/passwd"
	printf 'root:x:0:\n' >"$_il_st/gen/etc/group"
	vm_list_add f /etc/passwd "$_il_st/gen/etc/passwd"
	vm_list_add f /etc/group "$_il_st/gen/etc/group"

	# In a subshell: whatever goes wrong there (a shell error included,
	# which exits 2, the code of a bad option) is a run-time failure.
	(vm_stage_modules "$VM_MODDIR" "$VM_KREL" "$VM_KIND" "$_il_st/mod") ||
		db_die "cannot stage the modules of kernel $VM_KREL from $VM_MODDIR"
	vm_add_tree "$_il_st/mod/lib/modules" /lib/modules

	vm_stage_daxbench "$_il_st"
	vm_add_tree "$_il_st/dest" ""

	sort -u "$VM_LIBS" | while read -r _il_l; do
		vm_list_add f "$_il_l" "$_il_l"
	done
	# One entry per guest path; the first wins (sort -s keeps order).
	sort -s -t "$(printf '\t')" -k 2,2 -u "$VM_LIST" >"$VM_LIST.u" && mv "$VM_LIST.u" "$VM_LIST"
}

# vm_image_key: a hash of the list with each file's content hash in
# place of its host path (one sha256sum for all the files).
vm_image_key() {
	awk -F '\t' '$1 != "l" { print $3 }' "$VM_LIST" >"$VM_LIST.src"
	tr '\n' '\0' <"$VM_LIST.src" | xargs -0 sha256sum >"$VM_LIST.sum" 2>/dev/null ||
		db_die "cannot read a file the guest image needs: $(tr '\n' '\0' <"$VM_LIST.src" | xargs -0 sha256sum 2>&1 >/dev/null | head -n 1)"
	awk -F '\t' -v sums="$VM_LIST.sum" '
		BEGIN { while ((getline l < sums) > 0) { h = substr(l, 1, 64); p = substr(l, 67); sum[p] = h } }
		$1 == "l" { print "l", $2, $3; next }
		{ print $1, $2, sum[$3] }' "$VM_LIST" |
		{ echo "daxbench-vm image 1"; cat; } | sha256sum | cut -c 1-16
}

# vm_image_build OUT: stage the files of the list and pack them.
vm_image_build() {
	# shellcheck disable=SC2153 # VM_STAGE: set by vm_dirs (results.sh)
	_ib_r=$VM_STAGE/root
	rm -rf "$_ib_r"
	mkdir -p "$_ib_r/proc" "$_ib_r/sys" "$_ib_r/dev" "$_ib_r/run" "$_ib_r/tmp" "$_ib_r/mnt" "$_ib_r/root" \
		 "$_ib_r/bin" "$_ib_r/sbin" "$_ib_r/usr/bin" "$_ib_r/usr/sbin" "$_ib_r/etc" "$_ib_r/lib64"
	_ib_tab=$(printf '\t')
	while IFS="$_ib_tab" read -r _ib_t _ib_g _ib_s; do
		mkdir -p "$_ib_r$(dirname "$_ib_g")"
		case $_ib_t in
		l) ln -sf "$_ib_s" "$_ib_r$_ib_g" ;;
		x) cp -L "$_ib_s" "$_ib_r$_ib_g" && chmod 755 "$_ib_r$_ib_g" ;;
		*) cp -Lp "$_ib_s" "$_ib_r$_ib_g" ;;
		esac || db_die "cannot stage $_ib_s"
	done <"$VM_LIST"
	# Packed as root:root whoever builds it, without device nodes
	# (/init opens the console once devtmpfs is mounted).
	# Uncompressed: the guest unpacks it about twice as fast as gzip
	# (measured under TCG: initrd freed at 4.2 s of uptime instead of
	# 10.5 s), and the cache keeps only a few images.
	(cd "$_ib_r" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$1.tmp" ||
		{ rm -f "$1.tmp"; db_die "cpio failed"; }
	mv -f "$1.tmp" "$1"
	rm -rf "$_ib_r"
}

# vm_image: set VM_IMAGE to the cached image for this kernel and these
# programs, building it if needed; VM_BUILT=yes when it was built now.
vm_image() {
	_im_ic=$(db_cache_dir)/images
	mkdir -p "$_im_ic" || db_die "cannot create the cache $_im_ic"
	vm_image_list "$VM_STAGE"
	VM_IMAGE_KEY=$(vm_image_key)
	VM_IMAGE=$_im_ic/initramfs-$VM_KREL-$VM_IMAGE_KEY.cpio
	if [ -s "$VM_IMAGE" ]; then
		VM_BUILT=no
		touch "$VM_IMAGE"
	else
		db_info "building the guest image ($(wc -l <"$VM_LIST") files)"
		vm_image_build "$VM_IMAGE"
		VM_BUILT=yes
		# Keep the newest few: every change to the programs makes one.
		vm_prune "$_im_ic" 'initramfs-*.cpio'
	fi
}
