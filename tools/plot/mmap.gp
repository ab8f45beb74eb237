# SPDX-License-Identifier: GPL-2.0-only
#
# mmap throughput against block size (daxbench-mmap): one line per path
# and per combination of the parameters that differ between series.

set title "mmap throughput against block size (daxbench-mmap)\n".db_runs
set xlabel "block size (bytes, log scale)"
set ylabel "throughput (GB/s)"
set logscale x 2
set xtics ("64" 64, "256" 256, "1K" 1024, "4K" 4096, "16K" 16384, \
	   "64K" 65536, "256K" 262144, "1M" 1048576, "2M" 2097152, "8M" 8388608)
set yrange [0:*]
set offsets graph 0.03, graph 0.03, 0, 0
plot for [i=1:db_mmap_n] db_dir."/mmap.tsv" index (i-1) using 1:2:3 \
	with yerrorlines linecolor db_mmap_c[i] dashtype db_mmap_r[i] \
	pointtype 4 + 2 * db_mmap_r[i] title db_mmap_t[i]
