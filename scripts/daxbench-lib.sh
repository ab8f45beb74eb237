# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Shell helpers shared by the daxbench scripts.  Sourced, never run.
# Expects DB_MODE (build|installed), DB_BUILDDIR, DB_SRCDIR,
# DB_PKGLIBEXECDIR and DB_PKGDATADIR from the daxbench front door;
# a script run directly from the build tree sets them with db_bootstrap.

DB_NAME=${DB_NAME:-daxbench}

db_die() {
	echo "$DB_NAME: $*" >&2
	exit 1
}

db_usage_error() {
	echo "$DB_NAME: $*" >&2
	echo "Try '$DB_NAME --help'." >&2
	exit 2
}

db_warn() {
	echo "$DB_NAME: warning: $*" >&2
}

db_info() {
	echo "$DB_NAME: $*" >&2
}

# db_prog NAME: print the path of a daxbench program or script.
db_prog() {
	if [ "$DB_MODE" = build ]; then
		for d in bench tools scripts kernel/selftests/dax; do
			if [ -x "$DB_BUILDDIR/$d/$1" ]; then
				echo "$DB_BUILDDIR/$d/$1"
				return 0
			fi
		done
		if [ -x "$DB_SRCDIR/scripts/$1" ]; then
			echo "$DB_SRCDIR/scripts/$1"
			return 0
		fi
	else
		for d in "$DB_PKGLIBEXECDIR" "$(dirname "$DB_PKGLIBEXECDIR")/../bin" \
			 "$DB_PKGLIBEXECDIR/selftests/dax"; do
			if [ -x "$d/$1" ]; then
				echo "$d/$1"
				return 0
			fi
		done
	fi
	command -v "$1" 2>/dev/null
}

# db_data PATH: print the path of a data file (workloads/..., profiles).
db_data() {
	if [ "$DB_MODE" = build ]; then
		echo "$DB_SRCDIR/$1"
	else
		echo "$DB_PKGDATADIR/$1"
	fi
}

# db_selftest_dir: where the built kernel/ DAX selftests are.
db_selftest_dir() {
	if [ "$DB_MODE" = build ]; then
		echo "$DB_BUILDDIR/kernel/selftests/dax"
	else
		echo "$DB_PKGLIBEXECDIR/selftests/dax"
	fi
}

# db_cache_dir: a per-user cache for kernels and guest images.
db_cache_dir() {
	echo "${DAXBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daxbench}"
}

# db_atomic_write FILE: copy stdin to FILE through a temporary file in the
# same directory and rename(2), so a crash never leaves half a file.
db_atomic_write() {
	_t=$(mktemp "$1.tmp.XXXXXX") || return 1
	if cat >"$_t"; then
		mv -f "$_t" "$1"
	else
		rm -f "$_t"
		return 1
	fi
}
