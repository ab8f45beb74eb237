# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Shared by tests/compare-check.sh, report-check.sh and plot-check.sh:
# TAP (tests/tap.sh), where the tools and fixtures are, and a checksum
# of the fixtures (the tools must never change their inputs).  Sourced.

set -u

builddir=${top_builddir:-$(pwd)}
srcdir=${top_srcdir:-$(pwd)}
fixtures=$srcdir/tests/fixtures
runs=$fixtures/runs
bad=$fixtures/bad
compare=$builddir/tools/daxbench-compare
report=$builddir/tools/daxbench-report
daxbench=$builddir/scripts/daxbench
. "$srcdir/tests/tap.sh"
tap_tmpdir analysis-check

echo "TAP version 13"

# After a failure, show what the tool said.
tap_on_fail() {
	[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -20
	[ -s "$tmp/out" ] && sed 's/^/# stdout: /' "$tmp/out" | head -20
	return 0
}

# is EXPECTED ACTUAL NAME
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3 (expected '$1', got '$2')"
	fi
}

# has PATTERN FILE NAME: FILE has a line matching the extended regex.
has() {
	grep -Eq -- "$1" "$2"
	ok $? "$3"
}

hasnt() {
	! grep -Eq -- "$1" "$2"
	ok $? "$3"
}

# run CMD...: run it with stdout in $tmp/out, stderr in $tmp/err; sets rc.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# The fixtures' names and contents, to prove that nothing changed them.
fixture_sums() {
	(cd "$fixtures" && find . -type f | LC_ALL=C sort | while read -r f; do
		cksum "$f"
	done; find . | LC_ALL=C sort)
}

# verdicts FILE: "path/id.metric run verdict" lines from compare --json.
verdicts() {
	awk '
		/"path":/ { p = $0; sub(/.*"path": *"/, "", p); sub(/".*/, "", p) }
		/"id":/ { i = $0; sub(/.*"id": *"/, "", i); sub(/".*/, "", i) }
		/"name":/ { m = $0; sub(/.*"name": *"/, "", m); sub(/".*/, "", m) }
		/"label":/ { l = $0; sub(/.*"label": *"/, "", l); sub(/".*/, "", l) }
		/"verdict":/ { v = $0; sub(/.*"verdict": *"/, "", v); sub(/".*/, "", v)
			print p "/" i "." m, l, v }
	' "$1"
}

# empty_run DIR: a complete run.json that lists no measurement.
empty_run() {
	mkdir -p "$1" && cat >"$1/run.json" <<JSON
{ "schema": "daxbench-run", "schema_version": 1, "run_id": "20261125-000000-none-000000",
  "command": ["daxbench", "run", "--profile", "smoke"], "repeats": 3,
  "status": "complete", "reason": null, "environment": null, "vm": null,
  "notes": [], "paths": [], "measurements": [] }
JSON
}
