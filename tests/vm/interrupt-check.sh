#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm leaves no QEMU behind and says what happened, with a stub
# QEMU that never finishes (no boot, no KVM needed): the KVM probe times
# out (30 s) and its QEMU is killed, not only a shell around it; and
# Ctrl-C while QEMU runs kills it and leaves vm.json saying
# "interrupted".  The kernel is a fake bzImage whose drivers are all
# "built in", so the image is made without a real kernel.

. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/fake-kernel.sh"

echo "TAP version 13"
db=${top_builddir:-.}/scripts/daxbench
sigdfl=${top_builddir:-.}/tests/run/sigdfl
tap_tmpdir interrupt-check

if [ ! -x "$sigdfl" ]; then
	echo "1..0 # SKIP tests/run/sigdfl is not built"
	exit 0
fi
for t in cpio modinfo depmod busybox; do
	if ! PATH=$PATH:/sbin:/usr/sbin command -v $t >/dev/null 2>&1; then
		echo "1..0 # SKIP $t not found"
		exit 0
	fi
done

rel=9.9.9-daxbench
fake_bzimage "$tmp/bzImage" "$rel"
mods=$tmp/lib/modules/$rel
mkdir -p "$mods"
for m in ext4 virtio_pci virtio_blk libnvdimm nd_pmem nd_e820 nfit virtio_pmem; do
	echo "kernel/fake/$m.ko"
done >"$mods/modules.builtin"

# The stub records its pid and sleeps as that pid (exec), as a QEMU
# whose guest hangs would.
pids=$tmp/qemu.pids
mkdir -p "$tmp/bin"
cat >"$tmp/bin/qemu-system-x86_64" <<EOF
#!/bin/sh
case "\$*" in *--version*) echo "QEMU emulator version 7.2.0"; exit 0 ;; esac
echo \$\$ >>"$pids"
exec sleep 3600
EOF
chmod 755 "$tmp/bin/qemu-system-x86_64"
: >"$tmp/kvm"
: >"$pids"

tap_cleanup() {
	while read -r p; do
		kill -KILL "$p" 2>/dev/null
	done <"$pids"
}

# alive: the stub QEMUs still running
alive() {
	while read -r p; do
		kill -0 "$p" 2>/dev/null && printf '%s ' "$p"
	done <"$pids"
}

# daxbench vm runs with the stub QEMU, a cache of its own (the probe's
# answer is cached) and "KVM" at $tmp/kvm.
QEMU=$tmp/bin/qemu-system-x86_64 DAXBENCH_CACHE=$tmp/cache DAXBENCH_KVM_DEVICE=$tmp/kvm
export QEMU DAXBENCH_CACHE DAXBENCH_KVM_DEVICE
mkdir "$tmp/work"
# --no-insns: the instruction-count plugin's own probe of QEMU would be
# one more stub to count (tests/insns-check.sh checks that one).
fake="--kernel $tmp/bzImage --modules $mods --quiet --no-insns"

# The probe times out: its QEMU is killed, TCG is chosen; the stub then
# "boots" and --timeout ends it.
# shellcheck disable=SC2086 # $fake: options, no blanks in $tmp
"$db" vm $fake --accel auto --timeout 2 --out "$tmp/o1" -- true >"$tmp/o1.log" 2>&1
rc=$?
grep -q 'using TCG: a KVM boot did not finish in 30 s' "$tmp/o1.log"
ok $? "a KVM probe that does not finish falls back to TCG"
[ $rc = 1 ] && grep -q 'did not finish within 2 s' "$tmp/o1.log"
ok $? "a guest that does not finish fails with exit 1 (exit $rc)"
[ $rc = 1 ] || diag "$tmp/o1.log"
[ "$(wc -l <"$pids")" = 2 ] && [ -z "$(alive)" ]
ok $? "neither the probe's QEMU nor the guest's is left running ($(wc -l <"$pids") started; alive: $(alive))"

# Ctrl-C while the guest's QEMU runs.
: >"$pids"
# sigdfl: a background command starts with SIGINT ignored, which a
# shell cannot trap; a terminal's Ctrl-C reaches a foreground one.
# shellcheck disable=SC2086 # as above
TMPDIR=$tmp/work "$sigdfl" "$db" vm $fake --accel tcg --out "$tmp/o2" -- true >"$tmp/o2.log" 2>&1 &
vmpid=$!
# Until the stub runs: the image build before it takes seconds, more on
# a busy host; the bound only stops a broken run from hanging the suite.
i=0
while [ ! -s "$pids" ] && kill -0 $vmpid 2>/dev/null && [ $i -lt 3000 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT $vmpid
wait $vmpid
rc=$?
[ $rc = 130 ]
ok $? "Ctrl-C ends daxbench vm with exit 130 (exit $rc)"
[ $rc = 130 ] || diag "$tmp/o2.log"
[ -s "$pids" ] && [ -z "$(alive)" ]
ok $? "Ctrl-C leaves no QEMU running (alive: $(alive))"
grep -q '"status": "interrupted"' "$tmp/o2/vm.json" 2>/dev/null &&
	grep -q '"error": "interrupted by SIGINT"' "$tmp/o2/vm.json"
ok $? "vm.json says the run was interrupted"
[ -z "$(ls "$tmp/work")" ]
ok $? "the work directory is removed ($(ls "$tmp/work"))"

tap_end
