# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# A fake kernel for host-side tests of daxbench vm that must get past its
# checks without booting: a bzImage header naming a release, and modules
# (objects with a .modinfo section, all that modinfo reads).  Sourced.
# Needs $CC (default cc).

# fake_bzimage FILE RELEASE: the boot protocol header ("HdrS" at 0x202)
# and, at 0x20e, the pointer (minus 0x200) to the version string, here
# at 0x300.
fake_bzimage() {
	dd if=/dev/zero of="$1" bs=1024 count=1 2>/dev/null
	printf 'HdrS' | dd of="$1" bs=1 seek=514 conv=notrunc 2>/dev/null
	printf '\000\001' | dd of="$1" bs=1 seek=526 conv=notrunc 2>/dev/null
	printf '%s (fake) #1\000' "$2" | dd of="$1" bs=1 seek=768 conv=notrunc 2>/dev/null
}

# fake_module DIR RELEASE NAME DEPS: DIR/kernel/fake/NAME.ko for RELEASE,
# depending on DEPS (comma separated).
fake_module() {
	mkdir -p "$1/kernel/fake"
	printf '%s\n' \
		"const char v[] __attribute__((section(\".modinfo\"), used)) = \"vermagic=$2 SMP mod_unload\";" \
		"const char d[] __attribute__((section(\".modinfo\"), used)) = \"depends=$4\";" \
		"const char n[] __attribute__((section(\".modinfo\"), used)) = \"name=$3\";" |
		${CC:-cc} -c -x c -o "$1/kernel/fake/$3.ko" -
}

# fake_cc_works: can fake modules be made here?
fake_cc_works() {
	echo 'int x;' | ${CC:-cc} -c -x c -o /dev/null - 2>/dev/null
}
