# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench ab: the A/B's state file and report.  Sourced by daxbench-ab,
# never run.
# shellcheck shell=sh disable=SC2154 # report_opts, T0: daxbench-ab's
#
# AB_DIR/ab.state is one fact a line, tab-separated (its format is in
# tools/ab/abstate.h); each change rewrites it whole through a temporary
# file and rename(2), so a crash never leaves half of it.  After every
# round daxbench-abreport remakes report.txt and ab.json from it.

# ab_state_init: a new state, status running.
ab_state_init() {
	printf 'daxbench-ab\t1\nstatus\trunning\n' | db_atomic_write "$AB_DIR/ab.state" ||
		db_die "cannot write $AB_DIR/ab.state"
}

# ab_state_add LINE: one more fact (tabs inside LINE separate fields;
# other control characters are dropped).
ab_state_add() {
	{ cat "$AB_DIR/ab.state"; printf '%s\n' "$1" | tr -d '\000-\010\012-\037'; echo; } |
		db_atomic_write "$AB_DIR/ab.state" || db_die "cannot update $AB_DIR/ab.state"
}

# ab_side_get SIDE KEY: a side's identity, as recorded.
ab_side_get() {
	awk -F '\t' -v s="$1" -v k="$2" '$1 == "side" && $2 == s && $3 == k { v = $4 } END { print v }' \
		"$AB_DIR/ab.state"
}

# ab_json_get FILE KEY: a value of a run's JSON (daxbench-runjson get).
ab_json_get() {
	"${RUNJSON_PROG:=$(db_prog daxbench-runjson)}" get "$1" "$2" 2>/dev/null
}

# ab_host: the machine that ran the guests.
ab_host() {
	_h_cpu=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	_h_qemu=$(qemu-system-x86_64 --version 2>/dev/null | awk 'NR == 1 { print $4 }')
	echo "$(uname -m), $(nproc 2>/dev/null || echo '?') CPUs ${_h_cpu:-unknown}, Linux $(uname -r)${_h_qemu:+, QEMU $_h_qemu}"
}

# ab_guest RUN_JSON: what the guest was, from a run that came back.
ab_guest() {
	_g_acc=$(ab_json_get "$1" vm.accelerator)
	case $_g_acc in
	tcg) _g_acc="TCG (emulated CPU)" ;;
	kvm) _g_acc=KVM ;;
	esac
	echo "QEMU $(ab_json_get "$1" vm.qemu) $_g_acc, vCPUs $(ab_json_get "$1" vm.cpus), pmem $(ab_json_get "$1" vm.pmem)"
}

# ab_round_why RUN_DIR EXIT: why a round's run did not complete.  A guest
# that never reached its command (no "daxbench-guest:" line on its
# console) is a kernel that did not boot: its console's tail is shown.
ab_round_why() {
	_w_con=$1/logs/vm-console.log
	if [ -f "$_w_con" ] && ! grep -q 'daxbench-guest:' "$_w_con"; then
		echo "$DB_NAME: the kernel did not boot; the end of its console ($_w_con):" >&2
		tail -n 15 "$_w_con" | sed 's/^/  | /' >&2
		_w_panic=$(grep -m 1 -o 'Kernel panic.*' "$_w_con" | cut -c 1-100)
		echo "the kernel did not boot${_w_panic:+: $_w_panic}"
		return
	fi
	_w_r=$(ab_json_get "$1/run.json" reason)
	if [ -n "$_w_r" ] && [ "$_w_r" != null ]; then
		echo "$_w_r"
	else
		echo "daxbench run exited $2 without a complete run"
	fi
}

# ab_report [OPTIONS]: remake report.txt and ab.json; the report's exit
# status (0 no regression, 1 regression, 2 cannot).
ab_report() {
	# shellcheck disable=SC2086 # report_opts are words
	"$REPORT_PROG" $report_opts "$@" "$AB_DIR"
}

# ab_finish STATUS REASON: the A/B ends; the report, printed when it
# completed.  Exits with the report's status when complete.
ab_finish() {
	ab_state_add "status	$1"
	[ -n "$2" ] && ab_state_add "reason	$2"
	ab_state_add "finished	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	ab_state_add "wall_seconds	$(($(date +%s) - T0))"
	if [ "$1" != complete ]; then
		ab_report --quiet >/dev/null 2>&1 ||
			[ $? -eq 1 ] || db_warn "no report of the completed rounds (see $AB_DIR/ab.state)"
		return 0
	fi
	ab_report
	_f_rc=$?
	db_info "A/B in $AB_DIR: report.txt, ab.json"
	[ $_f_rc -le 1 ] || db_die "cannot make the report of $AB_DIR"
	exit $_f_rc
}

# profile_check NAME: the profile's file, if it exists (as daxbench run
# finds it).
profile_check() {
	case $1 in
	*/*|*.profile) [ -f "$1" ] && echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" ;;
	*) [ -f "$(db_data "workloads/profiles/$1.profile")" ] && echo "$1" ;;
	esac
}
