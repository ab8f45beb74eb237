# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: what is shown at the end of a run, the summary table and
# the plots.  Sourced by daxbench-run; uses RUN_DIR and plot.

# summarize: the table of daxbench-summary (tools/summary.c) on stdout.
summarize() {
	[ "$summary" = no ] && return
	_sum=$(db_prog daxbench-summary) || {
		db_warn "daxbench-summary is not built: no summary table"
		return
	}
	echo
	"$_sum" "$RUN_DIR"
}

# run_plots: daxbench plot into RUN_DIR/plots, when it and gnuplot exist;
# says why when plots are skipped.
run_plots() {
	if [ "$plot" = no ]; then
		db_info "plots skipped (--no-plot)"
	elif ! _plot=$(db_prog daxbench-plot); then
		db_info "plots skipped: daxbench plot is not built or installed"
	elif ! command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
		db_info "plots skipped: gnuplot is not installed"
	elif ! mkdir -p "$RUN_DIR/logs"; then
		db_warn "plots skipped: cannot create $RUN_DIR/logs"
	elif "$_plot" --out "$RUN_DIR/plots" "$RUN_DIR" >"$RUN_DIR/logs/plot.log" 2>&1; then
		db_info "plots in $RUN_DIR/plots"
	else
		db_warn "daxbench plot failed: see $RUN_DIR/logs/plot.log"
	fi
}

# run_host: this machine's name for run ids; "guest" in a guest that has
# none ("(none)").
run_host() {
	_h=$(uname -n)
	case $_h in
	''|'(none)') _h=guest ;;
	esac
	echo "$_h" | tr -c 'A-Za-z0-9.\n-' _
}

# run_history: with --history DB, import the run into the history
# database (daxbench history import); returns 1 when that fails, after
# saying so (the run itself is kept either way).
run_history() {
	[ -n "${history:-}" ] || return 0
	[ -n "${RUN_DIR:-}" ] && [ -f "$RUN_DIR/run.json" ] || return 0
	_hist=$(db_prog daxbench-history) || {
		db_warn "--history: daxbench history is not built or installed: run not imported"
		return 1
	}
	if "$_hist" import --db "$history" "$RUN_DIR" >"$STATE/history.out"; then
		db_info "imported into the history $history"
		return 0
	fi
	db_warn "--history $history: the run was not imported (see above); import it later with: daxbench history import --db $history $RUN_DIR"
	return 1
}
