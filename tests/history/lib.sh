# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh disable=SC2034 # the variables are its users'
#
# Shared by the history tests: TAP, the tools, run directories made
# from the fixtures, and each backend's database (an SQLite file, or a
# PostgreSQL server the test starts itself in a temporary directory and
# stops at exit).  Sourced.

# TAP, the tools' and fixtures' places, run, is and has: the analysis
# tests' library, which this one extends.
. "${top_srcdir:-$(pwd)}/tests/analysis-lib.sh"
history=$builddir/tools/daxbench-history

# fake_run SRC ID STARTED: a copy of fixture run SRC as run ID, started
# at STARTED; prints its directory.
fake_run() {
	_d=$tmp/runs/$2
	mkdir -p "$tmp/runs"
	cp -R "$runs/$1" "$_d"
	sed -e "s/\"run_id\": \"[^\"]*\"/\"run_id\": \"$2\"/" \
	    -e "s/\"started\": \"[^\"]*\"/\"started\": \"$3\"/" \
	    "$runs/$1/run.json" >"$_d/run.json"
	echo "$_d"
}

# ---- PostgreSQL: a server of the test's own ------------------------

PG_DIR=
PG_AS=
PG_BIN=

# pg_start: start a server on a unix socket in a directory of its own;
# returns 1 with the reason in PG_SKIP when it cannot.
pg_start() {
	PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -t / -k 4 -n | tail -n 1)
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
		PG_SKIP="no PostgreSQL server (Debian package postgresql, installed by scripts/setup)"
		return 1
	fi
	command -v psql >/dev/null 2>&1 || {
		PG_SKIP="no psql (package postgresql-client)"
		return 1
	}
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-pg.XXXXXX") || return 1
	# initdb refuses to run as root: the server runs as postgres.
	if [ "$(id -u)" = 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			PG_SKIP="running as root and there is no postgres user to run the server"
			return 1
		fi
		chown postgres "$PG_DIR"
		chmod 755 "$PG_DIR"
		PG_AS="runuser -u postgres --"
	fi
	if ! $PG_AS "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U daxbench \
		-E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
		sed 's/^/# initdb: /' "$PG_DIR/initdb.log" | tail -5
		PG_SKIP="initdb failed"
		return 1
	fi
	# -w: wait until it accepts connections, however loaded the host.
	if ! $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 3600 \
		-o "-k $PG_DIR -c listen_addresses= -c fsync=off -p 5432" start >/dev/null 2>&1; then
		sed 's/^/# server: /' "$PG_DIR/server.log" | tail -5
		PG_SKIP="the server did not start"
		return 1
	fi
	return 0
}

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	[ -f "$PG_DIR/data/postmaster.pid" ] &&
		$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}

tap_cleanup() {
	pg_stop
}

# pg_newdb NAME: a new database; prints its URL.
pg_newdb() {
	psql -q -h "$PG_DIR" -U daxbench -d postgres -c "CREATE DATABASE $1" >/dev/null &&
		echo "postgresql:///$1?host=$PG_DIR&user=daxbench"
}

# ---- one interface over both backends ------------------------------

# newdb KIND NAME: a fresh database of KIND (sqlite, postgresql); prints
# the --db argument.
newdb() {
	case $1 in
	sqlite) echo "$tmp/$2.db" ;;
	postgresql) pg_newdb "$2" ;;
	esac
}

# sql DB QUERY: rows, fields separated by '|'.
sql() {
	case $1 in
	postgresql://*) psql -X -q -A -t -d "$1" -c "$2" ;;
	*) sqlite3 -batch "$1" "$2" ;;
	esac
}

# state DB: every row of every table, to show that nothing changed
# (not the files: SQLite's may be rewritten, PostgreSQL's sequences move).
state() {
	for _t in daxbench_schema machines kernels runs tests measurements metric_values; do
		echo "== $_t"
		sql "$1" "SELECT * FROM $_t ORDER BY 1, 2" 2>&1
	done
}

# nth_run DIR N: the name of the Nth run directory in DIR (ids sort as time).
nth_run() {
	basename "$(printf '%s\n' "$1"/* | sed -n "$2p")"
}
