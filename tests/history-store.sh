#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench history import on both backends, the same tests for each:
# SQLite (a file) and PostgreSQL (a server this test starts on a unix
# socket in a temporary directory).  Counts are the fixtures' own: base,
# noise and regress have 15 measurements and 462 values each, rig-base
# 10 and 468 (tests/fixtures/README.md).

. "${top_srcdir:-.}/tests/history/lib.sh"

backends=sqlite
if pg_start; then
	backends="sqlite postgresql"
else
	echo "# PostgreSQL: $PG_SKIP"
fi

# counts DB: runs measurements values
counts() {
	echo "$(sql "$1" "SELECT count(*) FROM runs") $(sql "$1" "SELECT count(*) FROM measurements") $(sql "$1" "SELECT count(*) FROM metric_values")"
}

store_tests() {
	k=$1
	db=$(newdb "$k" imp) || { not_ok "$k: create a database"; return; }

	run "$history" import --db "$db" "$runs/base" "$runs/noise" "$runs/regress"
	is 0 "$rc" "$k: import three runs"
	is "3 45 1386" "$(counts "$db")" "$k: every measurement and every repeat stored"
	is 1 "$(sql "$db" "SELECT count(*) FROM machines")" "$k: one machine for three guest runs"
	is 2 "$(sql "$db" "SELECT count(*) FROM kernels")" "$k: two kernels (6.1.0-56, 6.1.0-57)"
	nspf="FROM metric_values v JOIN measurements m ON m.id = v.measurement_id
		JOIN runs r ON r.id = m.run_id JOIN tests t ON t.id = m.test_id
		WHERE r.run_id = '20261125-021500-guest-p7x2mc' AND t.path = 'ext4-dax'
		AND t.name = 'faults-write-2m' AND v.metric = 'ns_per_fault'"
	is "3|6" "$(sql "$db" "SELECT count(*), sum(repeat_no) $nspf")" \
		"$k: a metric's three repeats, numbered 1 to 3"
	# The first of them in regress/measurements/ext4-dax/faults-write-2m.json.
	is 40112345.5 "$(sql "$db" "SELECT value $nspf AND repeat_no = 1")" \
		"$k: a value as the result file has it"
	is 15 "$(sql "$db" "SELECT count(*) FROM tests")" "$k: a run's parameters are one test across runs (run-specific dir/file dropped)"

	before=$(state "$db")
	run "$history" import --db "$db" "$runs/base"
	is 0 "$rc" "$k: importing a run again succeeds"
	has 'already in the history' "$tmp/out" "$k: ... and says it was already there"
	is "$before" "$(state "$db")" "$k: ... and changes nothing"

	for b in truncated malformed version missing-file outside bad-metric; do
		run "$history" import --db "$db" "$bad/$b"
		is 1 "$rc" "$k: broken run '$b' refused, exit 1"
		has "$bad/$b" "$tmp/err" "$k: ... the message names it"
		is "$before" "$(state "$db")" "$k: ... the database unchanged"
	done

	# A guest run that brought nothing back: skipped, not a machine.
	mkdir -p "$tmp/empty-run"
	printf '{"schema": "daxbench-run", "schema_version": 1, "run_id": "20261126-010000-vm-empty1", "started": "2026-11-26T01:00:00Z", "status": "incomplete", "reason": "the guest run brought back no run directory", "environment": {"hostname": "vm"}, "measurements": []}\n' \
		>"$tmp/empty-run/run.json"
	run "$history" import --db "$db" "$tmp/empty-run"
	is 0 "$rc" "$k: a run without any measurement: exit 0"
	has "no measurements in .*nothing to import" "$tmp/out" "$k: ... skipped, saying why"
	is "$before" "$(state "$db")" "$k: ... the database unchanged (no machine made of the host)"

	# Failing half way: after 100 values of the second run.
	r1=$(fake_run rig-base 20261126-000000-rig1-half01 2026-11-26T00:00:00Z)
	run env DAXBENCH_HISTORY_FAILPOINT=fail:100 "$history" import --db "$db" "$r1"
	is 1 "$rc" "$k: an import failing half way exits 1"
	has "not imported: the database is unchanged" "$tmp/err" "$k: ... says nothing was imported"
	is "$before" "$(state "$db")" "$k: ... and nothing of it is in the database"

	# Killed half way (SIGKILL while it holds the transaction).
	rm -f "$tmp/stalled"
	env DAXBENCH_HISTORY_FAILPOINT="stall:200:$tmp/stalled" \
		"$history" import --db "$db" "$r1" >/dev/null 2>&1 &
	pid=$!
	while [ ! -e "$tmp/stalled" ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.2
	done
	if [ -e "$tmp/stalled" ]; then
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
		is "$before" "$(state "$db")" "$k: an importer killed half way leaves no trace"
	else
		wait "$pid"
		not_ok "$k: the stalling importer ended on its own"
	fi
	run "$history" import --db "$db" "$r1"
	is 0 "$rc" "$k: ... and the run imports afterwards"
	is "4 55 1854" "$(counts "$db")" "$k: ... whole"

	# Two importers at once, on overlapping lists of new runs.
	list_a="" list_b=""
	for i in 1 2 3 4 5 6; do
		d=$(fake_run base "20261127-00000$i-guest-conc0$i" "2026-11-27T00:00:0${i}Z")
		[ "$i" -le 4 ] && list_a="$list_a $d"
		[ "$i" -ge 3 ] && list_b="$list_b $d"
	done
	# shellcheck disable=SC2086 # lists of directories
	"$history" import --db "$db" $list_a >"$tmp/a.out" 2>"$tmp/a.err" &
	pa=$!
	# shellcheck disable=SC2086
	"$history" import --db "$db" $list_b >"$tmp/b.out" 2>"$tmp/b.err" &
	pb=$!
	wait "$pa"
	ra=$?
	wait "$pb"
	rb=$?
	is "0 0" "$ra $rb" "$k: two importers at once both succeed"
	is "10 145 4626" "$(counts "$db")" "$k: ... every run once, whole"
	is 6 "$(cat "$tmp/a.out" "$tmp/b.out" | grep -c '^imported ')" \
		"$k: ... six imported between them, the two shared ones by one only"
	is 2 "$(sql "$db" "SELECT count(*) FROM machines")" "$k: ... no machine row added (the guest's, the rig's)"
	rm -rf "$tmp/runs"
}

for k in $backends; do
	store_tests "$k"
done

# ---- refusals that do not depend on the backend's health ------------

printf 'not a database at all\n' >"$tmp/text.db"
run "$history" import --db "$tmp/text.db" "$runs/base"
is 1 "$rc" "a file that is not SQLite: exit 1"
has "$tmp/text.db" "$tmp/err" "... the message names it"

db=$tmp/future.db
"$history" import --db "$db" "$runs/base" >/dev/null
sqlite3 "$db" "UPDATE daxbench_schema SET version = 99"
before=$(state "$db")
run "$history" import --db "$db" "$runs/noise"
is 1 "$rc" "a database of a newer schema version: exit 1"
has "$db: history schema version 99 is newer" "$tmp/err" "... says so, naming it"
is "$before" "$(state "$db")" "... and leaves it unchanged"

sqlite3 "$tmp/other.db" "CREATE TABLE runs (x INTEGER)"
run "$history" import --db "$tmp/other.db" "$runs/base"
is 1 "$rc" "a database of someone else's with a runs table: exit 1"
has "not a daxbench history database" "$tmp/err" "... says so"

if [ -n "$PG_DIR" ]; then
	db=$(newdb postgresql future)
	"$history" import --db "$db" "$runs/base" >/dev/null
	sql "$db" "UPDATE daxbench_schema SET version = 99"
	before=$(state "$db")
	run "$history" import --db "$db" "$runs/noise"
	is 1 "$rc" "postgresql: a newer schema version: exit 1"
	has "history schema version 99 is newer" "$tmp/err" "... says so"
	is "$before" "$(state "$db")" "... and leaves it unchanged"
fi

# An unreachable server: a socket directory where none listens.
mkdir "$tmp/nosock"
run "$history" import --db "postgresql:///x?host=$tmp/nosock" "$runs/base"
is 1 "$rc" "an unreachable PostgreSQL URL: exit 1"
has "postgresql:///x\\?host=$tmp/nosock: cannot connect" "$tmp/err" "... the message names it"
run "$history" import --db "postgresql://u:secret@127.0.0.1:1/x" "$runs/base"
is 1 "$rc" "a refused TCP connection: exit 1"
has "postgresql://u:\\*\\*\\*@127.0.0.1:1/x" "$tmp/err" "... named without its password"
if grep -q secret "$tmp/err"; then not_ok "... the password never shown"; else pass "... the password never shown"; fi

run "$history" import --db "$tmp/x.db"
is 2 "$rc" "import without a run: usage error"
run "$history" frobnicate
is 2 "$rc" "an unknown subcommand: usage error"

tap_end
