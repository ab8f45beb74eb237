#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# "daxbench vm --kernel deb:SPEC" (scripts/vm/debkernel.sh), without a
# network or a boot: a fake apt-cache on PATH knows a few packages, as
# Debian 12's does (a 6.1.0-N image, its -unsigned twin, two 6.12 images
# and the linux-image-6.12-amd64 metapackage), and a fake cache entry
# stands for a fetched kernel.  Checks how each form of SPEC resolves,
# that unknown ones are refused with exit 2 naming them, and that a
# cached kernel is found when apt does not know it.

. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
tap_tmpdir debkernel-check

mkdir -p "$tmp/bin"
cat >"$tmp/bin/apt-cache" <<'FAKE'
#!/bin/sh
# Fake apt-cache: show, pkgnames, madison for a fixed set of packages.
ver() {
	case $1 in
	linux-image-6.1.0-57-amd64|linux-image-6.1.0-57-amd64-unsigned) echo 6.1.192-3 ;;
	linux-image-6.12.113+deb12-amd64) echo 6.12.113-1~deb12u1 ;;
	linux-image-6.12.117+deb12-amd64) echo 6.12.117-1~deb12u1 ;;
	linux-image-6.12-amd64) echo 6.12.117-1~deb12u1 ;;
	*) return 1 ;;
	esac
}
case $1 in
show)
	[ "$2" = --no-all-versions ] && shift
	p=${2%%=*}
	v=$(ver "$p") || { echo "E: No packages found" >&2; exit 100; }
	echo "Package: $p"
	echo "Version: $v"
	[ "$p" = linux-image-6.12-amd64 ] &&
		echo "Depends: linux-image-6.12.117+deb12-amd64 (= 6.12.117-1~deb12u1)"
	exit 0 ;;
pkgnames)
	for p in linux-image-6.1.0-57-amd64 linux-image-6.1.0-57-amd64-unsigned \
		 linux-image-6.12.113+deb12-amd64 linux-image-6.12.117+deb12-amd64 \
		 linux-image-6.12-amd64 linux-image-6.12.117+deb12-cloud-amd64; do
		case $p in "$2"*) echo "$p" ;; esac
	done ;;
madison)
	v=$(ver "$2") && echo " $2 | $v | http://deb.debian.org/debian bookworm/main amd64 Packages" ;;
esac
FAKE
chmod +x "$tmp/bin/apt-cache"
mkdir -p "$tmp/cache/kernels/linux-image-6.0.0-1-amd64_6.0.1-1"
: >"$tmp/cache/kernels/linux-image-6.0.0-1-amd64_6.0.1-1/ok"

# resolve SPEC: what deb:SPEC resolves to, "PKG VER DIR", or the exit
# status and message.
resolve() {
	PATH=$tmp/bin:$PATH DAXBENCH_CACHE=$tmp/cache sh -c '
		. "$1/scripts/daxbench-lib.sh"
		. "$1/scripts/vm/kernel.sh"
		. "$1/scripts/vm/debkernel.sh"
		vm_deb_resolve "$2"
		echo "$VM_DEB_PKG $VM_DEB_VER ${VM_DEB_DIR##*/}"' x "$top_srcdir" "$1" 2>"$tmp/err"
}

# is SPEC EXPECTED: deb:SPEC resolves to EXPECTED.
is() {
	got=$(resolve "deb:$1")
	if [ "$got" = "$2" ]; then
		pass "deb:$1 -> $2"
	else
		not_ok "deb:$1 -> $2"
		echo "# got '$got'"
		diag "$tmp/err"
	fi
}

# refused SPEC WORD: deb:SPEC exits 2 with a message holding WORD.
refused() {
	resolve "deb:$1" >/dev/null
	rc=$?
	if [ $rc -eq 2 ] && grep -q -F -- "$2" "$tmp/err"; then
		pass "deb:$1 refused (exit 2, names '$2')"
	else
		not_ok "deb:$1 refused (exit 2, names '$2')"
		echo "# exit $rc"
		diag "$tmp/err"
	fi
}

is 6.1.0-57 "linux-image-6.1.0-57-amd64 6.1.192-3 "
is 6.12.113+deb12 "linux-image-6.12.113+deb12-amd64 6.12.113-1~deb12u1 "
is 6.1.0-57-amd64 "linux-image-6.1.0-57-amd64 6.1.192-3 "
is linux-image-6.1.0-57-amd64-unsigned "linux-image-6.1.0-57-amd64-unsigned 6.1.192-3 "
is 6.1.0-57=6.1.192-3 "linux-image-6.1.0-57-amd64 6.1.192-3 "
# A metapackage is followed to the image it depends on.
is linux-image-6.12-amd64 "linux-image-6.12.117+deb12-amd64 6.12.117-1~deb12u1 "
# A prefix picks the newest plain image (not -cloud, -rt) of the line.
is 6.1.0 "linux-image-6.1.0-57-amd64 6.1.192-3 "
# Not known to apt, but fetched before.
is 6.0.0-1 "  linux-image-6.0.0-1-amd64_6.0.1-1"

refused 9.9.9-1 "9.9.9-1"
refused 6.1.0-57=0.1 "not version 0.1"
refused "" "expected deb:VERSION"
refused '6.1;touch' "not a Debian package name"

# The front door: bad specs stop before anything is built or booted.
db=${top_builddir:-.}/scripts/daxbench
if [ -x "$db" ]; then
	PATH=$tmp/bin:$PATH DAXBENCH_CACHE=$tmp/cache "$db" vm --kernel deb:9.9.9-1 -- true \
		>/dev/null 2>"$tmp/err"
	rc=$?
	ok "$([ $rc -eq 2 ] && grep -q 'deb:9.9.9-1' "$tmp/err"; echo $?)" \
		"daxbench vm --kernel deb:UNKNOWN exits 2 naming it"
	PATH=$tmp/bin:$PATH DAXBENCH_CACHE=$tmp/cache "$db" vm --kernel deb:6.1.0-57 \
		--modules "$tmp" -- true >/dev/null 2>"$tmp/err"
	rc=$?
	ok "$([ $rc -eq 2 ] && grep -q -- '--modules' "$tmp/err"; echo $?)" \
		"--modules with a deb: kernel is refused (exit 2)"
else
	skip "daxbench vm --kernel deb:UNKNOWN" "scripts/daxbench not built"
	skip "--modules with a deb: kernel" "scripts/daxbench not built"
fi

tap_end
