# SPDX-License-Identifier: GPL-2.0-only
#
# Read values out of a daxbench result (json-c's pretty printing, one key
# per line) with POSIX awk only, so that the same functions work on the
# host and in the busybox guest, where there is no jq.

# lat_metric FILE NAME: the values of metric NAME, one per line.
lat_metric() {
	awk -v key="\"$2\":{" '
	{ line = $0; sub(/^[ \t]+/, "", line) }
	line == key { f = 1; next }
	f && line ~ /^"values":\[/ { v = 1; next }
	v && line ~ /^\]/ { exit }
	v { sub(/,$/, "", line); print line }' "$1"
}

# lat_first FILE NAME: the first value of metric NAME, as an integer.
lat_first() {
	lat_metric "$1" "$2" | awk 'NR == 1 { if ($0 == "null") print "null"; else printf "%.0f\n", $0 }'
}

# lat_top FILE KEY: a top-level or parameter string/number ("status", "seed").
lat_top() {
	awk -v key="\"$2\":" '
	{ line = $0; sub(/^[ \t]+/, "", line) }
	index(line, key) == 1 { sub(/^[^:]*:/, "", line); sub(/,$/, "", line);
		gsub(/"/, "", line); print line; exit }' "$1"
}
