#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench plot must never run what a results directory holds.  gnuplot
# runs `back-quoted` commands inside double-quoted strings and system()
# in expressions; a run id, a path name, a parameter value, a kernel
# release or the run directory's own name is data from whoever made the
# results.  Each payload below would create a file named pwn-*; after
# plotting, none may exist, and the plots are made.  Skipped without
# gnuplot.

# shellcheck disable=SC2016 # the payloads are literal text on purpose
. "${top_srcdir:-.}/tests/analysis-lib.sh"

if [ -z "${GNUPLOT:-}" ]; then
	echo "1..0 # SKIP gnuplot not found by configure"
	exit 0
fi
export GNUPLOT

# The payloads, as JSON string contents; relative names, because gnuplot
# runs in $tmp/work.
bq='x`touch pwn-backquote`y'
dollar='p$(touch pwn-dollar)q'
dq='e\"; system(\"touch pwn-system\"); x=\"`touch pwn-dq`'
sq="s'.system('touch pwn-sq').'"
nl='k\nsystem(\"touch pwn-newline\")\n!touch pwn-shell\n'
at='m@db_dir`touch pwn-macro`'

# sed_text S: S for the replacement side of sed's s|||.
sed_text() {
	printf '%s' "$1" | sed 's/[\\&|]/\\&/g'
}
bq=$(sed_text "$bq")
dollar=$(sed_text "$dollar")
dq=$(sed_text "$dq")
sq=$(sed_text "$sq")
nl=$(sed_text "$nl")
at=$(sed_text "$at")

# evil SRC DST: a copy of fixture run SRC with payloads in every string
# that reaches a plot.
evil() {
	cp -R "$runs/$1" "$2" &&
	sed -e "s|\"run_id\": \"[^\"]*\"|\"run_id\": \"$bq\"|" \
	    -e "s|\"path\": \"ext4-dax\"|\"path\": \"$dollar\"|" \
	    -e "s|\"path\": \"ext4-pagecache\"|\"path\": \"$sq\"|" \
	    -e "s|\"kernel\": \"6.1.0-56-amd64\"|\"kernel\": \"$nl\"|" \
	    -e "s|\"accelerator\": \"tcg\"|\"accelerator\": \"$at\"|" \
	    "$runs/$1/run.json" >"$2/run.json" &&
	for f in "$2"/measurements/*/*.json; do
		sed -e "s|\"engine\": \"psync\"|\"engine\": \"$dq\"|" \
		    -e "s|\"op\": \"randread\"|\"op\": \"$nl\"|" \
		    -e "s|\"job_file\": \"psync.fio\"|\"job_file\": \"$bq\"|" \
		    "$f" >"$f.new" && mv "$f.new" "$f" || return 1
	done
}

mkdir -p "$tmp/work" "$tmp/runs"
evil base "$tmp/runs/a" && evil regress "$tmp/runs/b"
ok $? "crafted two runs"
grep -q 'pwn-backquote' "$tmp/runs/a/run.json" &&
	grep -q 'pwn-system' "$tmp/runs/a/measurements/ext4-dax/lat-randread-4k.json"
ok $? "the payloads are in the runs"
"$builddir/tools/daxbench-flatten" -o "$tmp" "$tmp/runs/a" >/dev/null 2>&1
ok $? "the crafted runs load"

# A run directory named after a payload, without a run_id of its own.
d='r`touch pwn-dirname`'
cp -R "$runs/base" "$tmp/runs/$d"
sed '/"run_id":/d' "$runs/base/run.json" >"$tmp/runs/$d/run.json"

fixture_sums >"$tmp/sums.before"
(cd "$tmp/work" && "$daxbench" plot --format png,svg --out "$tmp/one" \
	"$tmp/runs/a") >"$tmp/out" 2>"$tmp/err"
is 0 $? "plot one crafted run: exit 0"
(cd "$tmp/work" && "$daxbench" plot --format svg --out "$tmp/two" \
	"$tmp/runs/a" "$tmp/runs/b" "$tmp/runs/$d") >"$tmp/out" 2>"$tmp/err"
is 0 $? "plot three crafted runs: exit 0"

# The user's own $TMPDIR reaches gnuplot too: any character must do.
t="$tmp/it's \`touch pwn-tmpdir\`"
mkdir -p "$t"
(cd "$tmp/work" && TMPDIR=$t "$daxbench" plot --format svg --out "$tmp/three" \
	"$runs/base") >"$tmp/out" 2>"$tmp/err"
is 0 $? "plot with a quote and back-quotes in \$TMPDIR: exit 0"

pwned=$(cd "$tmp" && find . -name 'pwn-*' | LC_ALL=C sort | tr '\n' ' ')
is "" "$pwned" "no payload ran"

for p in lat mmap faults fio-bw fio-iops; do
	[ -s "$tmp/one/$p.png" ] && [ -s "$tmp/one/$p.svg" ] && [ -s "$tmp/two/$p.svg" ]
	ok $? "plots made: $p"
done
# The text is drawn as it was written (gnuplot escapes it for SVG).
grep -q 'touch pwn-backquote' "$tmp/one/lat.svg"
ok $? "the run id is shown literally in the title"
grep -q "system(&apos;touch pwn-sq&apos;)\|system('touch pwn-sq')" "$tmp/one/lat.svg"
ok $? "a path name with single quotes is shown literally"

fixture_sums >"$tmp/sums.after"
cmp -s "$tmp/sums.before" "$tmp/sums.after"
ok $? "fixtures unchanged"

tap_end
