/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_DASHBOARD_H
#define DB_DASHBOARD_H

#include <json-c/json.h>

/*
 * daxbench dashboard: the history as one static HTML page.
 *
 *   dashboard.c       options, the data (series, change points, the
 *                     latest run against the previous), as JSON
 *   dashboard-page.c  the page: a template with the charting library,
 *                     the page's own script and style, and the data,
 *                     all inlined: it works from file:// and any static
 *                     web server, with no network
 *   dashboard/        the template, script and style
 */

/*
 * Write @data into the page at @out/index.html (atomically).  Returns
 * 0, or -1 after saying why.
 */
int dp_write(const char *out, struct json_object *data);

/*
 * @json made safe inside <script type="application/json">: every <, >
 * and & (only ever inside JSON strings) as a \u escape, so that no text
 * from the database can end the element or open a comment.
 */
char *dp_escape_json(const char *json);

#endif
