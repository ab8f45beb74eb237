# SPDX-License-Identifier: GPL-2.0-only
#
# Settings every daxbench plot shares.  scripts/daxbench-plot runs
#   gnuplot -e "db_dir=...; db_out=...; db_fmt=...; db_term=...; db_what=..." \
#           DIR/vars.gp common.gp KIND.gp
# db_dir holds the tables daxbench-flatten wrote; vars.gp (also from
# daxbench-flatten) names the runs, the series and the notes.  A line
# series has a colour per path and parameters (db_K_c) and a dash pattern
# per run (db_K_r), so that the same series of runs A and B pair up.

if (db_fmt eq "svg") {
	set terminal svg size 1000,620 dynamic noenhanced font "sans,12" background "white"
} else {
	if (db_term eq "pngcairo") {
		set terminal pngcairo size 1000,620 noenhanced font "sans,10" background "white"
	} else {
		set terminal png size 1000,620 noenhanced
	}
}
set output db_out
set datafile separator "\t"
set datafile missing "NaN"
set key outside right top vertical Left reverse noenhanced width 2 samplen 3
set grid ytics
set border 3
set tics nomirror
set bmargin 6
# The title names every run on a line of its own.
set tmargin 3 + db_nruns

# Measurements judged noisy (docs/metrics.md, "Stability") are named on
# every plot: their points are not comparable.
if (strlen(db_noisy) > 0) {
	set label 98 "NOISY, not comparable: ".db_noisy at screen 0.5, screen 0.06 center textcolor rgb "#b00000"
}

# Results from an emulated CPU carry the note on every plot.
if (strlen(db_note) > 0) {
	set label 99 "note: ".db_note at screen 0.5, screen 0.025 center textcolor rgb "#b00000"
}
