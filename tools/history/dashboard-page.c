// SPDX-License-Identifier: GPL-2.0-only
/*
 * Assemble the dashboard page from its template.  The charting library
 * is Debian's libjs-dygraphs (scripts/setup installs it), read from
 * where Debian puts it and inlined: no CDN, no network.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dashboard.h"

#ifndef DB_DYGRAPHS_DIR
#define DB_DYGRAPHS_DIR "/usr/share/javascript/dygraphs"
#endif

static void say(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what, why);
}

static char *slurp(const char *file, const char *hint)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		fprintf(stderr, "%s: %s: %s%s\n", program_invocation_short_name, file,
			strerror(errno), hint ? hint : "");
		return NULL;
	}
	do {
		if (n + 65536 + 1 > cap) {
			cap = cap * 2 + 65536 * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		say(file, "read error");
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* Where our template, script and style are: the source tree or installed. */
static void asset(char *buf, size_t len, const char *name)
{
	const char *mode = getenv("DB_MODE"), *src = getenv("DB_SRCDIR");

	if (mode && !strcmp(mode, "build") && src)
		snprintf(buf, len, "%s/tools/history/dashboard/%s", src, name);
	else
		snprintf(buf, len, "%s/tools/history/dashboard/%s", DB_PKGDATADIR, name);
}

/* The library's file: $DAXBENCH_DYGRAPHS (a directory) or Debian's. */
static char *library(const char *name)
{
	const char *dir = getenv("DAXBENCH_DYGRAPHS");
	char path[PATH_MAX];
	char *s;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : DB_DYGRAPHS_DIR, name);
	s = slurp(path, ": the dashboard inlines Debian's libjs-dygraphs (run scripts/setup, or set DAXBENCH_DYGRAPHS)");
	/* No source map: it is not there, and a browser would go and look. */
	if (s) {
		char *map = strstr(s, "\n//# sourceMappingURL=");
		char *cmap = strstr(s, "/*# sourceMappingURL=");

		if (map)
			map[1] = '\0';
		if (cmap)
			*cmap = '\0';
	}
	/* Inlined code must not be able to end its own element. */
	if (s && (strcasestr(s, "</script") || strcasestr(s, "</style") || strstr(s, "<!--"))) {
		say(path, "holds '</script', '</style' or '<!--': it cannot be inlined safely");
		free(s);
		return NULL;
	}
	return s;
}

char *dp_escape_json(const char *json)
{
	size_t n = 0;
	const char *p;
	char *out, *o;

	for (p = json; *p; p++)
		n += (*p == '<' || *p == '>' || *p == '&') ? 6 : 1;
	out = malloc(n + 1);
	if (!out)
		abort();
	for (p = json, o = out; *p; p++) {
		if (*p == '<' || *p == '>' || *p == '&')
			o += sprintf(o, "\\u%04x", (unsigned char)*p);
		else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Write @tpl to @f, each @@NAME@@ replaced by the matching part. */
static int fill(FILE *f, const char *tpl, const char *const *names,
		const char *const *parts, size_t n)
{
	const char *p = tpl, *at, *end;
	size_t i;

	while ((at = strstr(p, "@@"))) {
		fwrite(p, 1, (size_t)(at - p), f);
		end = strstr(at + 2, "@@");
		if (!end)
			break;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == (size_t)(end - at - 2) &&
			    !strncmp(at + 2, names[i], (size_t)(end - at - 2)))
				break;
		if (i == n) {
			fprintf(stderr, "%s: the dashboard template names an unknown part %.*s\n",
				program_invocation_short_name, (int)(end - at + 2), at);
			return -1;
		}
		fputs(parts[i], f);
		p = end + 2;
	}
	fputs(p, f);
	return 0;
}

static int write_file(const char *out, const char *tpl, const char *const *names,
		      const char *const *parts, size_t n)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/index.html", out);
	snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: --out %s: cannot write there: %s\n",
			program_invocation_short_name, out, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return -1;
	}
	ret = fill(f, tpl, names, parts, n);
	fchmod(fd, 0644);
	if (fflush(f) || fsync(fd))
		ret = -1;
	if (fclose(f))
		ret = -1;
	if (!ret && rename(tmp, path))
		ret = -1;
	if (ret) {
		fprintf(stderr, "%s: %s: cannot write it: %s\n", program_invocation_short_name,
			path, strerror(errno));
		unlink(tmp);
	}
	return ret;
}

int dp_write(const char *out, struct json_object *data)
{
	static const char *const names[] = {
		"DYGRAPH_CSS", "DYGRAPH_JS", "STYLE", "SCRIPT", "DATA",
	};
	char *parts[5] = { NULL }, *tpl, path[PATH_MAX];
	struct stat st;
	int ret = -1, i;

	if (mkdir(out, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: --out %s: %s\n", program_invocation_short_name, out,
			strerror(errno));
		return -1;
	}
	if (stat(out, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: --out %s: not a directory\n", program_invocation_short_name, out);
		return -1;
	}
	asset(path, sizeof(path), "page.html");
	tpl = slurp(path, NULL);
	parts[0] = library("dygraph.min.css");
	parts[1] = library("dygraph.min.js");
	asset(path, sizeof(path), "dashboard.css");
	parts[2] = slurp(path, NULL);
	asset(path, sizeof(path), "dashboard.js");
	parts[3] = slurp(path, NULL);
	parts[4] = dp_escape_json(json_object_to_json_string_ext(data,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	for (i = 0; i < 5; i++)
		if (!parts[i])
			goto out;
	if (tpl)
		ret = write_file(out, tpl, names, (const char *const *)parts, 5);
out:
	for (i = 0; i < 5; i++)
		free(parts[i]);
	free(tpl);
	return ret;
}
