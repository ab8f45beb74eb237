#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Show that this directory builds and runs as a kernel selftest:
#
#   kernel/selftests/dax/check-in-tree.sh SRC [WORKDIR]
#
# SRC is a kernel source tree, or a tarball of one such as Debian's
# /usr/src/linux-source-6.1.tar.xz (package linux-source-6.1, about
# 140 MB; not part of scripts/setup).  From a tarball only the selftest
# framework is extracted (tools/testing/selftests/{Makefile,lib.mk,
# kselftest*}, tools/scripts/, scripts/subarch.include), into WORKDIR (default: a temporary
# directory, removed afterwards).  The dax directory is copied to
# tools/testing/selftests/dax/ and then, as a kernel developer would:
#
#   make -C tools/testing/selftests TARGETS=dax
#   make -C tools/testing/selftests TARGETS=dax run_tests
#
# DAX_DIR, PAGECACHE_DIR and DAX_INODE_DIR are passed through to the
# tests; without DAX_DIR the DAX halves skip.  Exit 0 when the build
# succeeds and no test fails.

set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${1:?usage: check-in-tree.sh KERNEL_SRC_DIR_OR_TARBALL [WORKDIR]}
work=${2:-}
cleanup=

say() { echo "check-in-tree: $*"; }
die() { say "$*" >&2; exit 1; }

if [ -f "$src" ]; then
	if [ -z "$work" ]; then
		work=$(mktemp -d "${TMPDIR:-/tmp}/dax-in-tree.XXXXXX") || exit 1
		cleanup=$work
	fi
	trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT
	mkdir -p "$work" || exit 1
	top=$(tar -tf "$src" 2>/dev/null | head -n 1 | cut -d/ -f1)
	[ -n "$top" ] || die "$src is not a tarball"
	say "extracting the selftest framework of $top from $src"
	tar -xf "$src" -C "$work" --wildcards \
		"$top/tools/testing/selftests/Makefile" \
		"$top/tools/testing/selftests/lib.mk" \
		"$top/tools/testing/selftests/kselftest*" \
		"$top/tools/testing/selftests/run_kselftest.sh" \
		"$top/tools/scripts/*" \
		"$top/scripts/subarch.include" ||
		die "extraction failed"
	tree=$work/$top
elif [ -d "$src/tools/testing/selftests" ]; then
	tree=$src
else
	die "$src is neither a kernel tree nor a tarball of one"
fi

sel=$tree/tools/testing/selftests
rm -rf "$sel/dax"
mkdir -p "$sel/dax" || exit 1
cp "$here/Makefile" "$here/settings" "$here"/*.c "$here"/*.h "$sel/dax/" || exit 1
say "copied $(find "$sel/dax" -type f | wc -l) files to $sel/dax"

make -C "$sel" TARGETS=dax || die "build failed"
find "$sel/dax" -type f -perm -u+x | sed 's/^/check-in-tree: built /'
log=${TMPDIR:-/tmp}/dax-in-tree.$$.log
make -s -C "$sel" TARGETS=dax run_tests 2>&1 | tee "$log"
# the kselftest runner reports one line per program
fails=$(grep -c '^not ok .* selftests: dax: ' "$log")
oks=$(grep -c '^ok .* selftests: dax: ' "$log")
rm -f "$log"
say "$oks programs ok, $fails not ok"
[ "$oks" -gt 0 ] && [ "$fails" -eq 0 ]
