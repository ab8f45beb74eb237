// SPDX-License-Identifier: GPL-2.0-only
/*
 * The instruction-count join (tools/insns-*.c) on made-up files: the
 * counts file reader, kallsyms, the metrics and notes written into a
 * result, and bad input (truncated counts, unsupported QEMU, regions
 * without counts, ids counted twice).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#include "tap.h"
#include "../../tools/insns/insns-join.h"

static char dir[] = "/tmp/test-insns-XXXXXX";

static const char *path(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(path(name), "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(name);
		exit(99);
	}
}

static const char counts[] =
	"daxbench-insns 1 api 1 vcpus 1\n"
	"region 4294967297 user 100 kernel 1000 pcs 3\n"
	"ffffffff81000010 600\n"
	"ffffffff81000020 300\n"
	"ffffffffc0001000 100\n"
	"error vcpu 0: an end marker outside any region (region 0)\n"
	"region 4294967299 user 100 kernel 1200 pcs 2\n"
	"ffffffff81000010 1100\n"
	"ffffffff80000000 100\n"
	"region 7 user 1 kernel 1 pcs 0\n"
	"region 7 user 2 kernel 2 pcs 0\n"
	"end regions 4 errors 1 kernel-addresses 5\n";

static const char ksyms[] =
	"ffffffff81000000 T clear_page_erms\n"
	"ffffffff81000020 t dax_iomap_pmd_fault\n"
	"ffffffff81000040 D some_data\n"
	"ffffffffc0000f00 t ext4_map_blocks\t[ext4]\n";

static const char result[] =
	"{ \"schema\": \"daxbench-result\", \"schema_version\": 2,\n"
	"  \"metrics\": { \"faults\": { \"unit\": \"count\", \"better\": \"neither\", \"values\": [32, 32, 32] } },\n"
	"  \"notes\": [\"instruction counts absent: no PMU here\", \"keep me\"],\n"
	"  \"insns\": { \"source\": \"none\", \"note\": \"no PMU here\", \"regions\": [\n"
	"    { \"id\": 4294967297, \"repeat\": 0, \"units\": { \"fault\": 32, \"4k\": 16384 } },\n"
	"    { \"id\": 4294967298, \"repeat\": 1, \"units\": { \"fault\": 32, \"4k\": 16384 } },\n"
	"    { \"id\": 4294967299, \"repeat\": 2, \"units\": { \"fault\": 32, \"4k\": 16384 } } ] } }\n";

static struct json_object *at(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, a, &v);
	if (b && v && !json_object_object_get_ex(v, b, &v))
		v = NULL;
	return v;
}

static long long value(struct json_object *root, const char *metric, int i)
{
	struct json_object *v = at(at(root, "metrics", metric), "values", NULL);
	struct json_object *e = v ? json_object_array_get_idx(v, i) : NULL;

	return e ? json_object_get_int64(e) : -1;
}

static int has_note(struct json_object *root, const char *part)
{
	struct json_object *n = at(root, "notes", NULL);
	size_t i;

	for (i = 0; n && i < json_object_array_length(n); i++)
		if (strstr(json_object_get_string(json_object_array_get_idx(n, i)), part))
			return 1;
	return 0;
}

static void test_counts(void)
{
	struct insns_counts c;
	char err[512];
	struct insns_region *g;

	put("counts", counts);
	tap_ok(!insns_counts_load(path("counts"), &c, err, sizeof(err)), "counts: read (%s)",
	       c.nregions ? "ok" : err);
	tap_ok(c.nregions == 4 && c.nerrors == 1 && c.complete, "counts: 4 regions, 1 error line, complete");
	g = insns_counts_find(&c, 4294967299ull);
	tap_ok(g && g->user == 100 && g->kernel == 1200 && g->npcs == 2, "counts: region by id");
	g = insns_counts_find(&c, 7);
	tap_ok(g && g->dup, "counts: an id counted twice is marked");
	insns_counts_free(&c);

	put("trunc", "daxbench-insns 1 api 1 vcpus 1\nregion 1 user 1 kernel 1 pcs 2\nffffffff81000000 1\n");
	tap_ok(insns_counts_load(path("trunc"), &c, err, sizeof(err)) &&
	       strstr(err, "trunc:3") && strstr(err, "ends inside a region"),
	       "counts: a truncated file is refused with its line (%s)", err);
	put("unsup", "unsupported QEMU's plugin API is version 3\n");
	tap_ok(insns_counts_load(path("unsup"), &c, err, sizeof(err)) && strstr(err, "version 3"),
	       "counts: an unsupported QEMU is named (%s)", err);
	put("empty", "");
	tap_ok(insns_counts_load(path("empty"), &c, err, sizeof(err)) && strstr(err, "empty"),
	       "counts: an empty file is refused (%s)", err);
	put("garbage", "daxbench-insns 1 api 1 vcpus 1\nregion x\n");
	tap_ok(insns_counts_load(path("garbage"), &c, err, sizeof(err)) && strstr(err, "garbage:2"),
	       "counts: a bad line is refused with its line (%s)", err);
}

static void test_kallsyms(void)
{
	struct kallsyms k;
	char err[512];

	put("kallsyms", ksyms);
	tap_ok(!kallsyms_load(path("kallsyms"), &k, err, sizeof(err)) && k.n == 3,
	       "kallsyms: text symbols only");
	tap_ok(kallsyms_find(&k, 0xffffffff81000010ull) == 0 &&
	       kallsyms_find(&k, 0xffffffff80000000ull) == -1 &&
	       !strcmp(k.syms[kallsyms_find(&k, 0xffffffffc0001000ull)].name, "ext4_map_blocks [ext4]"),
	       "kallsyms: lookup, below the first, module names");
	kallsyms_free(&k);
	put("hidden", "0000000000000000 T _stext\n0000000000000000 t foo\n");
	tap_ok(kallsyms_load(path("hidden"), &k, err, sizeof(err)) && strstr(err, "kptr_restrict"),
	       "kallsyms: hidden addresses are refused (%s)", err);
}

static void test_join(void)
{
	struct insns_counts c;
	struct kallsyms k;
	struct join_ctx ctx = { .top = 2 };
	struct json_object *root, *top, *first;
	char err[512];

	insns_counts_load(path("counts"), &c, err, sizeof(err));
	kallsyms_load(path("kallsyms"), &k, err, sizeof(err));
	ctx.counts = &c;
	ctx.ksyms = &k;
	put("r.json", result);
	tap_ok(join_file(&ctx, path("r.json")) == -1, "join: a region without counts is an error");
	root = json_object_from_file(path("r.json"));
	tap_ok(root && value(root, "insns_user", 0) == 100 && value(root, "insns_kernel", 2) == 1200,
	       "join: user and kernel counts by region id");
	tap_ok(root && !json_object_array_get_idx(at(at(root, "metrics", "insns_user"), "values", NULL), 1),
	       "join: the repeat without counts is null, not a guess");
	tap_ok(root && value(root, "insns_kernel_per_fault", 0) == 31,
	       "join: per-fault form (1000 / 32 = 31.25)");
	tap_ok(root && !strcmp(json_object_get_string(at(root, "insns", "source")), "tcg-plugin") &&
	       !at(root, "insns", "note"), "join: source tcg-plugin, no absent note");
	tap_ok(root && has_note(root, "missing for 1 of 3") && !has_note(root, "no PMU") &&
	       has_note(root, "keep me"), "join: notes say what is missing, old absent note gone");
	top = root ? at(root, "insns", "top_kernel_functions") : NULL;
	first = top ? json_object_array_get_idx(top, 0) : NULL;
	tap_ok(first && json_object_array_length(first) == 2 &&
	       !strcmp(json_object_get_string(json_object_array_get_idx(json_object_array_get_idx(first, 0), 0)),
		       "clear_page_erms") &&
	       json_object_get_int(json_object_array_get_idx(json_object_array_get_idx(first, 0), 1)) == 600 &&
	       !json_object_array_get_idx(top, 1),
	       "join: top kernel functions, most first, --top honoured");
	json_object_put(root);

	put("r3.json", "{ \"schema\": \"daxbench-result\", \"schema_version\": 2, \"metrics\": {},"
	    " \"insns\": { \"source\": \"none\", \"regions\": ["
	    " { \"id\": 4294967297, \"repeat\": 0, \"units\": { \"4k\": 10 } },"
	    " { \"id\": 4294967299, \"repeat\": 0, \"units\": { \"4k\": 12 } } ] } }");
	join_file(&ctx, path("r3.json"));
	root = json_object_from_file(path("r3.json"));
	tap_ok(root && value(root, "insns_user", 0) == 200 && value(root, "insns_kernel", 0) == 2200 &&
	       value(root, "insns_kernel_per_4k", 0) == 100,
	       "join: the regions of one repeat are summed, units too (2200 / 22)");
	json_object_put(root);

	put("r2.json", result);
	ctx.counts = NULL;
	ctx.absent = "turned off (daxbench vm --no-insns)";
	tap_ok(join_file(&ctx, path("r2.json")) == 0, "absent: not an error");
	root = json_object_from_file(path("r2.json"));
	tap_ok(root && !at(root, "metrics", "insns_user") &&
	       !strcmp(json_object_get_string(at(root, "insns", "source")), "none") &&
	       has_note(root, "absent: turned off"), "absent: no metrics, source none, a note why");
	json_object_put(root);

	put("pmu.json", "{ \"schema\": \"daxbench-result\", \"schema_version\": 2, \"metrics\": {},"
	    " \"insns\": { \"source\": \"pmu\", \"regions\": [] } }");
	ctx.counts = &c;
	join_file(&ctx, path("pmu.json"));
	root = json_object_from_file(path("pmu.json"));
	tap_ok(root && !strcmp(json_object_get_string(at(root, "insns", "source")), "pmu"),
	       "pmu: a result counted by the PMU is left alone");
	json_object_put(root);
	insns_counts_free(&c);
	kallsyms_free(&k);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 99;
	tap_plan(22);
	test_counts();
	test_kallsyms();
	test_join();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			tap_diag("could not remove %s", dir);
	}
	return tap_done();
}
