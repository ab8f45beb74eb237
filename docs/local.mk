# SPDX-License-Identifier: GPL-2.0-only
#
# Documentation shipped and installed; components add their own pages
# from their own fragments.

dist_doc_DATA += docs/results-format.md docs/history.md
EXTRA_DIST += docs/history-nightly.png docs/history-nightly-insns.png
EXTRA_DIST += results/README.md
dist_doc_DATA += docs/exit-codes.md
