# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: the noise probe (daxbench-noise) before, during and after
# the measurements, recorded in run.json's "noise" with a verdict on the
# machine (docs/running.md, "The noise probe").  Sourced by daxbench-run,
# which provides RUN_DIR, RUN_JSON, RUNJSON_PROG and STATE.

NOISE_PROG=
NOISE_PID=

# _noise_record PHASE: record noise/PHASE.json in run.json; the verdict
# and its reasons go to $STATE/noise.
_noise_record() {
	"$RUNJSON_PROG" noise "$RUN_JSON" "$1" "noise/$1.json" >"$STATE/noise" ||
		db_warn "cannot record the noise probe's $1 reading in $RUN_JSON"
}

# noise_probe PHASE: a spot probe of 1 s (before or after).
noise_probe() {
	[ "$probe" = yes ] || return 0
	if [ -z "$NOISE_PROG" ]; then
		NOISE_PROG=$(db_prog daxbench-noise) || {
			NOISE_PROG=
			db_info "daxbench-noise is not built: the machine's noise is not probed"
			"$RUNJSON_PROG" note "$RUN_JSON" "the machine's noise was not probed: daxbench-noise is missing"
			probe=no
			return 0
		}
	fi
	mkdir -p "$RUN_DIR/noise" "$RUN_DIR/logs" || return 0
	"$NOISE_PROG" --duration 1s --output "$RUN_DIR/noise/$1.json" \
		>/dev/null 2>>"$RUN_DIR/logs/noise.log"
	_noise_record "$1"
}

# noise_sampler_start: one burst a second beside the measurements.
noise_sampler_start() {
	[ "$probe" = yes ] && [ -n "$NOISE_PROG" ] || return 0
	"$NOISE_PROG" --sample --interval 1s --output "$RUN_DIR/noise/during.json" \
		</dev/null >/dev/null 2>>"$RUN_DIR/logs/noise.log" &
	NOISE_PID=$!
}

# noise_sampler_stop: stop the sampler (it writes its bursts) and record.
noise_sampler_stop() {
	[ -n "$NOISE_PID" ] || return 0
	kill -TERM "$NOISE_PID" 2>/dev/null
	wait "$NOISE_PID" 2>/dev/null
	NOISE_PID=
	_noise_record during
}

# noise_warn: after the last reading, say when the machine was too
# unstable for the timings to mean anything.
noise_warn() {
	[ -s "$STATE/noise" ] || return 0
	case $(head -n 1 "$STATE/noise") in
	noisy)
		db_warn "the machine was too unstable for timings to mean anything: this run's absolute times and rates are not comparable with another run's; ratios measured in pairs carry their own verdict (noise probe, run.json \"noise\"):"
		tail -n +2 "$STATE/noise" | while IFS= read -r _l; do
			db_warn "  $_l"
		done ;;
	esac
}
