# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: guest instruction counts (docs/insns.md).  Sourced by
# daxbench-vm, never run.
# shellcheck shell=sh disable=SC2034 # the VM_* it sets are daxbench-vm's
#
# Under TCG the daxbench-insns QEMU plugin counts the instructions of
# every measured region; the guest sends back its /proc/kallsyms; after
# the run daxbench-insns-join puts the counts into the result files by
# region id.  Anything that stops counting (--no-insns, KVM, a plugin
# that will not load) leaves the results without insns_* metrics and
# with a note that says why: never a number that was not counted.
#
# Uses daxbench-vm's variables: accel, cpus, cpus_given, QEMU, WORK, out.
# Sets VM_INSNS (on/off), VM_INSNS_WHY (why off), VM_INSNS_ARGS (QEMU's).

VM_INSNS=off
VM_INSNS_WHY=
VM_INSNS_ARGS=
VM_INSNS_JOINED=
VM_INSNS_NOTE="guest clock driven by its instruction count while counting (QEMU -icount shift=3): its times are virtual"

# vm_insns_plugin: the plugin's path: $DAXBENCH_INSNS_PLUGIN, else the
# built tree's or the installed one.
vm_insns_plugin() {
	if [ -n "${DAXBENCH_INSNS_PLUGIN:-}" ]; then
		echo "$DAXBENCH_INSNS_PLUGIN"
		return 0
	fi
	for _ip in "${DB_BUILDDIR:-}/qemu-plugin/daxbench-insns.so" \
		   "${DB_PKGLIBEXECDIR:-}/daxbench-insns.so"; do
		[ -f "$_ip" ] && { echo "$_ip"; return 0; }
	done
	return 1
}

# vm_insns_probe PLUGIN: does this QEMU load the plugin and speak its
# API?  The plugin answers in a file and stops QEMU at once.  Sets
# VM_INSNS_WHY when not.
vm_insns_probe() {
	_ipf=$WORK/insns-probe
	rm -f "$_ipf"
	"$QEMU" -M none -accel tcg -nodefaults -no-user-config -display none \
		-plugin "$1,out=$_ipf,probe=on" </dev/null >/dev/null 2>"$WORK/insns-probe.err"
	if grep -q '^probe ok' "$_ipf" 2>/dev/null; then
		return 0
	fi
	if [ -s "$_ipf" ]; then
		VM_INSNS_WHY="the QEMU plugin refused this QEMU: $(sed 's/^unsupported //' "$_ipf" | head -n 1)"
	else
		VM_INSNS_WHY="QEMU could not load the plugin $1: $(grep -v '^$' "$WORK/insns-probe.err" | head -n 1)"
	fi
	return 1
}

# vm_insns_setup WANTED: decide whether this run counts (WANTED is yes
# or no, from --no-insns), after the accelerator is known.  Counting
# needs one vCPU: the plugin API's inline counters are shared by all.
vm_insns_setup() {
	VM_INSNS=off
	if [ "$1" != yes ]; then
		VM_INSNS_WHY="turned off (daxbench vm --no-insns)"
		return 0
	fi
	if [ "$accel" != tcg ]; then
		VM_INSNS_WHY="not counted under $accel: the QEMU plugin counts under TCG only (on a rig, the PMU counts)"
		return 0
	fi
	if [ "${cpus_given:-no}" = yes ] && [ "$cpus" -ne 1 ]; then
		VM_INSNS_WHY="not counted: --cpus $cpus, and counting needs one vCPU (QEMU 7.2's plugin counters are shared by all vCPUs)"
		db_warn "instruction counts off: $VM_INSNS_WHY"
		return 0
	fi
	if ! _ipl=$(vm_insns_plugin); then
		VM_INSNS_WHY="the daxbench-insns QEMU plugin is not built (configure found no QEMU?)"
		db_warn "instruction counts off: $VM_INSNS_WHY"
		return 0
	fi
	case $_ipl$WORK in
	*,*)
		VM_INSNS_WHY="a comma in $_ipl or $WORK: QEMU's -plugin option cannot take it"
		db_warn "instruction counts off: $VM_INSNS_WHY"
		return 0 ;;
	esac
	if ! vm_insns_probe "$_ipl"; then
		db_warn "instruction counts off: $VM_INSNS_WHY"
		return 0
	fi
	VM_INSNS=on
	VM_INSNS_WHY=
	# The guest's clock driven by its instruction count (8 ns each,
	# idle time skipped): timer interrupts fall at the same instructions
	# however loaded the host is, and the kernel's counts stop moving
	# with the host's load (docs/insns.md, "Noise").
	VM_INSNS_ARGS="-plugin $_ipl,out=$WORK/insns.counts -icount shift=3,sleep=off"
	cpus=1
}

# vm_insns_results: the result files the guest sent back.
vm_insns_results() {
	find "$out" -name '*.json' ! -name 'vm.json' ! -name 'run.json' -type f 2>/dev/null
}

# vm_insns_collect: join the counts into the results in $out.  A failure
# here is reported and the results stay (with a note), never lost.
vm_insns_collect() {
	_ij=$(db_prog daxbench-insns-join 2>/dev/null) || {
		db_warn "daxbench-insns-join is not built: instruction counts not joined"
		return 0
	}
	_ir=$WORK/insns-results
	vm_insns_results >"$_ir"
	[ -s "$_ir" ] || return 0
	if [ "$VM_INSNS" = on ]; then
		[ -f "$WORK/insns.counts" ] && grep -v '^[0-9a-f]* [0-9]*$' "$WORK/insns.counts" >"$out/vm-insns.log"
		set -- --counts "$WORK/insns.counts" --note "$VM_INSNS_NOTE"
		[ -s "$WORK/res/meta/kallsyms" ] && set -- "$@" --kallsyms "$WORK/res/meta/kallsyms"
	else
		set -- --absent "$VM_INSNS_WHY"
	fi
	# One file per line; result names come from our own guest run.
	while IFS= read -r _irf; do
		set -- "$@" "$_irf"
	done <"$_ir"
	if "$_ij" "$@" >"$WORK/insns-join.log" 2>&1; then
		VM_INSNS_JOINED=ok
	else
		VM_INSNS_JOINED=incomplete
		db_warn "instruction counts: not every region was counted ($out/vm-insns-join.log):"
		sed 's/^/  | /' "$WORK/insns-join.log" | head -n 10 >&2
	fi
	cp "$WORK/insns-join.log" "$out/vm-insns-join.log"
	[ "$VM_INSNS" = on ] && db_info "$(grep '^insns:' "$WORK/insns-join.log" | tail -n 1)"
	return 0
}

# vm_insns_json: the "insns" member of vm.json.
vm_insns_json() {
	printf '{"counting": %s, "reason": %s, "joined": %s}' \
		"$([ "$VM_INSNS" = on ] && echo true || echo false)" \
		"$(json_str "$VM_INSNS_WHY")" \
		"$(json_str "${VM_INSNS_JOINED:-}")"
}
