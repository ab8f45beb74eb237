# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# daxbench run: the noise probe (daxbench-noise) before, during and after
# the measurements, recorded in run.json's "noise" with a verdict on the
# machine (docs/running.md, "The noise probe").  Sourced by daxbench-run,
# which provides RUN_DIR, RUN_JSON, RUNJSON_PROG and STATE.

NOISE_PROG=
NOISE_PID=
# In the emulated guest a 16 MiB pass costs the emulator a tenth of a
# second: smaller bursts, so that the sampler stays a small share of the
# guest's CPU beside the measurements.
NOISE_OPTS=
[ "${DAXBENCH_VM:-}" = 1 ] && NOISE_OPTS="--buffer 1M --syscalls 200"

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
	# shellcheck disable=SC2086 # empty or options, word by word
	"$NOISE_PROG" $NOISE_OPTS --duration 1s --output "$RUN_DIR/noise/$1.json" \
		>/dev/null 2>>"$RUN_DIR/logs/noise.log"
	_noise_record "$1"
}

# noise_sampler_start: one burst a second beside the measurements.
noise_sampler_start() {
	[ "$probe" = yes ] && [ -n "$NOISE_PROG" ] || return 0
	# shellcheck disable=SC2086 # empty or options, word by word
	"$NOISE_PROG" $NOISE_OPTS --sample --interval 1s \
		--output "$RUN_DIR/noise/during.json" \
		</dev/null >/dev/null 2>>"$RUN_DIR/logs/noise.log" &
	NOISE_PID=$!
}

# noise_sampler_stop: stop the sampler (it writes its bursts) and record.
noise_sampler_stop() {
	[ -n "$NOISE_PID" ] || return 0
	# Again until it is gone: a signal that reaches the forked shell
	# before it has become the sampler is lost in the exec.
	while kill -TERM "$NOISE_PID" 2>/dev/null; do
		sleep 0.1
	done
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
