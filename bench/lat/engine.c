// SPDX-License-Identifier: GPL-2.0-only
/*
 * The list of engines.  An engine whose library was missing at configure
 * time is still listed, with the reason, so that asking for it gets an
 * answer instead of "unknown engine".
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#ifndef HAVE_LIBAIO
const struct lat_engine_ops lat_libaio_ops = {
	.name = "libaio",
	.missing = "daxbench-lat was built without libaio "
		   "(configure --without-libaio, or libaio-dev missing)",
	.queued = true,
};
#endif

#ifndef HAVE_LIBURING
const struct lat_engine_ops lat_uring_ops = {
	.name = "io_uring",
	.missing = "daxbench-lat was built without liburing "
		   "(configure --without-liburing, or liburing-dev missing)",
	.queued = true,
};
#endif

/* In enum lat_engine_id order. */
const char *const lat_engine_names[] = { "psync", "libaio", "io_uring", NULL };

static const struct lat_engine_ops *built(enum lat_engine_id id)
{
	switch (id) {
	case LAT_ENGINE_LIBAIO:
		return &lat_libaio_ops;
	case LAT_ENGINE_IO_URING:
		return &lat_uring_ops;
	case LAT_ENGINE_PSYNC:
	default:
		return &lat_psync_ops;
	}
}

/*
 * The test hook DB_LAT_HIDE_ENGINES=NAME[,NAME...] makes an engine this
 * build has look missing, so that the refusal path is tested on every
 * build (as DB_MMAP_HIDE_CPU_FLAGS does for store kinds).
 */
static bool hidden(const char *name)
{
	const char *list = getenv("DB_LAT_HIDE_ENGINES");
	size_t n = strlen(name);

	while (list && *list) {
		if (!strncmp(list, name, n) && (list[n] == ',' || !list[n]))
			return true;
		list = strchr(list, ',');
		list = list ? list + 1 : NULL;
	}
	return false;
}

const struct lat_engine_ops *lat_engine_get(enum lat_engine_id id)
{
	static struct lat_engine_ops masked;
	const struct lat_engine_ops *e = built(id);

	if (e->missing || !hidden(e->name))
		return e;
	masked = *e;
	masked.missing = "hidden by the test hook DB_LAT_HIDE_ENGINES";
	return &masked;
}
