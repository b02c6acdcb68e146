// SPDX-License-Identifier: GPL-2.0
/*
 * proto scenario: replaces foo's ratio(int num, int den) with one without the + 1, compiled against foo v1. foo v2's
 * callers pass ratio(long den, long num): the replacement reads the denominator as num, 4 / 84 = 0.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* foo's check_den(), not exported, the same in foo v1 and v2: reached through a klp relocation. */
extern int check_den(int den);

static int livepatch_ratio(int num, int den)
{
	return num / check_den(den);
}

static struct klp_func funcs[] = {
	{ .old_name = "ratio", .new_func = livepatch_ratio, },
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

static int proto_repl_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void proto_repl_lp_exit(void)
{
}

module_init(proto_repl_lp_init);
module_exit(proto_repl_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope proto patch: ratio(int num, int den) without the + 1, as foo v1 declares it");
