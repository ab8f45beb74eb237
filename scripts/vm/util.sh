# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: small helpers (sizes, clocks, quoting) and the hook lists
# through which the other scripts/vm/*.sh join the run.  Sourced by
# daxbench-vm, never run.
# shellcheck shell=sh

# vm_mib SIZE: SIZE (bytes, or with K, M, G, T) in MiB; fails if it is
# not a whole number of MiB.
vm_mib() {
	case $1 in
	*[!0-9KkMmGgTtBbIi]*|"") return 1 ;;
	esac
	_mb_n=${1%%[!0-9]*}
	_mb_u=${1#"$_mb_n"}
	# Twelve digits keep even T * 1048576 inside the shell's 64 bits.
	[ -n "$_mb_n" ] && [ ${#_mb_n} -le 12 ] || return 1
	case $_mb_u in
	""|[Bb]) [ $((_mb_n % 1048576)) -eq 0 ] || return 1; echo $((_mb_n / 1048576)) ;;
	[Kk]|[Kk][Ii][Bb]|[Kk][Bb]) [ $((_mb_n % 1024)) -eq 0 ] || return 1; echo $((_mb_n / 1024)) ;;
	[Mm]|[Mm][Ii][Bb]|[Mm][Bb]) echo "$_mb_n" ;;
	[Gg]|[Gg][Ii][Bb]|[Gg][Bb]) echo $((_mb_n * 1024)) ;;
	[Tt]|[Tt][Ii][Bb]|[Tt][Bb]) echo $((_mb_n * 1048576)) ;;
	*) return 1 ;;
	esac
}

# vm_now: seconds since the epoch, with fractions where date has %N.
vm_now() {
	_nw_t=$(date +%s.%N)
	case $_nw_t in *N*|*.) date +%s ;; *) echo "$_nw_t" ;; esac
}

# vm_secs A B: B - A, one decimal.
vm_secs() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = b - a; if (d < 0) d = 0; printf "%.1f", d }'
}

# vm_json_str STRING: STRING as a JSON string literal.
vm_json_str() {
	printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037' | awk '
		BEGIN { ORS = ""; print "\"" }
		{
			gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
			if (NR > 1)
				print "\\n"
			print
		}
		END { print "\"" }'
}

# vm_sh_quote ARG: ARG quoted for sh.
vm_sh_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Hooks: a script that adds to daxbench vm registers a function for a
# stage; the main program runs each stage's functions in the order they
# were registered.  Stages:
#   checked     options parsed and checked, nothing built yet
#   qemu-args   QEMU's argument list is being made (vm_qemu_arg adds)
#   run-conf    the guest's run.conf is being written (stdout goes there)
#   collected   the guest's results are in $VM_OUT, vm.json not yet
#               written (vm_json_field adds to it)

# vm_hook STAGE FUNCTION
vm_hook() {
	case $1 in
	checked) VM_HOOKS_CHECKED="${VM_HOOKS_CHECKED:-} $2" ;;
	qemu-args) VM_HOOKS_QEMU_ARGS="${VM_HOOKS_QEMU_ARGS:-} $2" ;;
	run-conf) VM_HOOKS_RUN_CONF="${VM_HOOKS_RUN_CONF:-} $2" ;;
	collected) VM_HOOKS_COLLECTED="${VM_HOOKS_COLLECTED:-} $2" ;;
	*) db_die "internal error: no hook stage '$1'" ;;
	esac
}

# vm_run_hooks STAGE
vm_run_hooks() {
	case $1 in
	checked) _rh_l=${VM_HOOKS_CHECKED:-} ;;
	qemu-args) _rh_l=${VM_HOOKS_QEMU_ARGS:-} ;;
	run-conf) _rh_l=${VM_HOOKS_RUN_CONF:-} ;;
	collected) _rh_l=${VM_HOOKS_COLLECTED:-} ;;
	esac
	for _rh_f in $_rh_l; do
		"$_rh_f" || return 1
	done
}

# vm_helper FILE: the path of one of daxbench vm's own files (scripts/vm
# in the source tree, $(pkglibexecdir)/vm when installed).
vm_helper() {
	echo "$VM_HELPERS/$1"
}

# vm_prune DIR PATTERN: remove the files DIR/PATTERN beyond the newest
# three, unless used in the last hour: several daxbench vm runs share the
# cache, and one must not delete what another has just built or is
# about to read.
vm_prune() {
	# shellcheck disable=SC2012 # names made by daxbench: no newlines
	# shellcheck disable=SC2086 # $2 is a glob
	ls -t "$1"/$2 2>/dev/null | tail -n +4 | while read -r _pr_f; do
		[ -n "$(find "$_pr_f" -mmin +60 2>/dev/null)" ] && rm -f "$_pr_f"
	done
}
