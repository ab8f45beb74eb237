# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: read a profile (the format is in docs/workloads.md) and
# turn it into a plan, one line per measurement on one path:
#
#   ID PATH BENCHMARK REPEATS TIMEOUT ARGS...
#
# A measurement on two paths or more (DAX and the page cache) is planned
# a repeat at a time, the paths in turn (REPEATS is then I/N: repeat I of
# N), so that whatever the machine does at a moment hits both sides of a
# pair; a measurement on one path runs its N repeats in one go.
#
# ARGS are the benchmark's own options, or for fio the job name followed
# by KEY=VALUE settings (the fio directive's defaults first, then the
# line's own, so that later ones win).  Sourced by daxbench-run.

# profile_file NAME_OR_FILE: the profile's file, or fail.
profile_file() {
	case $1 in
	*/*|*.profile)
		[ -f "$1" ] || return 1
		echo "$1" ;;
	*)
		if [ -f "$(db_data "workloads/profiles/$1.profile")" ]; then
			db_data "workloads/profiles/$1.profile"
		elif [ -f "$1" ]; then
			echo "$1"
		else
			return 1
		fi ;;
	esac
}

# profile_names: the profiles shipped with daxbench.
profile_names() {
	for _f in "$(db_data workloads/profiles)"/*.profile; do
		[ -f "$_f" ] || continue
		_f=${_f##*/}
		printf ' %s' "${_f%.profile}"
	done
}

_is_count() {
	case $1 in
	''|*[!0-9]*) return 1 ;;
	esac
	[ "$1" -ge 1 ] 2>/dev/null
}

_is_name() {
	case $1 in
	''|*[!A-Za-z0-9._-]*|-*) return 1 ;;
	esac
	return 0
}

# _pp_err MESSAGE: a profile syntax error, naming file and line.
_pp_err() {
	echo "$DB_NAME: $_pp_file:$_pp_ln: $*" >&2
	_pp_bad=1
}

# _pp_check_settings KEY=VALUE...: fio settings (DAXBENCH_KEY in the job).
_pp_check_settings() {
	for _a in "$@"; do
		case $_a in
		dir=*) _pp_err "'dir' is set by daxbench run" ;;
		[a-z]*=?*)
			case ${_a%%=*} in
			*[!a-z0-9_]*) _pp_err "bad fio setting '$_a'" ;;
			esac ;;
		*) _pp_err "fio settings are KEY=VALUE, not '$_a'" ;;
		esac
	done
}

# _pp_merge DEFAULTS SETTINGS: KEY=VALUE words, a key in SETTINGS
# replacing the same key in DEFAULTS.
_pp_merge() {
	_m=
	for _d in $1; do
		case " $2" in
		*" ${_d%%=*}="*) ;;
		*) _m="$_m $_d" ;;
		esac
	done
	echo "${_m# }${_m:+ }$2"
}

# _pp_check_args BENCHMARK ARGS...: reject what daxbench run sets itself.
_pp_check_args() {
	_b=$1
	shift
	if [ "$_b" = fio ]; then
		if [ $# -lt 1 ] || ! _is_name "$1"; then
			_pp_err "fio needs a job name (a file in workloads/fio/ without .fio)"
			return
		fi
		[ -f "$(db_data "workloads/fio/$1.fio")" ] ||
			_pp_err "no fio job '$1' (workloads/fio/$1.fio)"
		shift
		_pp_check_settings "$@"
		return
	fi
	for _a in "$@"; do
		case $_a in
		--dir|--dir=*|--file|--file=*|--output|--output=*|--repeats|--repeats=*|--json|--keep)
			_pp_err "$_a is set by daxbench run, not by the profile" ;;
		esac
	done
}

# _pp_emit PATH REPEATS ID BENCHMARK TIMEOUT ARGS...: one plan line.
_pp_emit() {
	_ep=$1 _er=$2 _eid=$3 _eb=$4 _eto=$5
	shift 5
	if [ "$_eb" = fio ]; then
		_eng=$1
		shift
		echo "$_eid $_ep fio $_er $_eto $_eng $(_pp_merge "$_pp_fio" "$*")"
	else
		echo "$_eid $_ep $_eb $_er $_eto $*"
	fi
}

# profile_plan FILE PATHS REPEATS_OVERRIDE: print the plan on stdout.
# PATHS: the names of the paths of this run, space separated.
# REPEATS_OVERRIDE: empty, or --repeats from the command line.
# Returns 1 after printing every syntax error on stderr.
profile_plan() {
	_pp_file=$1
	_pp_paths=$2
	_pp_override=$3
	_pp_rep=3
	_pp_to=600
	_pp_fio=
	_pp_ln=0
	_pp_bad=0
	_pp_ids=' '
	while IFS= read -r _line || [ -n "$_line" ]; do
		_pp_ln=$((_pp_ln + 1))
		_line=${_line%%#*}
		set -f
		# shellcheck disable=SC2086 # words split on blanks by design
		set -- $_line
		set +f
		[ $# -gt 0 ] || continue
		case $1 in
		repeats)
			if [ $# -eq 2 ] && _is_count "$2"; then
				_pp_rep=$2
			else
				_pp_err "repeats needs one number >= 1"
			fi ;;
		timeout)
			if [ $# -eq 2 ] && _is_count "$2"; then
				_pp_to=$2
			else
				_pp_err "timeout needs one number of seconds >= 1"
			fi ;;
		fio)
			shift
			_pp_check_settings "$@"
			_pp_fio=$* ;;
		run)
			if [ $# -lt 4 ]; then
				_pp_err "run needs ID PATHS BENCHMARK [ARGS...]"
				continue
			fi
			_id=$2 _pl=$3 _bench=$4
			shift 4
			_is_name "$_id" || _pp_err "bad measurement id '$_id'"
			_is_name "$_bench" || _pp_err "bad benchmark name '$_bench'"
			case $_pp_ids in
			*" $_id "*) _pp_err "measurement id '$_id' used twice" ;;
			esac
			_pp_ids="$_pp_ids$_id "
			_pp_check_args "$_bench" "$@"
			_r=${_pp_override:-$_pp_rep}
			# PATHS: all, names, and -name to leave one out.
			_sel=
			_excl=' '
			for _x in $(echo "$_pl" | tr , ' '); do
				case $_x in
				all) _sel="$_sel $_pp_paths" ;;
				-*) _excl="$_excl${_x#-} " ;;
				*) _sel="$_sel $_x" ;;
				esac
				_is_name "${_x#-}" || _pp_err "bad path name '$_x'"
			done
			_ps=
			for _p in $_sel; do
				case $_excl in
				*" $_p "*) continue ;;
				esac
				case " $_pp_paths " in
				*" $_p "*) ;;
				*) continue ;;
				esac
				_ps="$_ps $_p"
			done
			set -- "$_id" "$_bench" "$_pp_to" "$@"
			if [ "$(echo "$_ps" | wc -w)" -ge 2 ] && [ "$_r" -ge 2 ]; then
				_i=1
				while [ $_i -le "$_r" ]; do
					for _p in $_ps; do
						_pp_emit "$_p" "$_i/$_r" "$@"
					done
					_i=$((_i + 1))
				done
			else
				for _p in $_ps; do
					_pp_emit "$_p" "$_r" "$@"
				done
			fi ;;
		*)
			_pp_err "unknown directive '$1' (expected repeats, timeout, fio or run)" ;;
		esac
	done <"$_pp_file"
	return $_pp_bad
}

# profile_repeats FILE: the profile's first repeats setting (default 3),
# the run's nominal repeats.
profile_repeats() {
	awk '$1 == "repeats" { print $2; found = 1; exit }
	     END { if (!found) print 3 }' "$1"
}
