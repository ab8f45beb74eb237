#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Both Debian kernel lines in the guest: the default kernel (Debian's
# current 6.1) and the newest 6.12 (--kernel deb:6.12, fetched into the
# cache as the default is), each booted once with --pmem nfit, and the
# paths each offers asserted: what the kernel has is ok with the driver
# that serves it, what it lacks is unavailable with the reason.  In each
# guest tests/vm/paths.sh checks the manifest against the kernel itself
# (drivers, the xip alias, XFS and devdax fault counts).
#
# Environment: as tests/vm-check.sh (QEMU, DAXBENCH_NO_VM, top_srcdir,
# top_builddir); DAXBENCH_KERNELS_CHECK (default "default deb:6.12").
# A kernel apt cannot fetch (offline) is a skip, with apt's reason.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/tap.sh"

echo "TAP version 13"
if [ -z "${QEMU:-}" ] || [ -n "${DAXBENCH_NO_VM:-}" ]; then
	echo "1..0 # SKIP no guest here (QEMU unset or DAXBENCH_NO_VM set)"
	exit 0
fi
db=$top_builddir/scripts/daxbench
tap_tmpdir kernels-check

# The paths every Debian kernel of both lines offers, with their driver
# (ext2 is served by the ext4 driver: Debian builds no ext2).
want_61='ext4-dax ok ext4
ext4-pagecache ok ext4
ext2-dax ok ext4
xip unavailable -
xfs-dax ok xfs
xfs-pagecache ok xfs
tmpfs ok tmpfs
devdax ok device_dax'
want_612=$want_61

g=/usr/share/daxbench-tests
# boot LABEL KERNEL-OPTIONS...: the guest paths check on that kernel.
boot() {
	_b=$1
	shift
	"$db" vm "$@" --pmem nfit --accel "${DAXBENCH_VM_CHECK_ACCEL:-tcg}" --quiet \
		--timeout-boots 20 --out "$tmp/$_b" \
		--add "$top_srcdir/tests/vm:$g/vm" --add "$top_srcdir/tests/tap.sh:$g/tap.sh" \
		--add "$top_srcdir/tests/json.sh:$g/json.sh" \
		--add "$top_srcdir/tests/paths.sh:$g/paths.sh" \
		--add "$top_builddir/tests/run/jget:$g/jget" \
		-- sh -c "sh $g/vm/paths.sh >\$DAXBENCH_OUT/paths.tap 2>&1" >"$tmp/$_b.log" 2>&1
}

for k in ${DAXBENCH_KERNELS_CHECK:-default deb:6.12}; do
	label=$(echo "$k" | tr -c 'a-zA-Z0-9.\n' _)
	if [ "$k" = default ]; then
		boot "$label"
	else
		boot "$label" --kernel "$k"
	fi
	rc=$?
	rel=$(sed -n 's/.*"release": "\([^"]*\)".*/\1/p' "$tmp/$label/vm.json" 2>/dev/null)
	if [ $rc = 1 ] && grep -q 'apt-get download .* failed\|cannot find Debian' "$tmp/$label.log"; then
		skip "$k: boots and offers its paths" "cannot fetch it: $(grep -m 1 'failed\|cannot' "$tmp/$label.log")"
		continue
	fi
	if [ $rc != 0 ] || [ ! -s "$tmp/$label/vm-paths" ]; then
		not_ok "$k: boots with --pmem nfit (exit $rc)"
		diag "$tmp/$label.log" | tail -n 30
		continue
	fi
	pass "$k: kernel $rel boots with --pmem nfit"
	case $rel in
	6.1.*) want=$want_61 ;;
	6.12.*) want=$want_612 ;;
	*) want= ;;
	esac
	got=$(awk '!/^#/ { print $1, $3, $4 }' "$tmp/$label/vm-paths")
	if [ -z "$want" ]; then
		skip "$k: offers the paths of its line" "no expectation for kernel $rel"
	elif [ "$got" = "$want" ]; then
		pass "$k: $rel offers the paths of its line, with their drivers"
	else
		not_ok "$k: $rel offers the paths of its line, with their drivers"
		printf 'want:\n%s\ngot:\n%s\n' "$want" "$got" | diag
	fi
	awk '$3 != "ok" && !/^#/' "$tmp/$label/vm-paths" | while read -r n _ _ _ why; do
		echo "# $rel: $n unavailable: $why"
	done
	if grep -q '^not ok' "$tmp/$label/paths.tap" || ! grep -q '^1\.\.' "$tmp/$label/paths.tap"; then
		not_ok "$k: the guest's paths check passes on $rel"
		grep -v '^ok' "$tmp/$label/paths.tap" | diag
	else
		pass "$k: the guest's paths check passes on $rel ($(grep -c '^ok' "$tmp/$label/paths.tap") results)"
	fi
	boot_s=$(sed -n 's/.*"command-start": \([0-9.]*\).*/\1/p' "$tmp/$label/vm.json")
	echo "# $rel: booted in $boot_s s of guest uptime"
done

tap_end
