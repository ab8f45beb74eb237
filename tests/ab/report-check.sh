#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-abreport, the report of daxbench ab, on A/B directories made
# here from the run fixtures (tests/fixtures/runs): a page-fault and
# instruction regression (edited into copies of a real guest run), a
# self-A/B, times on an emulated CPU (shown, not judged) and on KVM
# (judged), a path one kernel lacks, an interrupted A/B, and bad state
# files.  Checks verdicts, exit codes, the 72-column limit, ab.json, and
# that the runs read are left unchanged.

. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
rep=$top_builddir/tools/daxbench-abreport
jget=$top_builddir/tests/run/jget
fx=$top_srcdir/tests/fixtures/runs
tap_tmpdir ab-report-check

[ -x "$rep" ] || { echo "1..0 # SKIP tools/daxbench-abreport not built"; exit 0; }

# mkab DIR BASE_RUN TEST_RUN [ROUNDS]: an A/B directory whose rounds are
# copies of the fixture runs.
mkab() {
	mkdir -p "$1/runs"
	{
		printf 'daxbench-ab\t1\nstatus\tcomplete\nprofile\tsmoke\nrounds\t%s\n' "${4:-2}"
		printf 'command\tdaxbench ab deb:6.1.0-56 deb:6.1.0-57 --profile smoke --rounds %s\n' "${4:-2}"
		printf 'machine.host\tx86_64, 2 CPUs, test\nmachine.guest\tQEMU 7.2.22 TCG\n'
		printf 'side\tbase\tspec\tdeb:6.1.0-56\nside\tbase\trelease\t6.1.0-56-amd64\n'
		printf 'side\ttest\tspec\tdeb:6.1.0-57\nside\ttest\trelease\t6.1.0-57-amd64\n'
	} >"$1/ab.state"
	_i=1
	while [ $_i -le "${4:-2}" ]; do
		for _s in base test; do
			if [ $_s = base ]; then _src=$2; else _src=$3; fi
			mkdir -p "$1/runs/$_i-$_s"
			cp -R "$_src" "$1/runs/$_i-$_s/run"
			printf 'round\t%s\t%s\tok\truns/%s-%s/run\t60\n' $_i $_s $_i $_s >>"$1/ab.state"
		done
		_i=$((_i + 1))
	done
}

# insns RUN_DIR KERNEL USER FUNC COUNT: give ext4-dax faults-write-2m of a
# copied run instruction metrics and a top-functions table (edited in:
# the fixtures predate instruction counts).
insns() {
	_f=$1/measurements/ext4-dax/faults-write-2m.json
	sed -i -e "s/^  \"metrics\": {\$/  \"insns\": { \"source\": \"tcg-plugin\", \"top_kernel_functions\": [ [ [\"$4\", $5], [\"clear_page_erms\", 16000000] ], [ [\"$4\", $5] ], [ \"garbage\", [1, 2] ] ] },\n  \"metrics\": {\n    \"insns_kernel\": { \"unit\": \"instructions\", \"better\": \"lower\", \"values\": [$2] },\n    \"insns_user\": { \"unit\": \"instructions\", \"better\": \"lower\", \"values\": [$3] },/" "$_f"
}

# faults RUN_DIR N: ext4-dax faults-write-2m's "faults" become N.
faults() {
	_f=$1/measurements/ext4-dax/faults-write-2m.json
	awk -v n="$2" '/^    "faults": \{/ { inf = 1 } inf && /^        [0-9.]+,?$/ { sub(/[0-9.]+/, n) }
		inf && /^    \}/ { inf = 0 } { print }' "$_f" >"$_f.new" && mv "$_f.new" "$_f"
}

# max72 FILE: no line longer than 72 columns.
max72() {
	awk 'length > 72 { bad = 1; print "# " length ": " $0 } END { exit bad }' "$1"
}

before=$(find "$fx" -type f -exec cat {} + | cksum)

# ---- a regression: 512x the faults, 3x the kernel instructions -------
mkdir -p "$tmp/v"
cp -R "$fx/base" "$tmp/v/base"
cp -R "$fx/base" "$tmp/v/test"
insns "$tmp/v/base" "10000000, 10010000, 10005000" "2000000, 2000000, 2000000" dax_iomap_pmd_fault 41236
insns "$tmp/v/test" "31000000, 31020000, 31010000" "2000000, 2000000, 2000000" dax_iomap_pte_fault 9000000
faults "$tmp/v/test" 2048
mkab "$tmp/reg" "$tmp/v/base" "$tmp/v/test" 3
"$rep" "$tmp/reg" >"$tmp/out" 2>"$tmp/err"
rc=$("$rep" --quiet "$tmp/reg" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 1 ]; echo $?)" "regression: exit status 1"
check "regression: the report heads with the fault regression" \
	grep -q 'noticed a 51100% regression' "$tmp/reg/report.txt"
check "regression: faults row starred" \
	grep -q -E '^ +4 +\+51100%\* +2048 +faults$' "$tmp/reg/report.txt"
check "regression: insns_kernel row starred" \
	grep -q -E '\+209\.9%\* .* insns_kernel$' "$tmp/reg/report.txt"
check "regression: insns_user the same, not starred" \
	grep -q -E ' \+0\.0%  .* insns_user$' "$tmp/reg/report.txt"
check "regression: the kernel functions that moved" \
	grep -q 'dax_iomap_pte_fault' "$tmp/reg/report.txt"
check "regression: malformed function entries passed over" \
	sh -c "! grep -q garbage '$tmp/reg/report.txt'"
check "regression: times not judged on the emulated CPU" \
	grep -q 'Times are not judged: emulated CPU' "$tmp/reg/report.txt"
check "regression: fits 72 columns" max72 "$tmp/reg/report.txt"
check "regression: stdout is report.txt" cmp -s "$tmp/out" "$tmp/reg/report.txt"
if [ -x "$jget" ]; then
	check "regression: ab.json says regression" \
		test "$("$jget" "$tmp/reg/ab.json" verdict)" = regression
	check "regression: ab.json keeps each round's samples" \
		test "$("$jget" "$tmp/reg/ab.json" status)" = complete
else
	skip "regression: ab.json verdict" "tests/run/jget not built"
	skip "regression: ab.json status" "tests/run/jget not built"
fi
check "regression: ab.json holds the rounds' samples" \
	grep -q '"samples"' "$tmp/reg/ab.json"

# ---- a self-A/B: no false alarm -------------------------------------
mkdir -p "$tmp/s"
cp -R "$fx/base" "$tmp/s/a"
cp -R "$fx/base" "$tmp/s/b"
insns "$tmp/s/a" "10000000, 10010000, 10005000" "2000000, 2000000, 2000000" dax_iomap_pmd_fault 41236
insns "$tmp/s/b" "10004000, 10012000, 10001000" "2000000, 2000000, 2000000" dax_iomap_pmd_fault 41200
mkab "$tmp/self" "$tmp/s/a" "$tmp/s/b" 3
rc=$("$rep" --quiet "$tmp/self" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 0 ]; echo $?)" "self-A/B: exit status 0"
check "self-A/B: no significant regression" \
	grep -q 'no significant regression' "$tmp/self/report.txt"
check "self-A/B: nothing starred" sh -c "! grep -q '%\\*' '$tmp/self/report.txt'"

# ---- times: emulated (shown, not judged) against KVM (judged) --------
mkab "$tmp/tcg" "$fx/base" "$fx/regress"
rc=$("$rep" --quiet "$tmp/tcg" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 0 ]; echo $?)" "emulated times beyond the threshold: exit 0"
check "emulated times: listed as not judged" \
	grep -q 'Times, key metrics (not judged: emulated CPU)' "$tmp/tcg/report.txt"
rc=$("$rep" --quiet --judge-emulated "$tmp/tcg" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 1 ]; echo $?)" "--judge-emulated: the same times are a regression (exit 1)"
mkab "$tmp/rig" "$fx/rig-base" "$fx/rig-regress"
rc=$("$rep" --quiet "$tmp/rig" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 1 ]; echo $?)" "KVM times: a regression, judged (exit 1)"
check "KVM times: ns_per_fault starred" \
	grep -q -E '\+61\.7%\* .* ns_per_fault$' "$tmp/rig/report.txt"

# ---- what one kernel lacks ------------------------------------------
mkab "$tmp/one" "$fx/base" "$fx/rig-base"
"$rep" --quiet "$tmp/one" >/dev/null 2>&1
check "one kernel only: the path TEST lacks is listed" \
	grep -q 'BASE only: ext4-dax' "$tmp/one/report.txt"
check "one kernel only: and the path BASE lacks" \
	grep -q 'TEST only: tmpfs' "$tmp/one/report.txt"

mkab "$tmp/m1" "$tmp/v/base" "$fx/base"
"$rep" --quiet "$tmp/m1" >/dev/null 2>&1
check "one kernel only: a metric one side lacks, once a metric" \
	test "$(grep -c 'BASE only: metric insns_kernel' "$tmp/m1/report.txt")" = 1

# ---- an interrupted A/B ----------------------------------------------
mkab "$tmp/int" "$fx/base" "$fx/base" 1
printf 'round\t2\tbase\tinterrupted\truns/2-base\t12\nstatus\tincomplete\nreason\tinterrupted by SIGINT during round 2 base\n' \
	>>"$tmp/int/ab.state"
rc=$("$rep" --quiet "$tmp/int" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 0 ]; echo $?)" "interrupted: a report of the completed rounds (exit 0)"
check "interrupted: says INCOMPLETE and why" \
	grep -q 'INCOMPLETE A/B (incomplete): interrupted by SIGINT' "$tmp/int/report.txt"
check "interrupted: only the completed rounds counted" \
	grep -q 'rounds   1 BASE + 1 TEST ok' "$tmp/int/report.txt"

# ---- bad input: exit 2, naming the file and line -----------------------
bad() {
	mkdir -p "$tmp/bad"
	rm -f "$tmp/bad/ab.state"
	# shellcheck disable=SC2059 # the test passes escapes to expand
	printf "$2" >"$tmp/bad/ab.state"
	rc=$("$rep" --quiet "$tmp/bad" 2>"$tmp/err" >/dev/null; echo $?)
	if [ "$rc" = 2 ] && grep -q -F -- "$3" "$tmp/err"; then
		pass "bad input: $1 (exit 2)"
	else
		not_ok "bad input: $1 (exit 2)"
		echo "# exit $rc"
		diag "$tmp/err"
	fi
}
bad "no state file" "" "ab.state:0: empty"
bad "not an A/B state" 'hello\n' "not a daxbench-ab state file"
bad "a newer version" 'daxbench-ab\t2\nstatus\tcomplete\n' "version 1"
bad "no status" 'daxbench-ab\t1\nprofile\tquick\n' "no status line"
bad "a run outside the A/B" 'daxbench-ab\t1\nstatus\tcomplete\nround\t1\tbase\tok\t../../etc\t1\n' "inside the A/B directory"
bad "a bad side" 'daxbench-ab\t1\nstatus\tcomplete\nround\t1\tmiddle\tok\truns/x\t1\n' "neither base nor test"
bad "a missing run" 'daxbench-ab\t1\nstatus\tcomplete\nround\t1\tbase\tok\truns/none\t1\n' "runs/none"
bad "a truncated line" 'daxbench-ab\t1\nstatus\tcomp' "truncated"
rc=$("$rep" --threshold abc "$tmp/reg" >/dev/null 2>"$tmp/err"; echo $?)
ok "$([ "$rc" = 2 ] && grep -q -- '--threshold' "$tmp/err"; echo $?)" "bad input: --threshold abc (exit 2)"
rc=$("$rep" >/dev/null 2>&1; echo $?)
ok "$([ "$rc" = 2 ]; echo $?)" "bad input: no A/B directory (exit 2)"

after=$(find "$fx" -type f -exec cat {} + | cksum)
ok "$([ "$before" = "$after" ]; echo $?)" "the fixture runs are unchanged"

tap_end
