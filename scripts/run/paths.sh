# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: which directories to measure, and under which names.
# Sourced by daxbench-run.
#
# The paths of a run are kept in $STATE/paths, one line each:
#   NAME DIR STATUS REASON...
# with DIR "-" and STATUS "unavailable" for a path that cannot be
# measured here (REASON says why).  Names are what results are keyed by
# across runs: ext4-dax, ext4-pagecache, ext2-dax, tmpfs, xip...

# paths_add NAME DIR STATUS [REASON...]
paths_add() {
	_n=$1 _d=$2 _s=$3
	shift 3
	echo "$_n $_d $_s ${*:--}" >>"$STATE/paths"
}

# paths_names: the names of the measurable paths, space separated.
paths_names() {
	awk '$3 == "ok" { printf "%s%s", sep, $1; sep = " " }' "$STATE/paths"
}

# paths_dir NAME: the directory of a path.
paths_dir() {
	awk -v n="$1" '$1 == n { print $2; exit }' "$STATE/paths"
}

paths_have() {
	awk -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$STATE/paths"
}

# _probe DIR: "FS DAX OPTS" for a new file in DIR (DAX: true, false, null).
_probe() {
	"$ENV_PROG" --target "$1" --probe --get target.filesystem \
		--get target.statx_dax --get target.super_options \
		--get target.mount_options 2>/dev/null | tr '\n' ' '
}

# _fact_name FS DAX OPTS: a name that says what the directory is.
_fact_name() {
	_fs=$1 _dax=$2
	case $_fs in
	tmpfs|ramfs) echo "$_fs"; return ;;
	esac
	if [ "$_dax" = null ]; then
		# Before Linux 5.8 statx cannot say: trust the mount options.
		case ",$3," in
		*,dax,*|*,dax=always,*) _dax=true ;;
		esac
	fi
	if [ "$_dax" = true ]; then
		echo "$_fs-dax"
	else
		echo "$_fs-pagecache"
	fi
}

# _unique NAME: NAME, or NAME-2, NAME-3... if taken.
_unique() {
	_u=$1
	_i=2
	while paths_have "$_u"; do
		_u=$1-$_i
		_i=$((_i + 1))
	done
	echo "$_u"
}

# _check_dir WHAT DIR: a usable directory, or a usage error about WHAT.
_check_dir() {
	[ -e "$2" ] || db_usage_error "$1: no such directory"
	[ -d "$2" ] || db_usage_error "$1: not a directory"
	[ -w "$2" ] || db_usage_error "$1: not writable"
}

# paths_from_option ROLE DIR: --dax, --pagecache or --xip.  The name
# comes from what the directory is (statx on a new file there), never
# from the option, so a tmpfs directory given as --dax is "tmpfs" with
# dax false, and the run says so.
paths_from_option() {
	_role=$1 _dir=$2
	_check_dir "--$_role $_dir" "$_dir"
	# shellcheck disable=SC2046 # four blank-free words
	set -- $(_probe "$_dir")
	[ $# -ge 2 ] || db_die "--$_role $_dir: cannot create a file there"
	_name=$(_fact_name "$1" "$2" "$3")
	case $_role in
	dax)
		[ "$2" = true ] || db_warn "--dax $_dir: files there are not DAX" \
			"(statx DAX: $2, $1): measured as '$_name', not as DAX" ;;
	pagecache)
		[ "$2" != true ] || db_warn "--pagecache $_dir: files there are" \
			"DAX: measured as '$_name'" ;;
	xip)
		case ",$3,$4," in
		*,xip,*) _name=xip ;;
		*)
			paths_add xip - unavailable "$_dir is not mounted -o xip" \
				"(XIP was replaced by DAX in Linux 4.0)"
			db_warn "--xip $_dir: not an XIP mount: xip recorded unavailable"
			return ;;
		esac ;;
	esac
	_name=$(_unique "$_name")
	db_info "--$_role $_dir: $1, statx DAX $2: path '$_name'"
	paths_add "$_name" "$_dir" ok
}

# paths_from_pair NAME=DIR (--path)
paths_from_pair() {
	_name=${1%%=*} _dir=${1#*=}
	case $1 in
	*=*) ;;
	*) db_usage_error "--path $1: expected NAME=DIR" ;;
	esac
	case $_name in
	''|*[!A-Za-z0-9._-]*|-*)
		db_usage_error "--path $1: NAME must be letters, digits, '.', '_', '-'" ;;
	esac
	paths_have "$_name" && db_usage_error "--path $1: '$_name' given twice"
	# A device-dax device (/dev/daxX.Y) is measured as it is.
	[ -c "$_dir" ] || _check_dir "--path $1" "$_dir"
	paths_add "$_name" "$_dir" ok
}

# paths_from_manifest FILE: the daxbench guest's manifest
# ("name dir status driver reason..." per line; the driver is in every
# result's environment too).
paths_from_manifest() {
	while read -r _n _d _s _drv _r; do
		case $_n in
		''|'#'*) continue ;;
		esac
		if [ "$_s" = ok ] && { [ -d "$_d" ] || [ -c "$_d" ]; }; then
			paths_add "$_n" "$_d" ok
		else
			[ "$_s" = ok ] && _r="$_d does not exist"
			paths_add "$_n" - unavailable "${_r:-$_s}"
		fi
	done <"$1"
}

# paths_from_mounts: every DAX mount in /proc/mounts (dax or dax=always).
# Prints how many it found.
paths_from_mounts() {
	_found=0
	while read -r _dev _mnt _fs _opts _rest; do
		case ",$_opts," in
		*,dax,*|*,dax=always,*) ;;
		*) continue ;;
		esac
		case $_mnt in
		*\\*) db_warn "skipping DAX mount with an escaped name: $_mnt"; continue ;;
		esac
		if [ ! -w "$_mnt" ]; then
			db_warn "DAX mount $_mnt ($_fs on $_dev) is not writable: skipped"
			continue
		fi
		_name=$(_unique "$_fs-dax")
		db_info "found DAX mount $_mnt ($_fs on $_dev, $_opts): path '$_name'"
		paths_add "$_name" "$_mnt" ok
		_found=$((_found + 1))
	done </proc/mounts
	echo $_found
}

# paths_add_xip_note: XIP is gone from every kernel since 4.0; say so
# unless a path already covers it.
paths_add_xip_note() {
	paths_have xip && return
	case $(uname -r) in
	[0-3].*) return ;;
	esac
	paths_add xip - unavailable "XIP was replaced by DAX in Linux 4.0" \
		"(this kernel: $(uname -r))"
}
