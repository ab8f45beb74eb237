// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsing --since dates by hand, digit by digit: strptime accepts
 * too much (leading blanks, one-digit fields) and checks too little.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "since.h"

/* @n digits at @s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

int since_date(const char *s, char out[SINCE_LEN])
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t len = strlen(s);

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo))
		return -1;
	if (len > 10) {
		if ((s[10] != 'T' && s[10] != ' ') || len < 16 || s[13] != ':')
			return -1;
		h = digits(s + 11, 2);
		mi = digits(s + 14, 2);
		if (len > 16 && s[16] == ':') {
			se = digits(s + 17, 2);
			if (len < 19)
				return -1;
			s += 19;
		} else {
			s += 16;
		}
		/* Times are UTC: a Z may say so, nothing else may follow. */
		if (!strcmp(s, "Z"))
			s++;
		if (*s || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
			return -1;
	}
	snprintf(out, SINCE_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, se);
	return 0;
}
