#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench kbuild on a fake kernel tree: its Makefile "builds" a bzImage
# that is a copy of its fs/dax.c, and its merge_config.sh concatenates the
# fragments, so that the whole path runs in a second: the cache keys, a
# cached build not repeated, a series as a quilt series file, a directory
# of format-patch output and an mbox (the same content: the same key),
# the user's tree never written to (hard links broken before patching),
# the mirror restored between series, and the errors: a patch that does
# not apply (exit 2, naming it), a configured tree, not a tree.

. "$(dirname "$0")/../tap.sh"

echo "TAP version 13"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
kb=$top_srcdir/scripts/daxbench-kbuild
tap_tmpdir ab-kbuild-check

for t in make patch cpio git flex bison bc gcc flock; do
	command -v $t >/dev/null 2>&1 || { echo "1..0 # SKIP $t not found"; exit 0; }
done
export DAXBENCH_CACHE="$tmp/cache"

# The fake tree.
T=$tmp/linux
mkdir -p "$T/scripts/kconfig" "$T/arch/x86/configs" "$T/kernel/configs" "$T/fs"
printf 'VERSION = 9\nPATCHLEVEL = 9\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$T/Makefile"
cat >>"$T/Makefile" <<'EOF'
bzImage:
	mkdir -p $(O)/arch/x86/boot $(O)/include/config
	echo "9.9.0$(LOCALVERSION)" >$(O)/include/config/kernel.release
	@echo '  CC      fs/dax.o'
	cat fs/dax.c >$(O)/arch/x86/boot/bzImage
EOF
cat >"$T/scripts/kconfig/merge_config.sh" <<'EOF'
#!/bin/sh
[ "$1" = -O ] || exit 1
out=$2
shift 2
cat "$@" >"$out/.config"
EOF
chmod +x "$T/scripts/kconfig/merge_config.sh"
echo CONFIG_X86_64=y >"$T/arch/x86/configs/x86_64_defconfig"
echo CONFIG_KVM_GUEST=y >"$T/kernel/configs/kvm_guest.config"
printf 'line one\nfallback = no\nline three\n' >"$T/fs/dax.c"

# A two-patch series against it, in three forms.
S=$tmp/series
mkdir -p "$S/dir" "$S/quilt"
mkpatch() {
	{
		printf 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
		printf 'From: Test <test@example.invalid>\nSubject: [PATCH %s] %s\n\n---\n' "$1" "$2"
		printf -- '--- a/fs/dax.c\n+++ b/fs/dax.c\n'
		cat
		printf -- '-- \n2.39.5\n\n'
	} >"$S/dir/$3"
}
mkpatch 1/2 "dax: refuse PMD faults" 0001-one.patch <<'EOF'
@@ -1,3 +1,3 @@
 line one
-fallback = no
+fallback = yes
 line three
EOF
mkpatch 2/2 "dax: say so" 0002-two.patch <<'EOF'
@@ -1,3 +1,4 @@
 line one
 fallback = yes
 line three
+refused
EOF
cp "$S/dir"/*.patch "$S/quilt/"
printf '# a quilt series\n0001-one.patch\n0002-two.patch -p1\n' >"$S/quilt/series"
cat "$S/dir/0001-one.patch" "$S/dir/0002-two.patch" >"$S/mbox"
mkdir -p "$S/bad"
sed 's/^ line three$/ line thirty/' "$S/dir/0002-two.patch" >"$S/bad/0002-two.patch"
cp "$S/dir/0001-one.patch" "$S/bad/"

orig=$(cksum <"$T/fs/dax.c")

img=$("$kb" --jobs 1 "$T" 2>"$tmp/err")
rc=$?
ok "$([ $rc -eq 0 ] && [ -f "$img" ]; echo $?)" "builds the plain tree"
ok "$(cmp -s "$img" "$T/fs/dax.c"; echo $?)" "the image is the tree's build"
check "the release names the build" grep -q '^release=9.9.0-daxbench$' "$(dirname "$img")/info"
check "the build log is kept" grep -q 'CC      fs/dax.o' "$(dirname "$img")/build.log"
img2=$("$kb" --jobs 1 "$T" 2>"$tmp/err")
ok "$([ "$img2" = "$img" ] && grep -q cached "$tmp/err"; echo $?)" "the same build again: cached, not rebuilt"

simg=$("$kb" --jobs 1 --series "$S/quilt/series" "$T" 2>"$tmp/err")
rc=$?
ok "$([ $rc -eq 0 ] && [ "$simg" != "$img" ]; echo $?)" "quilt series: built under another key"
check "quilt series: both patches applied" grep -q '^fallback = yes$' "$simg"
check "quilt series: in order" grep -q '^refused$' "$simg"
check "quilt series: the release names the series" \
	grep -q '^release=9.9.0-daxbench-[0-9a-f]\{8\}$' "$(dirname "$simg")/info"
ok "$([ "$(cksum <"$T/fs/dax.c")" = "$orig" ]; echo $?)" "the user's tree is unchanged"
ok "$([ "$("$kb" --print-key --series "$S/dir" "$T")" = "$("$kb" --print-key --series "$S/mbox" "$T")" ]; echo $?)" \
	"a format-patch directory and an mbox of the same patches: one key"
dimg=$("$kb" --jobs 1 --series "$S/dir" "$T" 2>"$tmp/err")
ok "$([ "$dimg" = "$simg" ] && grep -q cached "$tmp/err"; echo $?)" "format-patch directory: the quilt build, cached"

rm -rf "$DAXBENCH_CACHE/kbuild/images"
img3=$("$kb" --jobs 1 "$T" 2>"$tmp/err")
ok "$(cmp -s "$img3" "$T/fs/dax.c"; echo $?)" "after a series, the plain tree builds unpatched (mirror restored)"
mimg=$("$kb" --jobs 1 --series "$S/mbox" "$T" 2>"$tmp/err")
check "mbox: patched" grep -q '^refused$' "$mimg"

"$kb" --jobs 1 --series "$S/bad" "$T" >/dev/null 2>"$tmp/err"
rc=$?
ok "$([ $rc -eq 2 ] && grep -q 'patch 2 of .* does not apply: 0002-two.patch' "$tmp/err"; echo $?)" \
	"a patch that does not apply: exit 2, named"
img4=$("$kb" --jobs 1 "$T" 2>"$tmp/err")
ok "$(cmp -s "$img4" "$T/fs/dax.c"; echo $?)" "a failed series leaves nothing applied"

printf 'nonsense -p9x\n' >"$tmp/badseries"
"$kb" --series "$tmp/badseries" "$T" >/dev/null 2>"$tmp/err"
ok "$([ $? -eq 2 ] && grep -q 'badseries:1' "$tmp/err"; echo $?)" "a malformed quilt series: exit 2 with its line"
"$kb" --series "$tmp/none" "$T" >/dev/null 2>"$tmp/err"
ok "$([ $? -eq 2 ]; echo $?)" "a missing series: exit 2"
"$kb" "$tmp" >/dev/null 2>"$tmp/err"
ok "$([ $? -eq 2 ] && grep -q 'not a kernel source tree' "$tmp/err"; echo $?)" "not a tree: exit 2"
: >"$T/.config"
"$kb" "$T" >/dev/null 2>"$tmp/err"
ok "$([ $? -eq 2 ] && grep -q 'mrproper' "$tmp/err"; echo $?)" "a tree configured in place: exit 2"
rm -f "$T/.config"
"$kb" --jobs x "$T" >/dev/null 2>"$tmp/err"
ok "$([ $? -eq 2 ]; echo $?)" "--jobs x: exit 2"

mkdir -p "$tmp/f1" "$tmp/f2"
printf '# one comment\nCONFIG_FOO=y\n' >"$tmp/f1/extra.config"
printf '# another comment\n\nCONFIG_FOO=y\n' >"$tmp/f2/extra.config"
ok "$([ "$("$kb" --print-key --config "$tmp/f1/extra.config" "$T")" = \
	"$("$kb" --print-key --config "$tmp/f2/extra.config" "$T")" ]; echo $?)" \
	"a fragment's comments do not change the key"
printf 'CONFIG_FOO=n\n' >"$tmp/f2/extra.config"
ok "$([ "$("$kb" --print-key --config "$tmp/f1/extra.config" "$T")" != \
	"$("$kb" --print-key --config "$tmp/f2/extra.config" "$T")" ]; echo $?)" \
	"a fragment's settings do"

# daxbench vm --kernel TREE --series S goes through kbuild: the fake
# tree's image is no bzImage, which vm then says (exit 2).
db=$top_builddir/scripts/daxbench
if [ -x "$db" ]; then
	"$db" vm --kernel "$T" --series "$S/quilt/series" -- true >/dev/null 2>"$tmp/err"
	rc=$?
	ok "$([ $rc -eq 2 ] && grep -q "kbuild/images/.*not an x86 bzImage" "$tmp/err"; echo $?)" \
		"daxbench vm --kernel TREE --series S: built by kbuild, then checked"
	"$db" vm --kernel "$T" --series "$S/bad" -- true >/dev/null 2>"$tmp/err"
	ok "$([ $? -eq 2 ] && grep -q 'does not apply' "$tmp/err"; echo $?)" \
		"daxbench vm: a series that does not apply is exit 2"
else
	skip "daxbench vm --kernel TREE" "scripts/daxbench not built"
	skip "daxbench vm --series" "scripts/daxbench not built"
fi

tap_end
