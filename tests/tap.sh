# SPDX-License-Identifier: GPL-2.0-only
#
# TAP for the shell tests, sourced (POSIX sh, busybox ash): the count of
# results and of failures, one result, a skip, the trailing plan with the
# exit status, and a temporary directory removed at exit.  The host's
# tests use it, and tests/vm/basic.sh in the guest (tests/vm-check.sh
# packs this file beside tests/vm/).  tests/guest/*.sh keep their own
# helpers: each runs alone, copied into any guest, or installed
# (selftests.sh, with the kernel selftests).
#
# A test may redefine, after sourcing this file:
#   tap_on_fail  say what went wrong, after each "not ok"
#   tap_cleanup  undo more at exit (before $tmp is removed)

n=0
failed=0

tap_on_fail() {
	:
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
	trap 'tap_cleanup; rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
