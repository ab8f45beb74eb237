# SPDX-License-Identifier: GPL-2.0-only
#
# Latency percentiles per path and engine (daxbench-lat).  x is the
# percentile on a "nines" scale, -log10(1 - p/100), so that p99, p99.9
# and p99.99 are evenly spaced; y is the mean over the repeats, with
# the stddev as error bars.

set title "Latency percentiles (daxbench-lat)\n".db_runs
set xlabel "percentile"
set ylabel "latency (ns, log scale)"
set logscale y
set xtics ("p50" 0.30103, "p75" 0.60206, "p90" 1, "p95" 1.30103, "p99" 2, \
	   "p99.5" 2.30103, "p99.9" 3, "p99.99" 4, "p99.999" 5)
set xrange [0.2:*]
set offsets 0, 0.2, 0, 0
plot for [i=1:db_lat_n] db_dir."/lat.tsv" index (i-1) using 1:3:4 \
	with yerrorlines linecolor db_lat_c[i] dashtype db_lat_r[i] \
	pointtype 4 + 2 * db_lat_r[i] title db_lat_t[i]
