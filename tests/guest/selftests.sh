#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the DAX selftests inside the daxbench guest (POSIX sh, busybox ash).
#
# The guest runner sets DAXBENCH_PATHS_FILE to its paths manifest, one
# line per target: "name dir status reason...", e.g.
#   ext4-dax /mnt/ext4-dax ok -
#   ext4-pagecache /mnt/ext4-pagecache ok -
# Every selftest runs with DAX_DIR set to the ext4-dax dir and
# PAGECACHE_DIR to the ext4-pagecache dir.  Durability is checked across
# a power cut and a remount: DAX_SHUTDOWN=1 dax_durability -f
# durability_write -f power_cut, unmount, mount with the same device and
# options (from /proc/mounts), dax_durability -f durability_verify.  The
# dax=inode fixture of dax_statx runs after remounting ext4-dax with
# dax=inode; the original mount is restored afterwards.
#
# Output: one TAP 13 stream with every case of every program, numbered
# here (the runner may renumber again); exit 0 when nothing failed.
#
# Environment: DAXBENCH_PATHS_FILE (required), DB_SELFTEST_DIR (where
# the programs are; default: beside this script, else daxbench's
# pkglibexecdir, else /usr/local/libexec/daxbench/selftests/dax).

PROGS="dax_statx dax_mmap_sync dax_faults dax_pagecache dax_coherence
dax_private dax_truncate dax_fork"

if [ -z "$DAXBENCH_PATHS_FILE" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP not in the daxbench guest"
	exit 0
fi

n=0
failed=0
tmp=${TMPDIR:-/tmp}/selftests.$$
trap 'rm -f "$tmp"' EXIT

ok() {
	n=$((n + 1))
	echo "ok $n $*"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $*"
}

selftest_dir() {
	if [ -n "$DB_SELFTEST_DIR" ]; then
		echo "$DB_SELFTEST_DIR"
		return
	fi
	_here=$(cd "$(dirname "$0")" 2>/dev/null && pwd)
	if [ -x "$_here/dax_statx" ]; then
		echo "$_here"
		return
	fi
	# the front door knows where it was installed
	_db=$(command -v daxbench 2>/dev/null)
	if [ -n "$_db" ]; then
		_lib=$(sed -n "s/^DB_PKGLIBEXECDIR='\(.*\)'\$/\1/p" "$_db")
		if [ -x "$_lib/selftests/dax/dax_statx" ]; then
			echo "$_lib/selftests/dax"
			return
		fi
	fi
	echo /usr/local/libexec/daxbench/selftests/dax
}

# path_of NAME: "ok DIR" for a usable manifest entry, else "no REASON".
path_of() {
	while read -r _name _dir _status _reason; do
		[ "$_name" = "$1" ] || continue
		case $_status in
		ok)
			if [ -d "$_dir" ]; then
				echo "ok $_dir"
			else
				echo "no $_dir is not a directory"
			fi ;;
		*)
			echo "no $1 is $_status: $_reason" ;;
		esac
		return
	done <"$DAXBENCH_PATHS_FILE"
	echo "no no '$1' line in $DAXBENCH_PATHS_FILE"
}

# run_prog LABEL PROG ARGS...: run one selftest (harness options in
# ARGS, places in the environment) and copy its results into our stream.
# A program that dies or leaves out results counts as a failure.
run_prog() {
	_label=$1 _prog=$2
	shift 2
	echo "# $_label: DAX_DIR=${DAX_DIR:-} PAGECACHE_DIR=${PAGECACHE_DIR:-} $_prog $*"
	if [ ! -x "$dir/$_prog" ]; then
		not_ok "$_label # $dir/$_prog not found"
		return
	fi
	"$dir/$_prog" "$@" >"$tmp" 2>&1
	_rc=$?
	_out=$(awk -v n="$n" -v rc="$_rc" '
		/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
		/^TAP version/ || /^# Totals:/ { next }
		/^(not )?ok [0-9]+ / {
			seen++
			bad = ($1 == "not")
			line = $0
			sub(/^(not )?ok [0-9]+ /, "", line)
			n++
			fails += bad
			print (bad ? "not ok " : "ok ") n " " line
			next
		}
		/^#/ { print; next }
		{ print "# " $0 }
		END {
			if (seen < plan || (rc != 0 && rc != 4 && !fails)) {
				n++; fails++
				print "not ok " n " " prog " # exit " rc ", " seen "/" plan " results"
			}
			print "@@ " n " " fails
		}' prog="$_prog" "$tmp")
	echo "$_out" | sed '/^@@ /d'
	# shellcheck disable=SC2046 # two numbers: results so far, failures
	set -- $(echo "$_out" | sed -n 's/^@@ //p')
	n=$1
	failed=$((failed + $2))
}

# mount_line DIR: "device fstype options" of the mount at DIR.
mount_line() {
	awk -v d="$1" '$2 == d { l = $1 " " $3 " " $4 } END { if (l) print l }' /proc/mounts
}

# remount DIR DEVICE FSTYPE OPTIONS: unmount and mount again.
remount() {
	umount "$1" && mount -t "$3" -o "$4" "$2" "$1"
}

# Durability: write and cut power, remount, verify.
durability() {
	_m=$(mount_line "$dax")
	if [ -z "$_m" ]; then
		run_prog durability dax_durability
		return
	fi
	# shellcheck disable=SC2086 # device, fstype, options
	set -- $_m
	export DAX_SHUTDOWN=1
	run_prog durability-write dax_durability -f durability_write -f power_cut
	unset DAX_SHUTDOWN
	if remount "$dax" "$1" "$2" "$3" >"$tmp" 2>&1; then
		ok "durability_remount $dax"
	else
		not_ok "durability_remount $dax # $(tr '\n' ' ' <"$tmp")"
	fi
	run_prog durability-verify dax_durability -f durability_verify
}

# The dax=inode fixture: remount ext4-dax with dax=inode, then restore it.
inode_case() {
	_m=$(mount_line "$dax")
	# shellcheck disable=SC2086 # device, fstype, options
	set -- $_m
	_opts=$(echo ",$3," | sed 's/,dax=always,/,/; s/,dax,/,/; s/^,//; s/,$//')
	if ! remount "$dax" "$1" "$2" "$_opts,dax=inode" >"$tmp" 2>&1; then
		not_ok "statx_inode # mount -o dax=inode: $(tr '\n' ' ' <"$tmp")"
		mount -t "$2" -o "$3" "$1" "$dax" 2>/dev/null
		return
	fi
	export DAX_INODE_DIR="$dax"
	run_prog statx-inode dax_statx -f statx_inode
	unset DAX_INODE_DIR
	if remount "$dax" "$1" "$2" "$3" >"$tmp" 2>&1; then
		ok "restore_mount $dax"
	else
		not_ok "restore_mount $dax # $(tr '\n' ' ' <"$tmp")"
	fi
}

dir=$(selftest_dir)
echo "TAP version 13"
dax='' pc=''
e=$(path_of ext4-dax)
case $e in
ok\ *) dax=${e#ok } ;;
*) dax_why=${e#no } ;;
esac
e=$(path_of ext4-pagecache)
case $e in
ok\ *) pc=${e#ok } ;;
*) pc=${TMPDIR:-/tmp}; echo "# ${e#no }: page-cache halves use $pc" ;;
esac
echo "# selftests: $dir"
echo "# DAX dir: ${dax:-none ($dax_why)}; page-cache dir: $pc"
DAX_DIR=$dax PAGECACHE_DIR=$pc
export DAX_DIR PAGECACHE_DIR
inode=no
[ -n "$dax" ] && [ -n "$(mount_line "$dax")" ] && [ "$(id -u)" = 0 ] && inode=yes

for p in $PROGS; do
	if [ "$p" = dax_statx ] && [ $inode = yes ]; then
		run_prog "$p" "$p" -F statx_inode
	else
		run_prog "$p" "$p"
	fi
done
if [ -n "$dax" ] && [ "$(id -u)" = 0 ]; then
	durability
	[ $inode = yes ] && inode_case
else
	run_prog dax_durability dax_durability
fi

echo "1..$n"
echo "# selftests: $((n - failed)) ok, $failed not ok"
[ "$failed" = 0 ]
