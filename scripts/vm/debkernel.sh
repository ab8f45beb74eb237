# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: "--kernel deb:SPEC", a Debian kernel package by version or
# name.  Sourced (by daxbench-vm and daxbench-ab), never run; needs
# kernel.sh for vm_fetch_debian_kernel.
# shellcheck shell=sh disable=SC2034 # the VM_* it sets are daxbench-vm's
#
# SPEC is one of
#   6.1.0-57            linux-image-6.1.0-57-amd64
#   6.12.113+deb12      linux-image-6.12.113+deb12-amd64
#   6.12                the newest linux-image-6.12.*-amd64 apt knows
#   linux-image-NAME    that package (-unsigned ones hold the same image)
#   any of these =VER   that version of it
# fetched with apt-get download into the same cache as the default
# kernel (never installed on the host), so deb:6.1.0-57 and the default
# kernel share one copy when they are the same package.

# vm_deb_pkg_version PACKAGE: the version apt would fetch, or nothing.
vm_deb_pkg_version() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1
}

# vm_deb_newest PREFIX: the newest plain -amd64 image package whose name
# starts with linux-image-PREFIX followed by "." or "-".
vm_deb_newest() {
	apt-cache pkgnames "linux-image-$1" 2>/dev/null |
		grep -E "^linux-image-$(echo "$1" | sed 's/[.+]/\\&/g')[.-][0-9][^ ]*-amd64$" |
		grep -v -e cloud -e '-rt-' | sort -V | tail -n 1
}

# vm_deb_cached SPEC: a fetched kernel in the cache matching SPEC (for
# machines where apt-cache does not know the package, e.g. offline).
vm_deb_cached() {
	for _dc_d in "$(db_cache_dir)/kernels/linux-image-$1-amd64_"*/ \
		     "$(db_cache_dir)/kernels/linux-image-$1_"*/ \
		     "$(db_cache_dir)/kernels/$1_"*/; do
		[ -f "$_dc_d/ok" ] && { echo "${_dc_d%/}"; return 0; }
	done
	return 1
}

# vm_deb_resolve SPEC: set VM_DEB_PKG and VM_DEB_VER (and VM_DEB_DIR when
# only the cache knows it), or exit 2 naming what was not found.
vm_deb_resolve() {
	_dr_s=${1#deb:}
	VM_DEB_PKG='' VM_DEB_VER='' VM_DEB_DIR=''
	case $_dr_s in
	"") db_usage_error "--kernel $1: expected deb:VERSION or deb:PACKAGE (e.g. deb:6.1.0-57, deb:6.12.113+deb12)" ;;
	*[!A-Za-z0-9.+~:=_-]*) db_usage_error "--kernel $1: '$_dr_s' is not a Debian package name or version" ;;
	esac
	_dr_want=
	case $_dr_s in
	*=*) _dr_want=${_dr_s#*=}; _dr_s=${_dr_s%%=*} ;;
	esac
	if command -v apt-cache >/dev/null 2>&1; then
		case $_dr_s in
		linux-image-*) _dr_cands=$_dr_s ;;
		*-amd64) _dr_cands="linux-image-$_dr_s linux-image-$_dr_s-unsigned" ;;
		*) _dr_cands="linux-image-$_dr_s-amd64 linux-image-$_dr_s-amd64-unsigned" ;;
		esac
		for _dr_p in $_dr_cands; do
			_dr_v=$(vm_deb_pkg_version "$_dr_p")
			[ -n "$_dr_v" ] || continue
			VM_DEB_PKG=$_dr_p
			VM_DEB_VER=${_dr_want:-$_dr_v}
			break
		done
		if [ -z "$VM_DEB_PKG" ]; then
			case $_dr_s in
			linux-image-*|*-amd64) ;;
			*) VM_DEB_PKG=$(vm_deb_newest "$_dr_s")
			   [ -n "$VM_DEB_PKG" ] && VM_DEB_VER=${_dr_want:-$(vm_deb_pkg_version "$VM_DEB_PKG")} ;;
			esac
		fi
		if [ -n "$VM_DEB_PKG" ] && [ -n "$_dr_want" ] &&
		   ! apt-cache madison "$VM_DEB_PKG" 2>/dev/null | awk -F ' *\\| *' -v v="$_dr_want" '$2 == v { f = 1 } END { exit !f }'; then
			db_usage_error "--kernel $1: apt knows $VM_DEB_PKG but not version $_dr_want ('apt-cache madison $VM_DEB_PKG')"
		fi
	fi
	# A metapackage (linux-image-6.12-amd64, linux-image-amd64) holds no
	# image: follow it to the one it depends on, as apt would.
	if [ -n "$VM_DEB_PKG" ]; then
		# shellcheck disable=SC2046 # "package version"
		set -- "$1" $(apt-cache show "$VM_DEB_PKG=$VM_DEB_VER" 2>/dev/null |
			sed -n 's/^Depends: \(linux-image-[^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | head -n 1)
		[ $# -eq 3 ] && VM_DEB_PKG=$2 VM_DEB_VER=$3
	fi
	[ -n "$VM_DEB_PKG" ] && [ -n "$VM_DEB_VER" ] && return 0
	if VM_DEB_DIR=$(vm_deb_cached "$_dr_s"); then
		db_warn "apt-cache does not know '$_dr_s': using the cached $(basename "$VM_DEB_DIR")"
		return 0
	fi
	db_usage_error "--kernel $1: Debian has no kernel package for '$_dr_s' that apt knows" \
		"(tried ${_dr_cands:-apt-cache}; 'apt-cache search linux-image-6.1' lists them; 'apt-get update' refreshes)"
}

# vm_deb_kernel: fetch what vm_deb_resolve found (unless cached) and set
# VM_KERNEL, VM_MODDIR, VM_KREL, VM_KSOURCE and VM_FETCHED, as
# vm_debian_kernel does for the default kernel.
vm_deb_kernel() {
	VM_FETCHED=no
	if [ -z "$VM_DEB_DIR" ]; then
		_dk_kc=$(db_cache_dir)/kernels
		mkdir -p "$_dk_kc" || db_die "cannot create the cache $_dk_kc"
		VM_DEB_DIR=$_dk_kc/${VM_DEB_PKG}_$VM_DEB_VER
		[ -f "$VM_DEB_DIR/ok" ] || vm_fetch_debian_kernel "$VM_DEB_PKG" "$VM_DEB_VER" "$VM_DEB_DIR"
	fi
	vm_use_fetched_kernel "$VM_DEB_DIR"
}
