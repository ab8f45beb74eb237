# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Values out of daxbench's JSON results for the shell tests, on the host
# and in the guest (busybox ash, no jq), through jget (tests/run/jget.c,
# json-c): nothing here depends on how the JSON is laid out.  Sourced
# after tap.sh.
#
# jget is $JGET when set, else the build tree's ($top_builddir, under
# make check), else the one beside the calling script's directory
# (tests/guest/../jget: "make install" and tests/vm-check.sh put it
# there), else the one on PATH.

if [ -z "${JGET:-}" ]; then
	if [ -x "${top_builddir:-.}/tests/run/jget" ]; then
		JGET=${top_builddir:-.}/tests/run/jget
	elif [ -x "$(dirname "$0")/../jget" ]; then
		JGET=$(dirname "$0")/../jget
	else
		JGET=jget
	fi
fi

# jv FILE PATH: the value at PATH (see jget -h), empty when not there.
jv() {
	"$JGET" "$1" "$2" 2>/dev/null
}

# metric_values FILE METRIC: the values of metrics.METRIC, one per
# repeat, rounded to integers, on one line ("null" for a missing one).
metric_values() {
	"$JGET" -i "$1" "metrics.$2.values.*" 2>/dev/null | tr '\n' ' '
}

# metric_first FILE METRIC: the first of them.
metric_first() {
	"$JGET" -i "$1" "metrics.$2.values.0" 2>/dev/null
}

# all VALUES OP BOUND: VALUES is not empty and every value satisfies
# [ value OP BOUND ] (a null never does).
all() {
	[ -n "$1" ] || return 1
	for _all_v in $1; do
		[ "$_all_v" != null ] && test "$_all_v" "$2" "$3" || return 1
	done
}

# measured LABEL RC FILE ERRFILE: did the benchmark run that exited RC,
# writing FILE (and ERRFILE), measure?  0 yes; 2 no, it was refused
# (status "unsupported": reported as a skip with its reason); 1 no, it
# failed (reported as "not ok", with its status and ERRFILE).
measured() {
	_ms_status=$(jv "$3" status)
	if [ "$_ms_status" = unsupported ]; then
		skip "$1" "$(jv "$3" reason || echo unsupported)"
		return 2
	fi
	if [ "$2" != 0 ] || [ "$_ms_status" != ok ]; then
		echo "# exit $2, status '$_ms_status': $(cat "$4")"
		not_ok "$1"
		return 1
	fi
	return 0
}

# expect_metric NAME WANT FILE METRIC: the first value of METRIC is WANT.
expect_metric() {
	_em_got=$(metric_first "$3" "$4")
	[ "$_em_got" = "$2" ] || echo "# $4: got '$_em_got', want '$2'"
	ok "$([ "$_em_got" = "$2" ]; echo $?)" "$1"
}
