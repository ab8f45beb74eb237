// SPDX-License-Identifier: GPL-2.0-only
/*
 * sigdfl CMD [ARGS...]: run CMD with SIGINT at its default action.  A
 * shell script starts background commands with SIGINT ignored, and a
 * shell that starts with it ignored cannot trap it; this lets
 * tests/run-check.sh send the Ctrl-C a terminal would.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sigdfl CMD [ARGS...]\n");
		return 2;
	}
	signal(SIGINT, SIG_DFL);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
