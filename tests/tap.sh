# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# TAP for the shell tests, sourced (POSIX sh, busybox ash): the count of
# results and of failures, one result, a skip, the trailing plan with the
# exit status, a temporary directory removed at exit, and the merging of
# another program's TAP into this stream.  The host's tests use it, and
# so do the guest's checks (tests/vm/*.sh, tests/guest/*.sh), which
# source it as ../tap.sh: tests/vm-check.sh packs it there, and "make
# install" puts it in $(pkglibexecdir)/tests/ above tests/guest/.
# Friends: json.sh (values out of results) and paths.sh (the guest's
# paths manifest).
#
# A test may redefine, after sourcing this file:
#   tap_on_fail  say what went wrong, after each "not ok" (default:
#                the test's $tmp/err, if any)
#   tap_cleanup  undo more at exit (before $tmp is removed; mounts made
#                with tap_loop_ext4 or named to tap_mounted are undone
#                by the library itself)

n=0
failed=0

# By default, what the program under test said on stderr, when a test
# keeps it in $tmp/err.
tap_on_fail() {
	[ -n "${tmp:-}" ] && [ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err"
	return 0
}

tap_cleanup() {
	:
}

# pass NAME, not_ok NAME: one result.
pass() {
	n=$((n + 1))
	echo "ok $n $*"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $*"
	tap_on_fail
	return 0
}

# ok STATUS NAME: STATUS 0 passes.
ok() {
	if [ "$1" = 0 ]; then
		pass "$2"
	else
		not_ok "$2"
	fi
}

# skip NAME REASON
skip() {
	pass "$1 # SKIP $2"
}

# check NAME CMD...: CMD succeeds.
check() {
	_tap_what=$1
	shift
	if "$@"; then
		pass "$_tap_what"
	else
		not_ok "$_tap_what"
	fi
}

# diag [FILE...]: FILE (or stdin) as TAP comments.
diag() {
	sed 's/^/# /' "$@"
}

# tap_end: the plan, from the results given; the status: none failed.
tap_end() {
	echo "1..$n"
	[ "$failed" = 0 ]
}

# tap_tmpdir NAME [PARENT]: $tmp, a new directory in PARENT ($TMPDIR or
# /tmp by default), removed at exit; an interrupt ends the test.
tap_tmpdir() {
	tmp=$(mktemp -d "${2:-${TMPDIR:-/tmp}}/$1.XXXXXX") || {
		echo "Bail out! cannot make a temporary directory"
		exit 99
	}
	trap 'tap_cleanup; tap_umount_all; rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# Mount points tap_mounted has recorded, unmounted at exit (newest
# first) so that no test leaves a mount behind on failure or Ctrl-C.
tap_mounts=
tap_mounted() {
	tap_mounts="$1 $tap_mounts"
}

tap_umount_all() {
	for _m in $tap_mounts; do
		umount "$_m" 2>/dev/null
	done
	tap_mounts=
}

# tap_loop_ext4 DIR [MOUNT-OPTIONS]: a fresh 64 MiB ext4 (4 KiB blocks)
# in $tmp/ext4.img, loop-mounted at DIR (made here) and unmounted at
# exit.  On failure $why says why, for a skip.  Root only.
tap_loop_ext4() {
	why=
	if [ "$(id -u)" != 0 ]; then
		why="not root: cannot mount a loop device"
	elif ! command -v mkfs.ext4 >/dev/null 2>&1; then
		why="mkfs.ext4 not found"
	elif ! { mkdir -p "$1" && truncate -s 64M "$tmp/ext4.img" &&
		 mkfs.ext4 -q -F -b 4096 "$tmp/ext4.img" >/dev/null 2>&1; }; then
		why="cannot create an ext4 image"
	elif ! mount -o "loop${2:+,$2}" "$tmp/ext4.img" "$1" 2>/dev/null; then
		why="cannot mount a loop device here"
	fi
	[ -z "$why" ] || return 1
	tap_mounted "$1"
}

# tap_merge LABEL RC FILE [PREFIX]: copy the TAP stream in FILE, of a
# program that exited RC ("none": it did not finish), into this one:
# results renumbered after ours and named "PREFIX<its name>", comments
# kept, other lines made comments, its failures counted as ours.  One
# more "not ok LABEL: ..." is added when the stream lost results (fewer
# than its plan, none at all), when the program did not finish or timed
# out (124, 143), or when it exited non-zero with no failed result (4
# and 77 are the skip codes).  A stream that only says "1..0 # SKIP why"
# becomes one skipped result.
tap_merge() {
	_tm_out=$(awk -v n="$n" -v label="$1" -v rc="$2" -v prefix="${4:-}" '
		/^TAP version/ || /^# Totals:/ { next }
		/^1\.\.[0-9]+/ {
			plan = substr($1, 4) + 0
			if (plan == 0 && /# *[Ss][Kk][Ii][Pp]/) {
				skipall = $0
				sub(/^[^#]*# *[Ss][Kk][Ii][Pp] */, "", skipall)
			}
			next
		}
		/^(not )?ok/ {
			seen++
			bad = ($1 == "not")
			line = $0
			sub(/^(not )?ok *[0-9]* *(- )?/, "", line)
			n++
			fails += bad
			print (bad ? "not ok " : "ok ") n " " prefix line
			next
		}
		/^Bail out!/ {
			n++; fails++
			print "not ok " n " " label ": " $0
			next
		}
		/^#/ { print; next }
		{ print "# " $0 }
		function extra(why) {
			n++; fails++
			print "not ok " n " " label ": " why
		}
		END {
			if (skipall != "" && !seen)
				print "ok " ++n " " label " # SKIP " skipall
			else if (rc == "none")
				extra("did not finish (no exit status)")
			else if (rc == 124 || rc == 143)
				extra("timed out")
			else if (seen < plan)
				extra(seen " of " plan " results")
			else if (!seen)
				extra("no results (exit " rc ")")
			else if (rc != 0 && rc != 4 && rc != 77 && !fails)
				extra("exit " rc " with no failed case")
			print "@@ " n " " fails
		}' "$3")
	printf '%s\n' "$_tm_out" | sed '/^@@ /d'
	# shellcheck disable=SC2046 # two numbers: results so far, failures
	set -- $(printf '%s\n' "$_tm_out" | sed -n 's/^@@ //p')
	n=$1
	failed=$((failed + $2))
}
