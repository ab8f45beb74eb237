# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: guest instruction counts (docs/insns.md).  Sourced by
# daxbench-vm, never run; joins the run through its hooks.
# shellcheck shell=sh
#
# Under TCG the daxbench-insns QEMU plugin counts the instructions of
# every measured region; the guest sends back its /proc/kallsyms; after
# the run daxbench-insns-join puts the counts into the result files by
# region id.  Anything that stops counting (--no-insns, KVM, a plugin
# that will not load) leaves the results without insns_* metrics and
# with a note that says why: never a number that was not counted.
#
# Uses: VM_INSNS_WANT, VM_CPUS_GIVEN (options.sh), VM_ACCEL, VM_CPUS,
# VM_WORK, VM_OUT, QEMU.  Sets VM_INSNS (on/off), VM_INSNS_WHY (why off).

VM_INSNS=off
VM_INSNS_WHY=
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

# vm_insns_join_prog: daxbench-insns-join, built or installed.
vm_insns_join_prog() {
	for _ij in "${DB_BUILDDIR:-}/tools/insns/daxbench-insns-join" \
		   "${DB_PKGLIBEXECDIR:-}/daxbench-insns-join"; do
		[ -x "$_ij" ] && { echo "$_ij"; return 0; }
	done
	return 1
}

# vm_insns_probe PLUGIN: does this QEMU load the plugin, and does the
# plugin speak its API?  The plugin answers in a file and stops QEMU at
# once.  Sets VM_INSNS_WHY when not.
vm_insns_probe() {
	_ipf=$VM_WORK/insns-probe
	rm -f "$_ipf"
	# Within the guest's own time limit: a QEMU that hangs is a no.
	_ipt=60
	[ "$VM_TIMEOUT" -lt $_ipt ] && _ipt=$VM_TIMEOUT
	"$QEMU" -M none -accel tcg -nodefaults -no-user-config -display none \
		-plugin "$1,out=$_ipf,probe=on" </dev/null >/dev/null 2>"$VM_WORK/insns-probe.err" &
	VM_QPID=$!
	vm_wait "$VM_QPID" "$_ipt"
	VM_QPID=
	grep -q '^probe ok' "$_ipf" 2>/dev/null && return 0
	if [ -f "$VM_WORK/timed-out" ]; then
		VM_INSNS_WHY="QEMU did not answer the plugin probe within $_ipt s"
	elif [ -s "$_ipf" ]; then
		VM_INSNS_WHY="the QEMU plugin refused this QEMU: $(sed 's/^unsupported //' "$_ipf" | head -n 1)"
	else
		VM_INSNS_WHY="QEMU could not load the plugin $1: $(grep -v '^$' "$VM_WORK/insns-probe.err" | head -n 1)"
	fi
	return 1
}

# vm_insns_off WHY: no counting, said once.
vm_insns_off() {
	VM_INSNS=off
	VM_INSNS_WHY=$1
	db_warn "instruction counts off: $1"
}

# vm_insns_setup: does this run count?  After the accelerator is known,
# before QEMU's arguments and the guest's run.conf.  Counting needs one
# vCPU: the plugin API's inline counters are shared by all vCPUs.
vm_insns_setup() {
	VM_INSNS=off
	if [ "${VM_INSNS_WANT:-yes}" != yes ]; then
		VM_INSNS_WHY="turned off (daxbench vm --no-insns)"
		return 0
	fi
	if [ "$VM_ACCEL" != tcg ]; then
		VM_INSNS_WHY="not counted under $VM_ACCEL: the QEMU plugin counts under TCG only (a rig's PMU counts instead)"
		return 0
	fi
	if [ "${VM_CPUS_GIVEN:-no}" = yes ] && [ "$VM_CPUS" -ne 1 ]; then
		vm_insns_off "--cpus $VM_CPUS, and counting needs one vCPU (QEMU 7.2's plugin counters are shared by all vCPUs)"
		return 0
	fi
	if ! _is_p=$(vm_insns_plugin); then
		vm_insns_off "the daxbench-insns QEMU plugin is not built (configure found no QEMU?)"
		return 0
	fi
	case $_is_p$VM_WORK in
	*,*)
		vm_insns_off "a comma in $_is_p or $VM_WORK, which QEMU's -plugin option cannot take"
		return 0 ;;
	esac
	vm_insns_probe "$_is_p" || { vm_insns_off "$VM_INSNS_WHY"; return 0; }
	VM_INSNS=on
	VM_INSNS_WHY=
	VM_INSNS_PLUGIN=$_is_p
	VM_CPUS=1
}

# run-conf hook: decide, and tell the guest (it sends its kallsyms back,
# and the benchmarks run SCHED_FIFO, bench/lib/regions.c).
vm_insns_run_conf() {
	vm_insns_setup >&2
	echo "DB_INSNS=$([ "$VM_INSNS" = on ] && echo 1 || echo 0)"
}

# qemu-args hook: the plugin, and the guest's clock driven by its
# instruction count (8 ns each, idle time skipped), so that timer
# interrupts fall at the same instructions however loaded the host is
# and the kernel's counts do not move with the host's load.
vm_insns_qemu_args() {
	[ "$VM_INSNS" = on ] || return 0
	vm_qemu_arg -plugin "$VM_INSNS_PLUGIN,out=$VM_WORK/insns.counts"
	# DAXBENCH_INSNS_ICOUNT=off: for measuring what -icount costs
	# (scripts/measure-insns); the kernel's counts then move with load.
	[ "${DAXBENCH_INSNS_ICOUNT:-on}" = off ] || vm_qemu_arg -icount shift=3,sleep=off
}

# vm_insns_results: the result files the guest sent back.
vm_insns_results() {
	find "$VM_OUT" -name '*.json' ! -name 'vm.json' ! -name 'run.json' -type f 2>/dev/null
}

# vm_insns_join: join the counts into the results in $VM_OUT.  What
# fails here is reported and the results stay (with a note), never lost.
vm_insns_join() {
	if ! _ic_j=$(vm_insns_join_prog); then
		db_warn "daxbench-insns-join is not built: instruction counts not joined"
		return 0
	fi
	_ic_r=$VM_WORK/insns-results
	vm_insns_results >"$_ic_r"
	[ -s "$_ic_r" ] || return 0
	if [ "$VM_INSNS" = on ]; then
		[ -f "$VM_WORK/insns.counts" ] &&
			grep -v '^[0-9a-f]* [0-9]*$' "$VM_WORK/insns.counts" >"$VM_OUT/vm-insns.log"
		set -- --counts "$VM_WORK/insns.counts" --note "$VM_INSNS_NOTE"
		[ -s "$VM_WORK/res/meta/kallsyms" ] && set -- "$@" --kallsyms "$VM_WORK/res/meta/kallsyms"
	else
		set -- --absent "$VM_INSNS_WHY"
	fi
	while IFS= read -r _ic_f; do
		set -- "$@" "$_ic_f"
	done <"$_ic_r"
	if "$_ic_j" "$@" >"$VM_WORK/insns-join.log" 2>&1; then
		VM_INSNS_JOINED=ok
	else
		VM_INSNS_JOINED=incomplete
		db_warn "instruction counts: not every region was counted ($VM_OUT/vm-insns-join.log):"
		sed 's/^/  | /' "$VM_WORK/insns-join.log" | head -n 10 >&2
	fi
	cp "$VM_WORK/insns-join.log" "$VM_OUT/vm-insns-join.log"
	[ "$VM_INSNS" = on ] && db_info "$(grep '^insns:' "$VM_WORK/insns-join.log" | tail -n 1)"
	return 0
}

# collected hook: the join, and vm.json's field.
vm_insns_collect() {
	vm_insns_join
	vm_json_field insns "$(vm_insns_json)"
}

# vm_insns_json: vm.json's "insns" field.
vm_insns_json() {
	printf '{"counting": %s, "reason": %s, "joined": %s}' \
		"$([ "$VM_INSNS" = on ] && echo true || echo false)" \
		"$(vm_json_str "$VM_INSNS_WHY")" \
		"$(vm_json_str "${VM_INSNS_JOINED:-}")"
}

vm_hook run-conf vm_insns_run_conf
vm_hook qemu-args vm_insns_qemu_args
vm_hook collected vm_insns_collect
