# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the kernel modules the guest needs, staged for its
# initramfs with their dependencies, and the order it loads them in.
# Sourced by daxbench-vm, never run.
# shellcheck shell=sh

# The guest's modules: "group name", loaded in this order with their
# dependencies first.  Group "common" always, the others for their
# --pmem kind (device-dax, for the devdax path, only with nfit).  "?"
# marks a module that may be absent (built in, or not in that kernel:
# the guest then reports the path it serves unavailable, saying why).
VM_MODULES='
common ?crc32c_generic
common ?crc32c_intel
common ext4
common virtio_pci
common virtio_blk
common libnvdimm
common ?nd_btt
common nd_pmem
memmap nd_e820
nfit nfit
nfit ?dax_pmem
nfit ?device_dax
virtio virtio_pmem
common ?xfs
'

# vm_mod_config NAME: the config option behind a module, for messages.
vm_mod_config() {
	case $1 in
	ext4) echo CONFIG_EXT4_FS ;;
	virtio_pci) echo CONFIG_VIRTIO_PCI ;;
	virtio_blk) echo CONFIG_VIRTIO_BLK ;;
	libnvdimm) echo CONFIG_LIBNVDIMM ;;
	nd_pmem) echo CONFIG_BLK_DEV_PMEM ;;
	nd_e820) echo CONFIG_X86_PMEM_LEGACY ;;
	nfit) echo CONFIG_ACPI_NFIT ;;
	virtio_pmem) echo CONFIG_VIRTIO_PMEM ;;
	*) echo "the option for $1" ;;
	esac
}

# vm_mod_index MODDIR WORK: WORK/index ("name file" for every module
# under MODDIR, the first of a name winning) and WORK/builtin.
vm_mod_index() {
	find "$1" \( -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' \) 2>/dev/null |
		awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n);
		       gsub(/-/, "_", n); if (!(n in s)) { s[n] = 1; print n, $0 } }' >"$2/index"
	if [ -f "$1/modules.builtin" ]; then
		sed 's,.*/,,; s,\.ko$,,; s,-,_,g' "$1/modules.builtin" >"$2/builtin"
	else
		: >"$2/builtin"
	fi
}

# vm_mod_graph WORK: WORK/graph, "name file dep dep ..." for the listed
# modules and everything they depend on (modinfo reads the dependencies
# from each module, so no modules.dep is needed in a user's directory).
vm_mod_graph() {
	_mg_w=$1
	: >"$_mg_w/graph"
	_mg_todo=$(echo "$VM_MODULES" | awk 'NF { n = $2; sub(/^\?/, "", n); print n }')
	_mg_seen=' '
	while :; do
		# shellcheck disable=SC2086 # a list of names
		set -- $_mg_todo
		# A module without dependencies leaves only blanks behind.
		[ $# -gt 0 ] || break
		_mg_n=$1
		shift
		_mg_todo=$*
		case $_mg_seen in *" $_mg_n "*) continue ;; esac
		_mg_seen="$_mg_seen$_mg_n "
		_mg_f=$(awk -v n="$_mg_n" '$1 == n { print $2; exit }' "$_mg_w/index")
		[ -n "$_mg_f" ] || continue
		_mg_deps=$(modinfo -F depends "$_mg_f" 2>/dev/null | tr ',-' ' _')
		echo "$_mg_n $_mg_f $_mg_deps" >>"$_mg_w/graph"
		_mg_todo="$_mg_todo $_mg_deps"
	done
}

# vm_mod_plan WORK: WORK/plan, what to load in which order
# (scripts/vm/modules.awk says how).
vm_mod_plan() {
	echo "$VM_MODULES" | awk -v graph="$1/graph" -v builtin="$1/builtin" \
		-f "$(vm_helper modules.awk)" >"$1/plan"
}

# vm_mod_check MODDIR RELEASE KIND WORK: die when a module that KIND needs
# is neither there nor built in.
vm_mod_check() {
	_mc_bad=$(awk -v k="$3" '$1 == "missing" && ($2 == "common" || $2 == k) { print $3 }' "$4/plan")
	[ -n "$_mc_bad" ] || return 0
	if [ -s "$4/builtin" ]; then
		_mc_why=
		for _mc_b in $_mc_bad; do
			_mc_why="$_mc_why $_mc_b ($(vm_mod_config "$_mc_b"))"
		done
		db_die "kernel $2 has neither a module nor a built-in driver for:$_mc_why; --pmem $3 needs them"
	fi
	# No modules.builtin: trust that they are built in; the guest says
	# so if a device does not appear.
	db_warn "no module for $(echo "$_mc_bad" | tr '\n' ' ')in $1: assuming they are built into the kernel"
}

# vm_mod_copy MODDIR STAGE RELEASE WORK: each module of the plan,
# decompressed (busybox insmod reads plain .ko), into
# STAGE/lib/modules/RELEASE, listed in STAGE/lib/modules/daxbench.load.
vm_mod_copy() {
	_mk_dst=$2/lib/modules/$3
	: >"$2/lib/modules/daxbench.load"
	while read -r _mk_what _mk_g _mk_n _mk_f; do
		[ "$_mk_what" = load ] || continue
		_mk_rp=${_mk_f#"$1"/}
		case $_mk_rp in
		*.ko.xz) _mk_rp=${_mk_rp%.xz}; _mk_cat="xz -dc" ;;
		*.ko.zst) _mk_rp=${_mk_rp%.zst}; _mk_cat="zstd -qdc" ;;
		*.ko.gz) _mk_rp=${_mk_rp%.gz}; _mk_cat="gzip -dc" ;;
		*) _mk_cat="cat" ;;
		esac
		mkdir -p "$_mk_dst/$(dirname "$_mk_rp")"
		$_mk_cat "$_mk_f" >"$_mk_dst/$_mk_rp" || db_die "cannot copy $_mk_f ($_mk_cat)"
		echo "$_mk_g $_mk_rp" >>"$2/lib/modules/daxbench.load"
	done <"$4/plan"
	for _mk_f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$1/$_mk_f" ] && cp "$1/$_mk_f" "$_mk_dst/"
	done
	# For busybox modprobe (the kernel's request_module) in the guest.
	depmod -b "$2" "$3" 2>/dev/null || true
}

# vm_stage_modules MODDIR RELEASE KIND STAGE: copy the modules the guest
# needs into STAGE/lib/modules/RELEASE, with modules.dep made by depmod
# for busybox modprobe, and write STAGE/lib/modules/daxbench.load.  Dies
# when a module that KIND needs is neither there nor built in.
vm_stage_modules() {
	_sm_w=$4/.modwork
	mkdir -p "$4/lib/modules/$2" "$_sm_w" || return 1
	vm_mod_index "$1" "$_sm_w"
	vm_mod_graph "$_sm_w"
	vm_mod_plan "$_sm_w"
	vm_mod_check "$1" "$2" "$3" "$_sm_w"
	vm_mod_copy "$1" "$4" "$2" "$_sm_w"
	rm -rf "$_sm_w"
}
