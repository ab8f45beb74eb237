# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run in the emulated NV-DIMM guest, host side.  Sourced by
# daxbench-run, which provides: out, profile, PROFILE_FILE, repeats,
# vm_opts, plot, STATE, RUNJSON_PROG.
#
# The guest runs "daxbench run" on its own paths (it finds them in
# $DAXBENCH_PATHS_FILE) and writes its run directory into $DAXBENCH_OUT;
# daxbench vm brings that back into a staging directory under --out,
# from where it is renamed into place.  The guest's results come back
# only when the guest finishes: a guest that fails or is interrupted
# leaves a run directory here that says so, with the guest's logs.

# _guest_copy_logs STAGE RUN_DIR: daxbench vm's records, kept with the run.
_guest_copy_logs() {
	mkdir -p "$2/logs"
	for _f in vm-console.log vm-output.log vm-dmesg.log vm-qemu.log vm-paths; do
		[ -f "$1/$_f" ] && cp "$1/$_f" "$2/logs/$_f"
	done
	[ -f "$1/vm.json" ] && db_atomic_write "$2/vm.json" <"$1/vm.json"
}

# _guest_record_failure STAGE REASON: a run directory for a guest run
# that brought nothing back.
_guest_record_failure() {
	_gs=$1 _greason=$2
	_host=$(run_host)
	_rand=$(od -An -N6 -tx1 /dev/urandom | tr -dc 0-9a-f | cut -c1-6)
	_id=$(date -u +%Y%m%d-%H%M%S)-$_host-$_rand
	mkdir "$out/$_id" || db_die "cannot create $out/$_id"
	# "$@": this run's own arguments, for run.json's "command".
	set --
	while IFS= read -r _a; do
		set -- "$@" "$_a"
	done <"$STATE/argv"
	"$RUNJSON_PROG" init "$out/$_id/run.json" "$_id" "$PROFILE_NAME" \
		"$PROFILE_FILE" "${repeats:-$(profile_repeats "$PROFILE_FILE")}" \
		-- daxbench run "$@" &&
		"$RUNJSON_PROG" finish "$out/$_id/run.json" incomplete "$_greason"
	_guest_copy_logs "$_gs" "$out/$_id"
	[ -f "$_gs/vm.json" ] &&
		"$RUNJSON_PROG" vm "$out/$_id/run.json" "$_gs/vm.json"
	GUEST_RUN_DIR=$(cd "$out/$_id" && pwd)
}

guest_run() {
	_vm=$(db_prog daxbench-vm) ||
		db_die "no DAX mount here and daxbench vm is not available: give --dax DIR and --pagecache DIR"
	mkdir -p "$out" || db_die "--out $out: cannot create it"
	out=$(cd "$out" && pwd)
	_stage=$(mktemp -d "$out/.vm.XXXXXX") || db_die "cannot create a directory in $out"
	GUEST_STAGE=$_stage
	trap 'rm -rf "$STATE" "$GUEST_STAGE"' EXIT

	# The guest's command line.  A profile file of the user's own goes
	# into the guest with --add; the shipped ones are installed there.
	set -f
	# shellcheck disable=SC2086 # OPTIONS of --vm=OPTIONS are words
	set -- $vm_opts
	set +f
	case $profile in
	*/*|*.profile)
		set -- "$@" --add "$PROFILE_FILE:/root/profiles/${PROFILE_FILE##*/}" \
			-- daxbench run --profile "/root/profiles/${PROFILE_FILE##*/}" ;;
	*)
		set -- "$@" -- daxbench run --profile "$profile" ;;
	esac
	[ -n "$repeats" ] && set -- "$@" --repeats "$repeats"
	# Plots and the table are made here, once the results are back.
	set -- "$@" --no-plot --no-summary
	db_info "running in the emulated NV-DIMM guest: daxbench vm $*"

	# In the background, so that Ctrl-C reaches the trap at once.
	"$_vm" --out "$_stage" "$@" </dev/null &
	GUEST_PID=$!
	trap 'kill -TERM $GUEST_PID 2>/dev/null; wait $GUEST_PID; _guest_interrupted INT 130' INT
	trap 'kill -TERM $GUEST_PID 2>/dev/null; wait $GUEST_PID; _guest_interrupted TERM 143' TERM
	trap 'kill -TERM $GUEST_PID 2>/dev/null; wait $GUEST_PID; _guest_interrupted HUP 129' HUP
	wait $GUEST_PID
	_rc=$?
	trap - INT TERM HUP
	_guest_collect "$_stage" "$_rc"
}

_guest_interrupted() {
	trap '' INT TERM HUP
	_guest_record_failure "$GUEST_STAGE" \
		"interrupted by SIG$1 while the guest ran: its results are lost"
	db_info "stopped: interrupted by SIG$1; run recorded in $GUEST_RUN_DIR"
	exit "$2"
}

# _guest_collect STAGE VM_EXIT_STATUS
_guest_collect() {
	_stage=$1 _rc=$2
	_n=0
	for _r in "$_stage"/*/run.json; do
		[ -f "$_r" ] && _n=$((_n + 1))
	done
	# Exit 2: daxbench vm refused the --vm options and booted nothing;
	# a usage error, not a run to record.
	if [ $_n -eq 0 ] && [ "$_rc" -eq 2 ]; then
		db_usage_error "--vm='$vm_opts': daxbench vm refused these options"
	fi
	if [ $_n -ne 1 ]; then
		_why=$(sed -n 's/.*"error": "\(.*\)",$/\1/p' "$_stage/vm.json" 2>/dev/null)
		_guest_record_failure "$_stage" \
			"the guest run brought back no run directory (daxbench vm exit $_rc${_why:+: $_why})"
		db_warn "no results from the guest; see $GUEST_RUN_DIR/logs"
		RUN_DIR=$GUEST_RUN_DIR
		summarize
		return 1
	fi
	_src=$(dirname "$_r")
	_id=${_src##*/}
	mv "$_src" "$out/$_id" || db_die "cannot move $_src to $out/$_id"
	RUN_DIR=$(cd "$out/$_id" && pwd)
	RUN_JSON=$RUN_DIR/run.json
	_guest_copy_logs "$_stage" "$RUN_DIR"
	# "$@": this run's own arguments, for run.json's "command".
	set --
	while IFS= read -r _a; do
		set -- "$@" "$_a"
	done <"$STATE/argv"
	"$RUNJSON_PROG" vm "$RUN_JSON" "$_stage/vm.json" -- daxbench run "$@" ||
		db_warn "cannot add the guest's vm.json to $RUN_JSON"
	if [ "$("$RUNJSON_PROG" get "$RUN_JSON" status)" = running ]; then
		"$RUNJSON_PROG" finish "$RUN_JSON" incomplete \
			"the guest stopped before the run finished (daxbench vm exit $_rc)"
	fi
	rm -rf "$_stage"
	summarize
	run_plots
	db_info "results in $RUN_DIR"
	return "$_rc"
}
