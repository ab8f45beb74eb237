# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: bring the guest's results back.  The guest writes one tar
# stream to the results disk, its status file last; only a complete
# stream counts as a result.  Then the times of each phase and the
# closing words.  Sourced by daxbench-vm, never run.
# shellcheck shell=sh

# vm_unpack: the results disk into $VM_WORK/res, or fail saying why there
# is nothing.
vm_unpack() {
	if [ -f "$VM_WORK/timed-out" ]; then
		VM_GUEST_BOOT=$(sed -n 's/^daxbench-guest: boot took \([0-9.]*\) s.*/\1/p' "$VM_OUT/vm-console.log" 2>/dev/null)
		vm_fail "the guest did not finish within $(cat "$VM_WORK/timed-out") s, the limit of $(vm_limit_words) (hung or too slow)"
	fi
	mkdir -p "$VM_WORK/res"
	tar -xf "$VM_WORK/results.img" -C "$VM_WORK/res" 2>"$VM_WORK/untar.err"
	[ -f "$VM_WORK/res/status" ] && return 0
	_up_why="the guest returned no results"
	if grep -q 'Kernel panic' "$VM_OUT/vm-console.log" 2>/dev/null; then
		_up_why="the guest kernel panicked"
	elif [ "$VM_QEMU_RC" -ne 0 ]; then
		_up_why="qemu failed (exit status $VM_QEMU_RC)"
	fi
	vm_fail "$_up_why; its results are lost"
}

# vm_collect: check the guest's status and file count, copy its files
# into $VM_OUT; sets VM_GUEST_RC.
vm_collect() {
	vm_unpack
	_co_res=$VM_WORK/res
	read -r _co_word _co_rest <"$_co_res/status"
	_co_want=$(awk '$1 == "files" { print $2 }' "$_co_res/status")
	_co_got=$(find "$_co_res/out" -type f 2>/dev/null | wc -l)
	[ -f "$_co_res/meta/paths" ] && cp "$_co_res/meta/paths" "$VM_OUT/vm-paths"
	[ -f "$_co_res/meta/dmesg.log" ] && cp "$_co_res/meta/dmesg.log" "$VM_OUT/vm-dmesg.log"
	case $_co_word in
	exit|timeout) ;;
	error) vm_fail "the guest could not run the command: $_co_rest" ;;
	*) vm_fail "the guest's status file is garbled" ;;
	esac
	if [ "$_co_want" != "$_co_got" ]; then
		vm_fail "the guest sent $_co_want files but $_co_got arrived: results incomplete"
	fi
	VM_GUEST_RC=$_co_rest
	cp -Rp "$_co_res/out/." "$VM_OUT/" || vm_fail "cannot copy the results into $VM_OUT"
	if [ "$_co_word" = timeout ]; then
		# What it wrote is there to look at, but vm.json and the
		# exit status say it is not a whole result.
		VM_GUEST_BOOT=$(vm_guest_time command-start)
		vm_fail "the command did not finish within $(vm_limit_words): stopped at the guest's deadline; its partial output is in $VM_OUT"
	fi
	vm_run_hooks collected || vm_fail "cannot complete the results in $VM_OUT"
	VM_T_END=$(vm_now)
}

# vm_guest_time KEY: the guest's uptime at phase KEY.
vm_guest_time() {
	awk -v k="$1" '$1 == k { print $2 }' "$VM_WORK/res/meta/timing"
}

# vm_times: split the QEMU wall time with the guest's own clock: boot is
# until the command started, run is the command, collect the rest (tar,
# power off, unpacking here).
vm_times() {
	_tm_start=$(vm_guest_time command-start)
	_tm_end=$(vm_guest_time command-end)
	_tm_collect=$(vm_guest_time collect)
	_tm_wall=$(vm_secs "$VM_T_BOOT" "$VM_T_QEMU")
	VM_TIME_RUN=$(vm_secs "$_tm_start" "$_tm_end")
	VM_TIME_BOOT=$(awk -v w="$_tm_wall" -v s="$_tm_start" -v c="$_tm_collect" 'BEGIN {
		b = w - (c - s); if (b < 0) b = 0; printf "%.1f", b }')
	VM_TIME_COLLECT=$(awk -v w="$_tm_wall" -v b="$VM_TIME_BOOT" -v r="$VM_TIME_RUN" \
		-v a="$VM_T_QEMU" -v e="$VM_T_END" 'BEGIN {
		c = w - b - r + (e - a); if (c < 0) c = 0; printf "%.1f", c }')
	VM_TIME_TOTAL=$(vm_secs "$VM_T_START" "$VM_T_END")
}

# vm_report: the closing lines: times, unavailable paths, where the
# results are.
vm_report() {
	if [ "$VM_BUILT" = no ] && [ "$VM_FETCHED" = no ]; then
		_rp_build="build: cached ($VM_TIME_BUILD s)"
	else
		_rp_what=
		[ "$VM_FETCHED" = yes ] && _rp_what="kernel fetched"
		[ "$VM_BUILT" = yes ] && _rp_what="${_rp_what:+$_rp_what, }image built"
		_rp_build="build: $VM_TIME_BUILD s ($_rp_what)"
	fi
	db_info "$_rp_build, boot: $VM_TIME_BOOT s, run: $VM_TIME_RUN s, collect: $VM_TIME_COLLECT s, total: $VM_TIME_TOTAL s [$VM_ACCEL]"
	_rp_un=$(awk '$3 != "ok" && $1 !~ /^#/ { print $1 }' "$VM_OUT/vm-paths" 2>/dev/null | tr '\n' ' ')
	[ -n "$_rp_un" ] && db_info "paths unavailable: $_rp_un(see $VM_OUT/vm-paths)"
	db_info "results: $VM_OUT"
	[ "$VM_GUEST_RC" -ne 0 ] && db_info "the command exited $VM_GUEST_RC"
	return 0
}
