# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the work and results directories, vm.json, and the ways
# out (failure, interruption, cleanup).  Sourced by daxbench-vm, never
# run.
# shellcheck shell=sh

VM_WORK=
VM_QPID=
VM_WPID=
VM_CLEAN_FETCH=
VM_ERROR=
VM_GUEST_RC=
VM_OUT_READY=

# vm_cleanup: on every way out, stop what is still running and remove
# the work directory (unless --keep).
vm_cleanup() {
	[ -n "$VM_WPID" ] && kill -TERM "$VM_WPID" 2>/dev/null
	if [ -n "$VM_QPID" ] && kill -0 "$VM_QPID" 2>/dev/null; then
		kill -TERM "$VM_QPID" 2>/dev/null
		sleep 1
		kill -KILL "$VM_QPID" 2>/dev/null
	fi
	[ -n "$VM_CLEAN_FETCH" ] && rm -rf "$VM_CLEAN_FETCH"
	if [ -n "$VM_WORK" ]; then
		if [ "$VM_KEEP" = yes ]; then
			db_info "work directory kept: $VM_WORK"
		else
			rm -rf "$VM_WORK"
		fi
	fi
}

# vm_interrupted SIGNAL STATUS: a signal ends the run: say so in vm.json
# (once the results directory is ours) and exit STATUS; the EXIT trap
# then stops QEMU and cleans up.
vm_interrupted() {
	trap '' INT TERM HUP
	db_info "interrupted by SIG$1"
	if [ "$VM_OUT_READY" = yes ]; then
		VM_ERROR="interrupted by SIG$1"
		vm_write_json interrupted
	fi
	exit "$2"
}

# vm_dirs: make the work directory and the results directory VM_OUT.
vm_dirs() {
	VM_WORK=$(mktemp -d "$VM_TMP_ROOT/daxbench-vm.XXXXXX") ||
		db_die "cannot create a directory in $VM_TMP_ROOT"
	VM_STAGE=$VM_WORK/stage
	mkdir -p "$VM_STAGE"
	# By default the results land where daxbench run puts its runs,
	# each in a directory of its own (mktemp -d: two guests never
	# share one).
	if [ -z "$VM_OUT" ]; then
		_dr_res=${DAXBENCH_RESULTS:-results}
		mkdir -p "$_dr_res" 2>/dev/null || db_die "cannot create the results directory $_dr_res (set --out)"
		VM_OUT=$(mktemp -d "$_dr_res/vm-$(date +%Y%m%d-%H%M%S)-XXXXXX") ||
			db_die "cannot create a results directory in $_dr_res (set --out)"
	fi
	mkdir -p "$VM_OUT" 2>/dev/null && [ -w "$VM_OUT" ] || db_die "--out $VM_OUT: cannot write there"
	VM_OUT=$(cd "$VM_OUT" && pwd)
	VM_OUT_READY=yes
	rm -f "$VM_OUT/vm.json" "$VM_OUT/vm-console.log" "$VM_OUT/vm-output.log" "$VM_OUT/vm-paths" \
		"$VM_OUT/vm-dmesg.log" "$VM_OUT/vm-qemu.log"
}

# vm_json_paths: the "paths" array of vm.json, from the guest's manifest.
vm_json_paths() {
	printf '  "paths": ['
	_jp_sep=
	if [ -f "$VM_OUT/vm-paths" ]; then
		while read -r _jp_n _jp_d _jp_s _jp_v _jp_r; do
			case $_jp_n in \#*|"") continue ;; esac
			printf '%s\n    {"name": %s, "dir": %s, "status": %s, "driver": %s, "reason": %s}' "$_jp_sep" \
				"$(vm_json_str "$_jp_n")" "$(vm_json_str "$_jp_d")" "$(vm_json_str "$_jp_s")" \
				"$([ "$_jp_v" = - ] && echo null || vm_json_str "$_jp_v")" \
				"$(vm_json_str "$([ "$_jp_r" = - ] || echo "$_jp_r")")"
			_jp_sep=,
		done <"$VM_OUT/vm-paths"
	fi
	echo "],"
}

# vm_json_uptimes: the guest's own clock at each phase.
vm_json_uptimes() {
	printf '  "guest_uptime_seconds": {'
	_ju_sep=
	if [ -f "$VM_WORK/res/meta/timing" ]; then
		while read -r _ju_k _ju_v; do
			printf '%s"%s": %s' "$_ju_sep" "$_ju_k" "$_ju_v"
			_ju_sep=", "
		done <"$VM_WORK/res/meta/timing"
	fi
	echo "},"
}

# vm_json_field NAME JSON: one more top-level field of vm.json (for the
# "collected" hooks).
vm_json_field() {
	VM_JSON_EXTRA="${VM_JSON_EXTRA:-}  \"$1\": $2,
"
}

# vm_write_json STATUS: vm.json, from whatever is known by now.
vm_write_json() {
	{
		echo "{"
		echo "  \"tool\": \"daxbench vm\","
		echo "  \"version\": $(vm_json_str "${DB_VERSION:-unknown}"),"
		echo "  \"status\": \"$1\","
		[ -n "$VM_ERROR" ] && echo "  \"error\": $(vm_json_str "$VM_ERROR"),"
		echo "  \"exit_status\": ${VM_GUEST_RC:-null},"
		echo "  \"command\": [$VM_CMD_JSON],"
		echo "  \"kernel\": {\"release\": $(vm_json_str "${VM_KREL:-}"), \"source\": $(vm_json_str "${VM_KSOURCE:-}"), \"boot\": \"${VM_BOOT_PROTO:-}\", \"cmdline\": $(vm_json_str "${VM_CMDLINE:-}")},"
		echo "  \"pmem\": {\"kind\": \"$VM_KIND\", \"devices\": $VM_NPMEM, \"device_size_bytes\": $((VM_SIZE_MB * 1048576)), \"total_bytes\": $((VM_TOTAL_PMEM * 1048576))},"
		echo "  \"mem_bytes\": $((VM_MEM_MB * 1048576)),"
		echo "  \"cpus\": $VM_CPUS,"
		echo "  \"accel\": \"$VM_ACCEL\","
		echo "  \"tcg_threads\": $([ -n "${VM_TCG_THREADS:-}" ] && [ "$VM_ACCEL" = tcg ] && echo "\"$VM_TCG_THREADS\"" || echo null),"
		echo "  \"note\": $(vm_json_str "${VM_NOTE:-}"),"
		echo "  \"qemu\": {\"path\": $(vm_json_str "$QEMU"), \"version\": $(vm_json_str "${VM_QEMU_VERSION:-}")},"
		echo "  \"initramfs\": {\"key\": \"${VM_IMAGE_KEY:-}\", \"bytes\": $({ wc -c <"${VM_IMAGE:-/dev/null}"; } 2>/dev/null || echo 0), \"cached\": $([ "${VM_BUILT:-}" = no ] && echo true || echo false)},"
		echo "  \"kernel_fetched\": $([ "${VM_FETCHED:-}" = yes ] && echo true || echo false),"
		printf '%s' "${VM_JSON_EXTRA:-}"
		vm_json_paths
		vm_json_uptimes
		echo "  \"wall_seconds\": {\"build\": ${VM_TIME_BUILD:-null}, \"boot\": ${VM_TIME_BOOT:-null}, \"run\": ${VM_TIME_RUN:-null}, \"collect\": ${VM_TIME_COLLECT:-null}, \"total\": ${VM_TIME_TOTAL:-null}}"
		echo "}"
	} | db_atomic_write "$VM_OUT/vm.json" && chmod 644 "$VM_OUT/vm.json"
}

# vm_show_console: the guest console from the first sign of trouble (an
# oops or panic starts well above the tail of its backtrace), or its end.
vm_show_console() {
	_sc_log=$VM_OUT/vm-console.log
	[ -s "$_sc_log" ] || return 0
	_sc_first=$(grep -n -m 1 -E 'Kernel panic|BUG:|Oops|general protection|sysrq: Trigger a crash' \
		 "$_sc_log" | cut -d : -f 1)
	if [ -n "$_sc_first" ]; then
		echo "$DB_NAME: the guest console from the first sign of trouble ($_sc_log):" >&2
		sed -n "$((_sc_first > 3 ? _sc_first - 3 : 1)),$((_sc_first + 8))p" "$_sc_log" | sed 's/^/  | /' >&2
		echo "  | ..." >&2
		tail -n 8 "$_sc_log" | sed 's/^/  | /' >&2
	else
		echo "$DB_NAME: last lines of the guest console ($_sc_log):" >&2
		tail -n 25 "$_sc_log" | sed 's/^/  | /' >&2
	fi
}

# vm_fail MESSAGE: the guest failed; show why with its console, record it
# in vm.json, exit 1.
vm_fail() {
	echo "$DB_NAME: error: $*" >&2
	vm_show_console
	if [ -s "$VM_WORK/qemu.err" ]; then
		echo "$DB_NAME: qemu said:" >&2
		sed 's/^/  | /' "$VM_WORK/qemu.err" | tail -n 10 >&2
	fi
	VM_ERROR=$*
	vm_write_json failed
	exit 1
}
