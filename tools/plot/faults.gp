# SPDX-License-Identifier: GPL-2.0-only
#
# Page faults per MiB of mapping, per path (daxbench-faults): one bar per
# measurement, clustered by path.  The dashed lines mark one fault per
# 4 KiB page (256/MiB) and one per 2 MiB (0.5/MiB): what the page cache
# and a PMD-mapped DAX file take.

set title "Page faults per MiB mapped (daxbench-faults)\n".db_runs
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.75 border -1
set boxwidth 0.9
set logscale y
set yrange [0.1:*]
set ylabel "faults per MiB (log scale)"
set xlabel "path"
set arrow 1 from graph 0, first 256 to graph 1, first 256 nohead dashtype 2 lc rgb "#606060"
set label 1 "1 per 4 KiB page" at graph 0.01, first 256 offset 0, 0.6 textcolor rgb "#606060"
set arrow 2 from graph 0, first 0.5 to graph 1, first 0.5 nohead dashtype 2 lc rgb "#606060"
set label 2 "1 per 2 MiB" at graph 0.01, first 0.5 offset 0, 0.6 textcolor rgb "#606060"
if (db_faults_zero) {
	set label 98 "measurements with 0 faults are not drawn (log scale)" \
		at screen 0.5, screen 0.06 center
}
plot for [i=1:db_faults_n] db_dir."/faults.tsv" using (column(i+1)):xtic(1) \
	title db_faults_t[i]
