# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: one combination each benchmark refuses on a page-cache
# directory (exit 3), to be recorded as "unsupported", never as failed or ok.
# The lat case is refused through the test hook DB_LAT_HIDE_ENGINES=libaio.
repeats 1
timeout 120
run faults-map-sync all faults --size 2M --map sync
run mmap-map-sync   all mmap --size 1M --op write --persist map-sync --passes 1
run lat-hidden      all lat --engine libaio --ops 16 --warmup 0
