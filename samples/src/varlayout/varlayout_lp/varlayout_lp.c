// SPDX-License-Identifier: GPL-2.0
/*
 * varlayout scenario: get_hits() -> returns foo's per-CPU foo_stats.hits, at the offset it has in foo v1
 * (klp relocation .klp.sym.foo.foo_stats,0). foo v2 reorders the struct at the same size: the patch then
 * reads misses.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/percpu.h>

struct foo_stats {		/* as in foo v1 */
	unsigned long hits;
	unsigned long misses;
};

DECLARE_PER_CPU(struct foo_stats, foo_stats);

static unsigned long livepatch_get_hits(void)
{
	return this_cpu_read(foo_stats.hits);
}

static struct klp_func funcs[] = {
	{ .old_name = "get_hits", .new_func = livepatch_get_hits, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "foo", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int varlayout_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void varlayout_lp_exit(void)
{
}

module_init(varlayout_lp_init);
module_exit(varlayout_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope varlayout patch: reads foo_stats.hits at v1's offset");
