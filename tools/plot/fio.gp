# SPDX-License-Identifier: GPL-2.0-only
#
# fio bandwidth or IOPS per job, clustered by job, one bar per path, with
# the stddev over the repeats as error bars.  db_what is "bw" or "iops".

set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set boxwidth 0.9
set yrange [0:*]
set xtics rotate by -25 left
set bmargin 10
set xlabel "fio job"
if (db_what eq "bw") {
	set title "fio bandwidth\n".db_runs
	set ylabel "bandwidth (MiB/s)"
	plot for [i=1:db_fio_bw_n] db_dir."/fio-bw.tsv" \
		using (column(2*i)):(column(2*i+1)):xtic(1) title db_fio_bw_t[i]
} else {
	set title "fio IOPS\n".db_runs
	set ylabel "IOPS (operations/s)"
	plot for [i=1:db_fio_iops_n] db_dir."/fio-iops.tsv" \
		using (column(2*i)):(column(2*i+1)):xtic(1) title db_fio_iops_t[i]
}
