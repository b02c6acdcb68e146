// SPDX-License-Identifier: GPL-2.0
/*
 * varsize scenario: get_level() -> returns foo's foo_level, read as the int
 * it was in foo v1 (klp relocation .klp.sym.foo.foo_level,0).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int foo_level;		/* int in foo v1, long in foo v2 */

static int livepatch_get_level(void)
{
	return foo_level;
}

static struct klp_func funcs[] = {
	{ .old_name = "get_level", .new_func = livepatch_get_level, },
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

static int varsize_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void varsize_lp_exit(void)
{
}

module_init(varsize_lp_init);
module_exit(varsize_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope varsize patch: reads foo_level as an int");
