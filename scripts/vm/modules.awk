# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench vm: the order in which the guest loads its modules.  Run by
# vm_mod_plan (scripts/vm/modules.sh) with
#   -v graph=FILE    lines "name file dep dep ...", one per module found
#   -v builtin=FILE  names of the kernel's built-in drivers, one a line
# on the module list (lines "group name", "?name" when it may be absent).
# Prints, depth first so that dependencies come before their users, one
# line per module: "load GROUP NAME FILE", "builtin GROUP NAME",
# "absent GROUP NAME" (optional, not there) or "missing GROUP NAME".  A
# module goes in the group of the first list entry that needs it.

BEGIN {
	while ((getline line < graph) > 0) {
		n = split(line, a, " ")
		file[a[1]] = a[2]
		deps[a[1]] = ""
		for (i = 3; i <= n; i++)
			deps[a[1]] = deps[a[1]] " " a[i]
	}
	while ((getline line < builtin) > 0)
		bi[line] = 1
}

function visit(m, g, opt,    d, n, i) {
	if (m in done)
		return
	done[m] = 1
	if (!(m in file)) {
		if (m in bi)
			print "builtin", g, m
		else
			print (opt ? "absent" : "missing"), g, m
		return
	}
	n = split(deps[m], d, " ")
	for (i = 1; i <= n; i++)
		visit(d[i], g, 0)
	print "load", g, m, file[m]
}

NF {
	opt = sub(/^\?/, "", $2)
	visit($2, $1, opt)
}
