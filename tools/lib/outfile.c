// SPDX-License-Identifier: GPL-2.0-only
/*
 * Atomic output for the analysis tools: memory, then rename(2).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

void of_open(struct of_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->rstrip = false;
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		abort();
}

static int write_atomic(const char *path, const char *buf, size_t len)
{
	mode_t mask = umask(0);
	char *tmp;
	int fd;

	umask(mask);
	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
		abort();
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0666 & ~mask) || write(fd, buf, len) != (ssize_t)len ||
	    fsync(fd) || close(fd) || rename(tmp, path)) {
		int e = errno;

		unlink(tmp);
		errno = e;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	fprintf(stderr, "%s: cannot write %s: %s\n", program_invocation_short_name,
		path, strerror(errno));
	free(tmp);
	return -1;
}

/* Padding to a column leaves blanks at line ends; mail and diff dislike them. */
static void strip_line_ends(struct of_out *o)
{
	size_t r, w = 0, blanks = 0;

	for (r = 0; r < o->len; r++) {
		if (o->buf[r] == ' ' || o->buf[r] == '\t') {
			blanks++;
			continue;
		}
		if (o->buf[r] != '\n')
			for (; blanks; blanks--)
				o->buf[w++] = o->buf[r - blanks];
		blanks = 0;
		o->buf[w++] = o->buf[r];
	}
	o->len = w;
}

/*
 * Text from results (run ids, notes, path names) must not drive the
 * reader's terminal: control characters other than newline and tab,
 * DEL and the C1 controls (UTF-8 C2 80..9F) become '?'.  JSON output is
 * unchanged by this: json-c escapes control characters itself.
 */
static void neutralise_controls(struct of_out *o)
{
	unsigned char *b = (unsigned char *)o->buf;
	size_t i;

	for (i = 0; i < o->len; i++) {
		if ((b[i] < 0x20 && b[i] != '\n' && b[i] != '\t') || b[i] == 0x7f) {
			b[i] = '?';
		} else if (b[i] == 0xc2 && i + 1 < o->len && b[i + 1] >= 0x80 &&
			   b[i + 1] <= 0x9f) {
			b[i] = '?';
			b[++i] = '?';
		}
	}
}

int of_close(struct of_out *o, const char *path)
{
	int ret;

	if (fclose(o->f)) {
		free(o->buf);
		return -1;
	}
	neutralise_controls(o);
	if (o->rstrip)
		strip_line_ends(o);
	if (!path || !strcmp(path, "-")) {
		ret = fwrite(o->buf, 1, o->len, stdout) == o->len && !fflush(stdout) ? 0 : -1;
		if (ret)
			fprintf(stderr, "%s: cannot write to stdout: %s\n",
				program_invocation_short_name, strerror(errno));
	} else {
		ret = write_atomic(path, o->buf, o->len);
	}
	free(o->buf);
	return ret;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return b && !stat(a, &sa) && !stat(b, &sb) &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int of_check_not_input(const char *path, const struct rl_run *runs, size_t n)
{
	char runjson[PATH_MAX];
	size_t i, j;
	bool clash = false;

	if (!path || !strcmp(path, "-"))
		return 0;
	for (i = 0; i < n && !clash; i++) {
		snprintf(runjson, sizeof(runjson), "%s/run.json", runs[i].dir);
		clash = same_file(path, runjson) || same_file(path, runs[i].arg);
		for (j = 0; j < runs[i].nmeas && !clash; j++)
			clash = same_file(path, runs[i].meas[j].file);
	}
	if (clash)
		fprintf(stderr, "%s: --output %s is one of the input files: refusing to overwrite it\n",
			program_invocation_short_name, path);
	return clash ? -1 : 0;
}
