# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench ab: one side's kernel, from its spec to the options daxbench
# vm boots it with, and its identity for the report.  Sourced by
# daxbench-ab (which also sources scripts/vm/kernel.sh and debkernel.sh),
# never run.
# shellcheck shell=sh disable=SC2034 # AB_VMK is daxbench-ab's
#
#   deb:SPEC   a Debian kernel package: resolved with apt-cache now (a
#              bad SPEC is a usage error before anything runs) and
#              fetched into the cache once, for every round
#   FILE       a bzImage, with --base-modules / --test-modules DIR
#   DIR        a kernel source tree, built by daxbench kbuild (with
#              --series / --base-series applied) into the cache
#
# ab_kernel_check SIDE SPEC MODULES SERIES: refuse a bad spec (exit 2).
# ab_kernel_prepare SIDE SPEC MODULES SERIES: fetch or build; sets
# AB_VMK (the --kernel/--modules options for daxbench vm) and appends
# the side's identity to the A/B state.

ab_kernel_kind() {
	case $1 in
	deb:*) echo deb ;;
	*) if [ -d "$1" ]; then echo tree; elif [ -f "$1" ]; then echo image; else echo none; fi ;;
	esac
}

ab_kernel_check() {
	_kc_opt=$(echo "$1" | tr '[:lower:]' '[:upper:]')
	case $(ab_kernel_kind "$2") in
	deb)
		[ -z "$3" ] || db_usage_error "--$1-modules: not with $2 (the package has its own)"
		[ -z "$4" ] || db_usage_error "a series needs a source tree; $_kc_opt is $2"
		vm_deb_resolve "$2" ;;
	image)
		vm_kernel_release "$2" >/dev/null ||
			db_usage_error "$_kc_opt $2: not an x86 bzImage (no boot protocol header)"
		[ -z "$3" ] || [ -d "$3" ] || db_usage_error "--$1-modules $3: no such directory"
		[ -z "$4" ] || db_usage_error "a series needs a source tree; $_kc_opt is the image $2" ;;
	tree)
		[ -z "$3" ] || db_usage_error "--$1-modules: not with the source tree $2 (built without modules)"
		kb_tree_check "$2" ;;
	*)
		db_usage_error "$_kc_opt '$2': no such file or directory (expected deb:VERSION, a bzImage or a kernel source tree)" ;;
	esac
}

# ab_side KEY VALUE: one identity line of the current side ($AB_SIDE).
ab_side() {
	ab_state_add "side	$AB_SIDE	$1	$2"
}

ab_kernel_prepare() {
	AB_SIDE=$1
	ab_side spec "$2"
	ab_side kind "$(ab_kernel_kind "$2")"
	case $(ab_kernel_kind "$2") in
	deb)
		vm_deb_resolve "$2"
		vm_deb_kernel
		AB_VMK="--kernel deb:$(basename "$VM_DEB_DIR" | sed 's/_/=/')"
		ab_side release "$VM_KREL"
		ab_side source "$VM_KSOURCE"
		ab_side image "$VM_KERNEL" ;;
	image)
		VM_KERNEL=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
		VM_KREL=$(vm_kernel_release "$VM_KERNEL")
		AB_VMK="--kernel $VM_KERNEL${3:+ --modules $(cd "$3" && pwd)}"
		ab_side release "$VM_KREL"
		ab_side source "image $VM_KERNEL${3:+ with modules $3}"
		ab_side image "$VM_KERNEL" ;;
	tree)
		_kp_img=$("$KBUILD_PROG" ${4:+--series "$4"} ${AB_JOBS:+--jobs "$AB_JOBS"} "$2") ||
			ab_fail_prepare "$1" "cannot build $2${4:+ with $4}"
		_kp_info=$(dirname "$_kp_img")/info
		VM_KERNEL=$_kp_img
		VM_KREL=$(sed -n 's/^release=//p' "$_kp_info")
		AB_VMK="--kernel $_kp_img"
		ab_side release "$VM_KREL"
		ab_side source "tree $(sed -n 's/^tree=//p' "$_kp_info") $(sed -n 's/^version=//p' "$_kp_info")${KB_COMMIT:+ }$(sed -n 's/^commit=//p' "$_kp_info")"
		ab_side image "$_kp_img"
		if [ -n "$4" ]; then
			ab_side series "$4"
			ab_side patches "$(sed -n 's/^patches=//p' "$_kp_info")"
			ab_side series_key "$(sed -n 's/^series_key=//p' "$_kp_info")"
		fi
		ab_side build_seconds "$(sed -n 's/^build_seconds=//p' "$_kp_info")"
		ab_side build "daxbench kbuild, key $(basename "$(dirname "$_kp_img")")" ;;
	esac
	ab_side sha256 "$(sha256sum <"$VM_KERNEL" | cut -c 1-16)"
}
