// SPDX-License-Identifier: GPL-2.0-only
/*
 * The measurements of one benchmark across the runs being plotted, and
 * the names of their series (flatten-set.h).
 */
#include <stdlib.h>
#include <string.h>

#include "flatten-set.h"

/* Bookkeeping parameters: they never name a series. */
static const char *const quiet_keys[] = {
	"dir", "file", "output", "command", "directory", "filename", "job_file",
	"filename_format", "repeats", "seed", "clock", "keep", NULL
};

const struct rl_meas *fl_next(const struct fl_set *s, size_t *j, size_t *i)
{
	const struct rl_meas *m;

	for (; *j < s->nruns; (*j)++, *i = 0) {
		while (*i < s->runs[*j].nmeas) {
			m = &s->runs[*j].meas[(*i)++];
			/* No benchmark: every one (the insns plot). */
			if ((!s->benchmark || !strcmp(m->benchmark, s->benchmark)) &&
			    !strcmp(m->status, "ok") && m->params)
				return m;
		}
	}
	return NULL;
}

double fl_param_bytes(const struct rl_meas *m, const char *key)
{
	struct json_object *v;
	const char *s;
	char *end;
	double x;

	if (!key || !json_object_object_get_ex(m->params, key, &v) || !v)
		return -1;
	if (json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double))
		return json_object_get_double(v);
	s = json_object_get_string(v);
	x = strtod(s, &end);
	if (end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': x *= 1024; end++; break;
	case 'm': case 'M': x *= 1048576; end++; break;
	case 'g': case 'G': x *= 1073741824; end++; break;
	}
	if (*end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	return *end ? -1 : x;
}

static bool quiet(const struct fl_set *s, const char *key)
{
	int i;

	if (s->xkey && !strcmp(key, s->xkey))
		return true;
	for (i = 0; quiet_keys[i]; i++)
		if (!strcmp(key, quiet_keys[i]))
			return true;
	return false;
}

static bool same(struct json_object *a, struct json_object *b)
{
	if ((json_object_is_type(a, json_type_int) || json_object_is_type(a, json_type_double)) &&
	    (json_object_is_type(b, json_type_int) || json_object_is_type(b, json_type_double)))
		return json_object_get_double(a) == json_object_get_double(b);
	return json_object_equal(a, b);
}

/* Does @key take more than one value over the set?  Walks the set. */
static bool walk_varies(const struct fl_set *s, const char *key)
{
	struct json_object *first = NULL, *v;
	const struct rl_meas *m;
	size_t j = 0, i = 0;
	bool seen = false, has;

	while ((m = fl_next(s, &j, &i))) {
		has = json_object_object_get_ex(m->params, key, &v);
		if (!has)
			v = NULL;
		if (!seen) {
			first = v;
			seen = true;
		} else if (!same(first, v)) {
			return true;
		}
	}
	return false;
}

/*
 * The same, remembered per key: a label asks it for each of its keys, and
 * every measurement has a label, so walking the set each time would be
 * quadratic (cubic where labels are compared).
 */
static bool varies(const struct fl_set *s, const char *key)
{
	struct json_object *known;
	bool v;

	if (!s->varying)
		return walk_varies(s, key);
	if (json_object_object_get_ex(s->varying, key, &known))
		return json_object_get_boolean(known);
	v = walk_varies(s, key);
	json_object_object_add(s->varying, key, json_object_new_boolean(v));
	return v;
}

void fl_set_begin(struct fl_set *s)
{
	json_object_put(s->varying);
	s->varying = json_object_new_object();
	if (!s->varying)
		abort();
}

void fl_set_end(struct fl_set *s)
{
	json_object_put(s->varying);
	s->varying = NULL;
}

/* 4096 -> "4k", 2097152 -> "2M": block sizes read better that way. */
static void value_text(const char *key, struct json_object *v, char *buf,
		       size_t len)
{
	int64_t x;

	if (json_object_is_type(v, json_type_boolean)) {
		snprintf(buf, len, "%s", json_object_get_boolean(v) ? key : "");
		return;
	}
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(buf, len, "%s", v ? json_object_get_string(v) : "");
		return;
	}
	x = json_object_get_int64(v);
	if (x >= 1048576 && x % 1048576 == 0)
		snprintf(buf, len, "%lldM", (long long)(x / 1048576));
	else if (x >= 1024 && x % 1024 == 0)
		snprintf(buf, len, "%lldk", (long long)(x / 1024));
	else
		snprintf(buf, len, "%lld", (long long)x);
}

void fl_label(const struct fl_set *s, size_t run, const struct rl_meas *m,
	      char *buf, size_t len)
{
	char val[128];
	size_t n;

	if (s->nruns > 1)
		n = (size_t)snprintf(buf, len, "%c %s", (char)('A' + run), m->path);
	else
		n = (size_t)snprintf(buf, len, "%s", m->path);
	json_object_object_foreach(m->params, key, v) {
		if (n >= len || quiet(s, key) ||
		    (!varies(s, key) && !(s->always && !strcmp(key, s->always))))
			continue;
		value_text(key, v, val, sizeof(val));
		if (val[0])
			n += (size_t)snprintf(buf + n, len - n, " %s", val);
	}
}

/* The series name without its run letter: "B ext4-dax psync" -> "ext4-dax psync". */
static const char *colour_key(const struct fl_set *s, const char *title)
{
	return s && s->nruns > 1 && title[0] && title[1] == ' ' ? title + 2 : title;
}

void fl_title(struct fl_table *t, const struct fl_set *s, size_t run,
	      const char *title)
{
	struct json_object *c;
	size_t n = t->ntitles;

	t->titles = realloc(t->titles, (n + 1) * sizeof(*t->titles));
	t->run = realloc(t->run, (n + 1) * sizeof(*t->run));
	t->colour = realloc(t->colour, (n + 1) * sizeof(*t->colour));
	if (!t->titles || !t->run || !t->colour || !(t->titles[n] = strdup(title)))
		abort();
	/* The colour of the series' name, looked up, not searched for. */
	if (!t->colours && !(t->colours = json_object_new_object()))
		abort();
	if (json_object_object_get_ex(t->colours, colour_key(s, title), &c)) {
		t->colour[n] = (size_t)json_object_get_int64(c);
	} else {
		t->colour[n] = ++t->ncolours;
		json_object_object_add(t->colours, colour_key(s, title),
				       json_object_new_int64((int64_t)t->colour[n]));
	}
	t->run[n] = run + 1;
	t->ntitles++;
}
