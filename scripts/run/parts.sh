# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: a daxbench benchmark measured a repeat at a time, in turn
# with the same measurement on the run's other paths (the plan's I/N,
# scripts/run/profile.sh), so that a slow moment of a shared machine
# weighs on the DAX and the page-cache side of a pair alike.  Each repeat
# is a result of its own in $STATE/parts; after the last, daxbench-merge
# joins them into the measurement's result.  Sourced by daxbench-run,
# with measure.sh.

# measure_part ID PATH BENCHMARK I/N TIMEOUT ARGS...: repeat I of N.  A
# repeat that fails or is refused records the measurement at once, and
# its later repeats are skipped.
measure_part() {
	_id=$1 _path=$2 _bench=$3 _i=${4%/*} _n=${4#*/} _to=$5
	shift 5
	_rel=measurements/$_path/$_id.json
	_logrel=logs/$_path/$_id.log
	_pdir=$STATE/parts/$_path
	[ -e "$_pdir/$_id.done" ] && return
	mkdir -p "$_pdir" || fatal "cannot create $_pdir"
	_prog=$(db_prog "daxbench-$_bench") || _prog=
	if [ -z "$_prog" ]; then
		progress "$_path $_id: daxbench-$_bench is missing"
		record "$_id" "$_bench" "$_path" failed - - - \
			"daxbench-$_bench is not built or installed"
		: >"$_pdir/$_id.done"
		return
	fi
	progress "$_path $_id (repeat $_i of $_n, paths in turn)"
	_part=$_pdir/$_id.$_i.json
	set -- "$_prog" "$@" --dir "$(work_dir "$_path")" --repeats 1 \
		--output "$_part"
	_log_cmd "$RUN_DIR/$_logrel" "$@"
	_t=$(date +%s)
	# shellcheck disable=SC2046 # empty or "timeout N"
	run_child "$RUN_DIR/$_logrel" $(_timeout_cmd "$_to") "$@"
	_rc=$?
	_t=$(( $(date +%s) - _t ))
	if [ $_rc -eq 0 ] && [ -f "$_part" ]; then
		[ "$_i" -lt "$_n" ] || merge_parts "$_id" "$_bench" "$_path" "$_n"
		return
	fi
	# This repeat's own result, if any, says what went wrong.
	[ -f "$_part" ] && cp "$_part" "$RUN_DIR/$_rel"
	: >"$_pdir/$_id.done"
	bench_outcome "$_id" "$_bench" "$_path" $_rc "$_rel" "$_logrel" $_t \
		"$_to" "repeat $_i of $_n: "
}

# merge_parts ID BENCHMARK PATH N: the N repeats, one result, recorded.
merge_parts() {
	_mid=$1 _mbench=$2 _mpath=$3 _mn=$4
	_pdir=$STATE/parts/$_mpath
	_rel=measurements/$_mpath/$_mid.json
	_logrel=logs/$_mpath/$_mid.log
	: >"$_pdir/$_mid.done"
	_merge=$(db_prog daxbench-merge) || {
		record "$_mid" "$_mbench" "$_mpath" failed - - "$_logrel" \
			"daxbench-merge is not built or installed"
		return
	}
	set --
	_k=1
	while [ $_k -le "$_mn" ]; do
		set -- "$@" "$_pdir/$_mid.$_k.json"
		_k=$((_k + 1))
	done
	if "$_merge" --output "$RUN_DIR/$_rel" "$@" 2>>"$RUN_DIR/$_logrel"; then
		record "$_mid" "$_mbench" "$_mpath" ok "$_rel" - "$_logrel"
	else
		record "$_mid" "$_mbench" "$_mpath" failed - - "$_logrel" \
			"daxbench-merge: $(tail -n 1 "$RUN_DIR/$_logrel")"
	fi
	rm -f "$@"
}
