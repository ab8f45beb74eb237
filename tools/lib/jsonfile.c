// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading JSON files made by others, refusing rather than guessing:
 * see jsonfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonfile.h"

/* Names and values from a file must not drive the terminal either. */
static void put_clean(const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, stderr);
}

void jf_err(const char *file, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	put_clean(file);
	fputs(": ", stderr);
	put_clean(msg);
	fputc('\n', stderr);
}

/*
 * O_NONBLOCK: opening a FIFO for reading would wait for a writer.  Only
 * then is the file known to be regular, and read to its end.
 */
static int open_regular(const char *file, size_t *size)
{
	struct stat st;
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		jf_err(file, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		jf_err(file, "cannot stat: %s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		jf_err(file, "not a regular file: refused");
	} else if ((unsigned long long)st.st_size >= JF_MAX_SIZE) {
		jf_err(file, "larger than %u MiB: not a result", JF_MAX_SIZE >> 20);
	} else {
		*size = (size_t)st.st_size;
		return fd;
	}
	close(fd);
	return -1;
}

char *jf_read(const char *file, size_t *len)
{
	size_t size, cap, n = 0;
	ssize_t got = 0;
	char *buf;
	int fd = open_regular(file, &size);

	if (fd < 0)
		return NULL;
	/* The file may grow while it is read: stop at the limit anyway. */
	cap = size + 4097;
	buf = malloc(cap);
	if (!buf)
		abort();
	for (;;) {
		if (n + 1 == cap) {
			if (cap > JF_MAX_SIZE)
				break;
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (got < 0 || n >= JF_MAX_SIZE) {
		if (got < 0)
			jf_err(file, "read error: %s", strerror(errno));
		else
			jf_err(file, "larger than %u MiB: not a result", JF_MAX_SIZE >> 20);
		close(fd);
		free(buf);
		return NULL;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Line and column (1-based) of byte @off of @buf. */
static void where(const char *buf, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static bool only_space(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", p[i]) || !p[i])
			return false;
	return true;
}

struct json_object *jf_parse(const char *file, const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error e;
	size_t off;
	int line, col;

	if (only_space(buf, len)) {
		jf_err(file, "empty file (truncated by a crash?)");
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok)
		abort();
	o = json_tokener_parse_ex(tok, buf, (int)len);
	e = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e == json_tokener_continue) {
		jf_err(file, "truncated JSON: the file ends inside a value");
	} else if (e != json_tokener_success) {
		where(buf, off, &line, &col);
		jf_err(file, "malformed JSON at line %d, column %d: %s",
		       line, col, json_tokener_error_desc(e));
	} else if (!only_space(buf + off, len - off)) {
		where(buf, off, &line, &col);
		jf_err(file, "unexpected data after the JSON object at line %d", line);
	} else if (!json_object_is_type(o, json_type_object)) {
		jf_err(file, "not a JSON object");
	} else {
		return o;
	}
	json_object_put(o);
	return NULL;
}

struct json_object *jf_load(const char *file)
{
	struct json_object *o;
	size_t len;
	char *buf = jf_read(file, &len);

	if (!buf)
		return NULL;
	o = jf_parse(file, buf, len);
	free(buf);
	return o;
}
