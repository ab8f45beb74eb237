# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: run one measurement of the plan and record it in
# run.json.  Sourced by daxbench-run, which provides RUN_DIR, RUN_JSON,
# RUNJSON_PROG, FIO2JSON_PROG, STATE, STEP, NSTEPS, T0, and the trap
# that stops CHILD on Ctrl-C.

# progress TEXT: "[ 7/24 ] ext4-dax faults-write-2m (3 repeats)" on stderr.
progress() {
	_el=$(( $(date +%s) - T0 ))
	printf '[ %*d/%d ] %s  %dm%02ds\n' ${#NSTEPS} "$STEP" "$NSTEPS" "$*" \
		$((_el / 60)) $((_el % 60)) >&2
}

# record ID BENCHMARK PATH STATUS FILE RAW LOG [REASON]
# daxbench-runjson prints the status it recorded (taken from the result
# file when there is one) and the reason.
record() {
	_st=$("$RUNJSON_PROG" measurement "$RUN_JSON" "$@") ||
		fatal "cannot update $RUN_JSON"
	case $_st in
	ok*) ;;
	failed*)
		FAILED=$((FAILED + 1))
		db_info "$3 $1: $_st" ;;
	*) db_info "$3 $1: $_st" ;;
	esac
}

# _timeout_cmd SECONDS: the words that put a time limit on a command.
_timeout_cmd() {
	if command -v timeout >/dev/null 2>&1; then
		echo "timeout $1"
	fi
}

# run_child LOG CMD...: run a program in the background (so that the trap
# can stop it), output appended to LOG; returns its exit status.
run_child() {
	_log=$1
	shift
	# A trap may run between the fork and CHILD=$!: "pending" (with the
	# $! of before) tells stop_run to look at $! itself.
	CHILD_BEFORE=$!
	CHILD=pending
	"$@" </dev/null >>"$_log" 2>&1 &
	CHILD=$!
	wait "$CHILD"
	_rc=$?
	CHILD=
	return $_rc
}

# _last_line LOG: the program's last message, without the logged command.
_last_line() {
	grep -v '^\$ ' "$1" 2>/dev/null | grep . | tail -n 1 | cut -c1-200
}

# _why RC LOG ELAPSED TIMEOUT: one line saying why a program failed.
_why() {
	if [ "$1" -eq 124 ] || { [ "$1" -ge 128 ] && [ "$3" -ge "$4" ]; }; then
		echo "timed out after $4 s"
		return
	fi
	_last=$(_last_line "$2")
	echo "exit status $1${_last:+: $_last}"
}

# _log_cmd LOG CMD...: start LOG with the command, as a shell would echo it.
_log_cmd() {
	_l=$1
	shift
	printf '$ %s\n' "$*" >>"$_l"
}

# measure_bench ID PATH BENCHMARK REPEATS TIMEOUT ARGS...: a daxbench
# program, all repeats in one invocation (--repeats), one result file.
measure_bench() {
	_id=$1 _path=$2 _bench=$3 _rep=$4 _to=$5
	case $_rep in
	*/*)
		measure_part "$@"
		return ;;
	esac
	shift 5
	_rel=measurements/$_path/$_id.json
	_logrel=logs/$_path/$_id.log
	_prog=$(db_prog "daxbench-$_bench") || _prog=
	if [ -z "$_prog" ]; then
		progress "$_path $_id: daxbench-$_bench is missing"
		record "$_id" "$_bench" "$_path" failed - - - \
			"daxbench-$_bench is not built or installed"
		return
	fi
	_wd=$(work_dir "$_path")
	_flag=--dir
	if [ -c "$_wd" ]; then
		# device-dax: only what maps it directly can measure it.
		case $_bench in
		faults|mmap) _flag=--file ;;
		*)
			progress "$_path $_id: not on a device"
			record "$_id" "$_bench" "$_path" unsupported - - - \
				"daxbench-$_bench needs a filesystem; $_path is a device-dax device"
			return ;;
		esac
	fi
	progress "$_path $_id ($_rep repeats)"
	set -- "$_prog" "$@" "$_flag" "$_wd" --repeats "$_rep" \
		--output "$RUN_DIR/$_rel"
	_log_cmd "$RUN_DIR/$_logrel" "$@"
	_t=$(date +%s)
	# shellcheck disable=SC2046 # empty or "timeout N"
	run_child "$RUN_DIR/$_logrel" $(_timeout_cmd "$_to") "$@"
	_rc=$?
	_t=$(( $(date +%s) - _t ))
	bench_outcome "$_id" "$_bench" "$_path" $_rc "$_rel" "$_logrel" $_t "$_to"
}

# bench_outcome ID BENCHMARK PATH RC RESULT LOG ELAPSED TIMEOUT [PREFIX]:
# record how a benchmark's invocation went.  PREFIX starts the reason of
# a failure ("repeat 2 of 3: ").
bench_outcome() {
	_id=$1 _bench=$2 _path=$3 _rc=$4 _rel=$5 _logrel=$6 _t=$7 _to=$8
	_pre=${9:-}
	if [ "$_rc" -eq 0 ] && [ -f "$RUN_DIR/$_rel" ]; then
		record "$_id" "$_bench" "$_path" ok "$_rel" - "$_logrel"
	elif [ "$_rc" -eq 3 ]; then
		# The benchmarks' contract (docs/exit-codes.md): 3 is a
		# combination this kernel, filesystem or CPU refuses.
		[ -f "$RUN_DIR/$_rel" ] && _f=$_rel || _f=-
		record "$_id" "$_bench" "$_path" unsupported "$_f" - "$_logrel" \
			"$(_last_line "$RUN_DIR/$_logrel")"
	elif [ -f "$RUN_DIR/$_rel" ]; then
		record "$_id" "$_bench" "$_path" failed "$_rel" - "$_logrel" \
			"$_pre$(_why "$_rc" "$RUN_DIR/$_logrel" "$_t" "$_to")"
	else
		[ "$_rc" -eq 0 ] && _rc=1
		record "$_id" "$_bench" "$_path" failed - - "$_logrel" \
			"$_pre$(_why "$_rc" "$RUN_DIR/$_logrel" "$_t" "$_to")"
	fi
}

_upper() {
	echo "$1" | tr '[:lower:]' '[:upper:]'
}

# measure_fio ID PATH fio REPEATS TIMEOUT JOB KEY=VALUE...: fio once per
# repeat, each with --output-format=json+, then one result for all.
measure_fio() {
	_id=$1 _path=$2 _rep=$4 _to=$5 _job=$6
	shift 6
	# Repeats FIRST..LAST of TOTAL now; their raw output in RAWDIR.
	case $_rep in
	*/*)
		_first=${_rep%/*} _total=${_rep#*/}
		_rawdir=$STATE/parts/$_path/$_id.fio
		[ -e "$_rawdir.done" ] && return
		mkdir -p "$_rawdir" || fatal "cannot create $_rawdir" ;;
	*)
		_first=1 _total=$_rep
		_rawdir=$STATE/fio ;;
	esac
	_last=$_first
	[ "$_rep" = "$_total" ] && _last=$_total
	_rel=measurements/$_path/$_id.json
	_rawrel=raw/$_path/$_id.json
	_logrel=logs/$_path/$_id.log
	_fio=$(command -v "${FIO:-fio}" 2>/dev/null) || _fio=
	if [ -z "$_fio" ]; then
		progress "$_path $_id: fio is not installed"
		record "$_id" fio "$_path" skipped - - - "fio is not installed"
		return
	fi
	if [ -c "$(work_dir "$_path")" ]; then
		progress "$_path $_id: not on a device"
		record "$_id" fio "$_path" unsupported - - - \
			"the fio jobs work on files; $_path is a device-dax device"
		return
	fi
	_jobfile=$(db_data "workloads/fio/$_job.fio")
	mkdir -p "$RUN_DIR/raw/$_path" || fatal "cannot create $RUN_DIR/raw/$_path"
	_settings=$*
	set -- env "DAXBENCH_DIR=$(work_dir "$_path")"
	for _kv in $_settings; do
		set -- "$@" "DAXBENCH_$(_upper "${_kv%%=*}")=${_kv#*=}"
	done
	set -- "$@" "$_fio" --output-format=json+ "$_jobfile"
	if [ "$_first" = 1 ]; then
		rm -rf "$_rawdir"
		mkdir -p "$_rawdir" || fatal "cannot create $_rawdir"
		date -u +%Y-%m-%dT%H:%M:%SZ >"$_rawdir.started"
	fi
	_started=$(cat "$_rawdir.started")
	_r=$_first
	_rc=0
	while [ "$_r" -le "$_last" ]; do
		progress "$_path $_id ($_r of $_total repeats)"
		_raw=$_rawdir/fio.$(printf %04d "$_r").json
		_log_cmd "$RUN_DIR/$_logrel" "$@" "--output=$_raw"
		_t=$(date +%s)
		# shellcheck disable=SC2046
		run_child "$RUN_DIR/$_logrel" $(_timeout_cmd "$_to") "$@" \
			"--output=$_raw"
		_rc=$?
		_t=$(( $(date +%s) - _t ))
		[ $_rc -eq 0 ] || break
		_r=$((_r + 1))
	done
	if [ $_rc -ne 0 ]; then
		# fio's own error message may be in its output file.
		[ -f "$_raw" ] && cat "$_raw" >>"$RUN_DIR/$_logrel"
		record "$_id" fio "$_path" failed - - "$_logrel" \
			"repeat $_r: $(_why "$_rc" "$RUN_DIR/$_logrel" "$_t" "$_to")"
		rm -rf "$_rawdir"
		: >"$_rawdir.done"
		return
	fi
	# In turn with other paths: the result after the last repeat.
	[ "$_last" -lt "$_total" ] && return
	# The command, word by word, becomes the result's "command".
	_n=$#
	for _w in "$@"; do
		set -- "$@" "--cmd=$_w"
	done
	shift $_n
	if "$FIO2JSON_PROG" --output "$RUN_DIR/$_rel" --raw-out "$RUN_DIR/$_rawrel" \
		--dir "$(work_dir "$_path")" --job-file "$_job.fio" \
		--started "$_started" "$@" "$_rawdir"/fio.*.json \
		>/dev/null 2>>"$RUN_DIR/$_logrel"; then
		record "$_id" fio "$_path" ok "$_rel" "$_rawrel" "$_logrel"
	else
		record "$_id" fio "$_path" failed - - "$_logrel" \
			"daxbench-fio2json: $(tail -n 1 "$RUN_DIR/$_logrel")"
	fi
	rm -rf "$_rawdir"
	: >"$_rawdir.done"
}

# measure ID PATH BENCHMARK REPEATS TIMEOUT ARGS...
measure() {
	mkdir -p "$RUN_DIR/measurements/$2" "$RUN_DIR/logs/$2" ||
		fatal "cannot create directories in $RUN_DIR"
	if [ "$3" = fio ]; then
		measure_fio "$@"
	else
		measure_bench "$@"
	fi
}
