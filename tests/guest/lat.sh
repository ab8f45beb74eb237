#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-lat in the daxbench guest (busybox ash): every engine reads
# back what it wrote on ext4 -o dax and on ext4 with the page cache, and
# what O_DIRECT does on a DAX file, measured two ways: daxbench-lat's own
# probe (misaligned requests accepted or refused) and kprobes on
# dax_iomap_rw and iomap_dio_rw (which path the reads took).

# The shell test library, from tests/ (installed or packed above guest/).
here=$(dirname "$0")
# shellcheck source=tests/tap.sh
. "$here/../tap.sh"
# shellcheck source=tests/json.sh
. "$here/../json.sh"
# shellcheck source=tests/paths.sh
. "$here/../paths.sh"
in_guest

lat=daxbench-lat
tap_tmpdir lat-guest
out=$tmp/out.json
keep=${DAXBENCH_OUT:-}
kprobes=no

# run LABEL ARGS...: 0 measured, 1 failed (reported), 2 skipped (reported)
run() {
	label=$1
	shift
	"$lat" "$@" --json >"$out" 2>"$tmp/err"
	measured "$label" $? "$out" "$tmp/err" || return
	[ -z "$keep" ] || cp "$out" "$keep/lat-$(echo "$label" | tr -c 'a-zA-Z0-9_\n-' '_').json"
	return 0
}

expect() {
	expect_metric "$1" "$2" "$out" "$3"
}

echo "TAP version 13"

# libaio without O_DIRECT is the psync path in the kernel: its host test suffices
engines="psync psync:--direct libaio:--direct:--qd:4 io_uring:--qd:4 io_uring:--direct:--qd:4"
for p in ext4-dax ext4-pagecache; do
	dir=$(path_dir $p)
	if [ -z "$dir" ]; then
		skip "$p: every engine" "path $p unavailable in this guest"
		continue
	fi
	q="--warmup 0 --repeats 1 --size 1M --bs 4k --dir $dir"
	for e in $engines; do
		args=$(echo "$e" | tr ':' ' ')
		l="$p $args"
		# shellcheck disable=SC2086 # $q and $args: lists of options
		if run "$l: overwrite all, read back" $q --engine $args --op overwrite --ops 256 --verify; then
			expect "$l: overwrite: no bad byte" 0 verify_bad_bytes
			expect "$l: overwrite: every byte rewritten" 1048576 verify_written_bytes
		fi
		# shellcheck disable=SC2086 # as above
		if run "$l: randwrite, read back" $q --engine $args --op randwrite --ops 300 --verify; then
			expect "$l: randwrite: no bad byte" 0 verify_bad_bytes
			w=$(metric_first "$out" verify_written_bytes)
			[ "$w" -gt 0 ] && [ "$w" -le $((300 * 4096)) ]
			ok $? "$l: randwrite: $w bytes rewritten, at most 300 blocks"
		fi
		# shellcheck disable=SC2086 # as above
		if run "$l: append, read back" $q --engine $args --op append --ops 32 --verify; then
			expect "$l: append: no bad byte" 0 verify_bad_bytes
			expect "$l: append: grew by what was written" 131072 file_growth
		fi
	done
done

# --- O_DIRECT on DAX: what the kernel does, measured ---------------------
tr=/sys/kernel/tracing
[ -e $tr/kprobe_events ] || mount -t tracefs nodev $tr 2>/dev/null
kprobes=no
if [ -w $tr/kprobe_events ] &&
	echo 'p:daxbench_lat/dax dax_iomap_rw' >>$tr/kprobe_events 2>/dev/null &&
	echo 'p:daxbench_lat/dio iomap_dio_rw' >>$tr/kprobe_events 2>/dev/null &&
	echo 'p:daxbench_lat/filemap filemap_read' >>$tr/kprobe_events 2>/dev/null; then
	kprobes=yes
fi
hits() {
	awk -v p="$1" '$1 == p { print $2 }' $tr/kprobe_profile
}
kprobes_off() {
	[ $kprobes = yes ] || return 0
	kprobes=no
	echo 0 >$tr/events/daxbench_lat/enable
	{
		echo '-:daxbench_lat/dax'
		echo '-:daxbench_lat/dio'
		echo '-:daxbench_lat/filemap'
	} >>"$tr/kprobe_events"
}
tap_cleanup() {
	kprobes_off
}
# Enabled once for all paths: patching kernel text back and forth is slow
# under TCG, and the counters only ever grow.
[ $kprobes = yes ] && echo 1 >$tr/events/daxbench_lat/enable

for p in ext4-dax ext2-dax ext4-pagecache; do
	dir=$(path_dir $p)
	if [ -z "$dir" ]; then
		skip "$p: O_DIRECT" "path $p unavailable in this guest"
		continue
	fi
	[ $kprobes = yes ] && d0=$(hits dax) o0=$(hits dio) f0=$(hits filemap)
	run "$p: O_DIRECT randread" --direct --op randread --ops 1000 --warmup 0 \
		--repeats 1 --size 4M --bs 4k --dir "$dir" || continue
	ok 0 "$p: open(O_DIRECT) accepted, 1000 direct reads done"
	b=$(metric_first "$out" direct_unaligned_buffer_accepted)
	o=$(metric_first "$out" direct_unaligned_offset_accepted)
	echo "# $p: statx DIOALIGN mem/offset $(jv "$out" parameters.direct_mem_align)/$(jv "$out" parameters.direct_offset_align)," \
		"statx DAX $(jv "$out" environment.target.statx_dax); misaligned buffer accepted: $b, misaligned offset accepted: $o"
	case $p in
	*-dax) want=1 ;;
	*) want=0 ;;
	esac
	[ "$b" = $want ] && [ "$o" = $want ]
	ok $? "$p: misaligned O_DIRECT reads $( [ $want = 1 ] && echo accepted || echo refused) (buffer $b, offset $o)"
	if [ $kprobes = no ]; then
		skip "$p: which read path O_DIRECT took" "no kprobes in this kernel"
		continue
	fi
	d=$(( $(hits dax) - d0 )) o=$(( $(hits dio) - o0 )) f=$(( $(hits filemap) - f0 ))
	echo "# $p: during 1000 O_DIRECT reads (and the prefill): dax_iomap_rw $d, iomap_dio_rw $o, filemap_read $f"
	if [ $want = 1 ]; then
		[ $d -ge 1000 ] && [ $o = 0 ]
		ok $? "$p: O_DIRECT reads went through dax_iomap_rw ($d calls), never iomap_dio_rw ($o)"
	else
		[ $o -ge 1000 ] && [ $d = 0 ]
		ok $? "$p: O_DIRECT reads went through iomap_dio_rw ($o calls), never dax_iomap_rw ($d)"
	fi
done
kprobes_off

tap_end
