# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench kbuild: the kernel source tree.  Sourced, never run.
# shellcheck shell=sh
#
# The user's tree is never written to.  daxbench builds from a mirror of
# it in the cache, made of hard links (instant, no space; a copy when the
# cache is on another filesystem), and applies a series there.  A file a
# patch touches is first replaced by a copy of its own, so the patch
# never writes through a link into the user's tree.  Before another
# series (or none) is applied, those files are put back, as fresh
# copies with a new time stamp, so that make rebuilds what they feed:
# one mirror and one object directory serve every series on that tree,
# and a series that touches fs/dax.c costs a rebuild of fs/dax.o and a
# relink, not a whole kernel.

# kb_tree_check TREE: a kernel source tree, clean enough for O= builds.
kb_tree_check() {
	[ -d "$1" ] || db_usage_error "$1: no such directory (expected a kernel source tree)"
	[ -f "$1/Makefile" ] && [ -f "$1/scripts/kconfig/merge_config.sh" ] &&
	[ -f "$1/arch/x86/configs/x86_64_defconfig" ] ||
		db_usage_error "$1: not a kernel source tree (no Makefile, scripts/kconfig/merge_config.sh, arch/x86/configs/x86_64_defconfig)"
	if [ -f "$1/.config" ] || [ -d "$1/include/config" ]; then
		db_usage_error "$1: the tree has been configured or built in place (.config, include/config);" \
			"builds out of tree need a clean one: 'make mrproper' there, or use a fresh copy"
	fi
}

# kb_tree_version TREE: VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION] from
# its Makefile (read, not run).
kb_tree_version() {
	awk -F ' *= *' '
		$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } $1 == "EXTRAVERSION" { e = $2 }
		NR > 10 { exit }
		END { if (v == "" || p == "") exit 1; printf "%s.%s%s%s\n", v, p, (s == "" ? "" : "." s), e }' "$1/Makefile"
}

# kb_tree_key TREE: an identity for the tree's content.  A git tree: its
# commit, plus a hash of its uncommitted changes if any.  Any other tree
# (an unpacked linux-source, say): a hash of every file's path, size and
# modification time, which changes whenever a file does.  Sets KB_COMMIT
# (empty for a plain tree) and prints the key.
kb_tree_key() {
	KB_COMMIT=
	if [ -e "$1/.git" ] && command -v git >/dev/null 2>&1 &&
	   KB_COMMIT=$(git -C "$1" rev-parse --verify -q HEAD 2>/dev/null); then
		_tk_dirty=$(git -C "$1" --no-optional-locks status --porcelain -uno 2>/dev/null)
		if [ -n "$_tk_dirty" ]; then
			_tk_h=$(git -C "$1" --no-optional-locks diff HEAD 2>/dev/null | sha256sum | cut -c 1-8)
			KB_COMMIT="$KB_COMMIT-dirty"
			echo "git-$(echo "$KB_COMMIT" | cut -c 1-12)-$_tk_h"
		else
			echo "git-$(echo "$KB_COMMIT" | cut -c 1-16)"
		fi
		return 0
	fi
	KB_COMMIT=
	(cd "$1" && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n' | LC_ALL=C sort) |
		sha256sum | cut -c 1-16 | sed 's/^/files-/'
}

# kb_tree_mirror TREE DIR: DIR becomes a hard-link mirror of TREE (no
# .git), made in DIR.tmp and renamed, so that it is whole or absent.
kb_tree_mirror() {
	[ -d "$2" ] && return 0
	rm -rf "$2.tmp"
	mkdir -p "$2.tmp" || db_die "cannot create $2.tmp"
	_tm_abs=$(cd "$2.tmp" && pwd)
	db_info "mirroring $1 into the cache (hard links)"
	# cpio -l links where it can and copies where it cannot.
	(cd "$1" && find . -path ./.git -prune -o -print0 |
		cpio -0 -pdlm --quiet "$_tm_abs") 2>"$2.err" ||
		{ cat "$2.err" >&2; rm -rf "$2.tmp"; db_die "cannot mirror $1 into $2"; }
	rm -f "$2.err"
	mv "$2.tmp" "$2"
}

# kb_unlink_copy FILE: FILE becomes a copy of its own (not a link).
kb_unlink_copy() {
	cp -p "$1" "$1.kbtmp" && mv -f "$1.kbtmp" "$1"
}

# kb_tree_restore TREE SRC: undo the series applied in SRC (its list of
# touched files in SRC/.daxbench-touched): each such file becomes a
# fresh copy of TREE's, or goes if TREE has none.
kb_tree_restore() {
	[ -f "$2/.daxbench-touched" ] || return 0
	while IFS= read -r _tr_f; do
		[ -n "$_tr_f" ] || continue
		if [ -f "$1/$_tr_f" ]; then
			mkdir -p "$(dirname "$2/$_tr_f")"
			cp "$1/$_tr_f" "$2/$_tr_f.kbtmp" && mv -f "$2/$_tr_f.kbtmp" "$2/$_tr_f" ||
				db_die "cannot restore $2/$_tr_f"
		else
			rm -f "$2/$_tr_f"
		fi
	done <"$2/.daxbench-touched"
	rm -f "$2/.daxbench-touched"
}

# kb_tree_apply SRC WORK SERIES: apply the normalised series in WORK
# (kb_series_read) to SRC.  A patch that does not apply is named, with
# patch's own words, and nothing of the series stays applied.
kb_tree_apply() {
	: >"$1/.daxbench-touched"
	while read -r _ta_n _ta_p _ta_name; do
		kb_patch_files "$2/$_ta_n.patch" "$_ta_p" >"$2/files"
		[ -s "$2/files" ] || { kb_tree_restore "$KB_TREE" "$1"
			db_usage_error "--series $3: patch $_ta_n ($_ta_name) changes no file (not a unified diff?)"; }
		while IFS= read -r _ta_f; do
			echo "$_ta_f" >>"$1/.daxbench-touched"
			[ -f "$1/$_ta_f" ] && { kb_unlink_copy "$1/$_ta_f" || db_die "cannot copy $1/$_ta_f"; }
		done <"$2/files"
		if ! patch -d "$1" -p"$_ta_p" -N -s -f --no-backup-if-mismatch -r - \
			<"$2/$_ta_n.patch" >"$2/patch.out" 2>&1; then
			sort -u -o "$1/.daxbench-touched" "$1/.daxbench-touched"
			kb_tree_restore "$KB_TREE" "$1"
			echo "$DB_NAME: patch $_ta_n of $3 does not apply: $_ta_name" >&2
			sed 's/^/  | /' "$2/patch.out" | head -n 20 >&2
			exit 2
		fi
	done <"$2/list"
	sort -u -o "$1/.daxbench-touched" "$1/.daxbench-touched"
}
