# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench kbuild: a patch series, read and applied.  Sourced, never run.
# shellcheck shell=sh
#
# A series comes as one of:
#   - a quilt series file: one patch file name a line (relative to the
#     file's directory), "#" comments, an optional -pN after the name;
#   - a directory: its "series" file if it has one (quilt's patches/),
#     else its *.patch files in name order (git format-patch output);
#   - an mbox: several mails, each a patch (git format-patch --stdout,
#     or saved from a mail reader); split and decoded by git mailsplit
#     and git mailinfo, so quoted-printable or base64 bodies work.
#
# kb_series_read SERIES WORK leaves WORK/list with lines "N LEVEL NAME":
# the normalised patch WORK/N.patch, its -p level, and its name for
# messages.  Nothing here executes anything it reads.

# kb_series_add WORK FILE LEVEL NAME: one patch into WORK, as git
# mailinfo extracts it from a mail (headers, message and signature
# dropped, quoted-printable decoded), so that the same patches give the
# same series key whether they come as files or as an mbox.
kb_series_add() {
	_sa_n=$(($(wc -l <"$1/list") + 1))
	[ -r "$2" ] || db_usage_error "--series: cannot read $2"
	if ! command -v git >/dev/null 2>&1 ||
	   ! git mailinfo "$1/.msg" "$1/$_sa_n.patch" <"$2" >/dev/null 2>&1 ||
	   [ ! -s "$1/$_sa_n.patch" ]; then
		cp "$2" "$1/$_sa_n.patch" || db_die "--series: cannot read $2"
	fi
	rm -f "$1/.msg"
	printf '%s %s %s\n' "$_sa_n" "$3" "$4" >>"$1/list"
}

# kb_series_quilt FILE WORK: a quilt series file.
kb_series_quilt() {
	_sq_file=$1 _sq_work=$2
	_sq_dir=$(dirname "$1")
	_sq_line=0
	while IFS= read -r _sq_l || [ -n "$_sq_l" ]; do
		_sq_line=$((_sq_line + 1))
		_sq_l=${_sq_l%%#*}
		# shellcheck disable=SC2086 # "name [-pN]": split on purpose
		set -f
		# shellcheck disable=SC2086 # split into words, no globbing
		set -- $_sq_l
		set +f
		[ $# -ge 1 ] || continue
		_sq_p=1
		if [ $# -ge 2 ]; then
			case $2 in
			-p[0-9]) _sq_p=${2#-p} ;;
			*) db_usage_error "--series $_sq_file:$_sq_line: expected 'PATCH [-pN]', got '$_sq_l'" ;;
			esac
		fi
		case $1 in
		/*|../*|*/../*) db_usage_error "--series $_sq_file:$_sq_line: patch name '$1' leaves the series directory" ;;
		esac
		[ -f "$_sq_dir/$1" ] ||
			db_usage_error "--series $_sq_file:$_sq_line: no patch file $_sq_dir/$1"
		kb_series_add "$_sq_work" "$_sq_dir/$1" "$_sq_p" "$1"
	done <"$_sq_file"
}

# kb_series_mbox FILE WORK: an mbox, split into mails.
kb_series_mbox() {
	command -v git >/dev/null 2>&1 || db_die "--series $1: an mbox needs git (mailsplit, mailinfo)"
	mkdir -p "$2/mails"
	git mailsplit -o"$2/mails" "$1" >/dev/null 2>"$2/mailsplit.err" ||
		db_usage_error "--series $1: not an mbox git mailsplit can read: $(head -n 1 "$2/mailsplit.err")"
	for _sm_m in "$2"/mails/*; do
		[ -f "$_sm_m" ] || continue
		git mailinfo "$2/msg" "$2/one.patch" <"$_sm_m" >"$2/info" 2>/dev/null ||
			db_usage_error "--series $1: mail $(basename "$_sm_m") is not a patch mail"
		_sm_subj=$(sed -n 's/^Subject: //p' "$2/info" | head -n 1)
		# A cover letter (0/N) carries no diff: skip it.
		[ -s "$2/one.patch" ] || continue
		kb_series_add "$2" "$_sm_m" 1 "mail $(basename "$_sm_m") \"${_sm_subj:-no subject}\""
	done
	rm -rf "$2/mails" "$2/msg" "$2/one.patch" "$2/info" "$2/mailsplit.err"
}

# kb_series_read SERIES WORK
kb_series_read() {
	mkdir -p "$2" || db_die "cannot create $2"
	: >"$2/list"
	if [ -d "$1" ]; then
		if [ -f "$1/series" ]; then
			kb_series_quilt "$1/series" "$2"
		else
			for _sr_p in "$1"/*.patch; do
				[ -f "$_sr_p" ] || continue
				kb_series_add "$2" "$_sr_p" 1 "$(basename "$_sr_p")"
			done
		fi
	elif [ -f "$1" ]; then
		if head -n 1 "$1" | grep -q '^From '; then
			kb_series_mbox "$1" "$2"
		elif grep -q '^+++ ' "$1"; then
			db_usage_error "--series $1: a single patch, not a series: name it in a quilt series file, or give its directory"
		else
			kb_series_quilt "$1" "$2"
		fi
	else
		db_usage_error "--series $1: no such file or directory"
	fi
	[ -s "$2/list" ] || db_usage_error "--series $1: holds no patches"
}

# kb_series_key WORK: a content hash of the normalised series (its
# patches, their order and -p levels; not their names).
kb_series_key() {
	while read -r _sk_n _sk_p _sk_name; do
		echo "patch $_sk_p"
		sha256sum <"$1/$_sk_n.patch"
	done <"$1/list" | sha256sum | cut -c 1-16
}

# kb_patch_files PATCH LEVEL: the files a patch touches (both sides of
# each "--- a/x" / "+++ b/x" pair, /dev/null left out), -p stripped.
kb_patch_files() {
	awk -v p="$2" '
		function strip(f,    i) {
			sub(/\t.*/, "", f)
			for (i = 0; i < p; i++)
				if (!sub(/^[^\/]*\//, "", f))
					return ""
			return f
		}
		/^(---|\+\+\+) / {
			f = strip(substr($0, 5))
			if (f != "" && f != "dev/null" && f !~ /^\/dev\/null/ && f !~ /(^|\/)\.\.(\/|$)/)
				print f
		}' "$1" | sort -u
}
