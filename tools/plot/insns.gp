# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel instructions per operation, per path (docs/insns.md): one bar per
# measurement, clustered by path; per I/O for daxbench-lat, per 4 KiB
# touched for daxbench-faults and daxbench-mmap.  Counted instructions,
# not times: the same under TCG as on a rig with a PMU, whatever the load.

set title "Kernel instructions per operation (per I/O; per 4 KiB touched)\n".db_runs
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.75 border -1
set boxwidth 0.9
set logscale y
set ylabel "kernel instructions per operation (log scale)"
set xlabel "path"
plot for [i=1:db_insns_n] db_dir."/insns.tsv" using (column(i+1)):xtic(1) \
	title db_insns_t[i]
