#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench run --history DB: a nightly job in one command.  A tiny fio
# profile on two host directories (rig mode), imported at the end; and a
# database that cannot take it: the run is kept, the exit status says so.

. "${top_srcdir:-.}/tests/history/lib.sh"

daxbench=$builddir/scripts/daxbench
if [ -z "${FIO:-}" ]; then
	skip "run --history" "fio is not installed"
	tap_end
	exit 4
fi
mkdir -p "$tmp/a" "$tmp/b"
profile=$srcdir/tests/run/tiny.profile

run "$daxbench" run --profile "$profile" --pagecache "$tmp/a" --path "other=$tmp/b" \
	--out "$tmp/res" --no-plot --no-summary --history "$tmp/h.db"
is 0 "$rc" "run --history: exit 0"
has "imported into the history" "$tmp/err" "... says it imported the run"
is "1|4" "$(sql "$tmp/h.db" "SELECT count(DISTINCT r.id), count(*) FROM runs r JOIN measurements m ON m.run_id = r.id")" \
	"... one run with its four measurements in the database"
id=$(cd "$tmp/res" && echo *)
is "$id" "$(sql "$tmp/h.db" "SELECT run_id FROM runs")" "... under the run's id"

printf 'not a database\n' >"$tmp/text.db"
rm -rf "$tmp/res"
run "$daxbench" run --profile "$profile" --pagecache "$tmp/a" --path "other=$tmp/b" \
	--out "$tmp/res" --no-plot --no-summary --history "$tmp/text.db"
is 1 "$rc" "run --history into a file that is not a database: exit 1"
has "$tmp/text.db" "$tmp/err" "... the message names it"
is 1 "$(find "$tmp/res" -mindepth 1 -maxdepth 1 | wc -l | tr -d ' ')" "... and the run is kept"

run "$daxbench" run --history
is 2 "$rc" "--history without a database: usage error"

tap_end
