// SPDX-License-Identifier: GPL-2.0
/*
 * initorder scenario: answer() -> helper() + 1, beta.c's helper meant.
 * .klp.sym.foo.helper,2: counts alpha.c's __init helper.  Patch loaded first
 * (target coming, full symbol table): position 2 = beta's helper, resolves.
 * Target loaded first (init symbols gone): one helper, position 2 not found.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int helper_ref(void);	/* foo's helper, see klp-convert.spec */

static int livepatch_answer(void)
{
	return helper_ref() + 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "answer", .new_func = livepatch_answer, },
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

static int initorder_pos2_init(void)
{
	return klp_enable_patch(&patch);
}

static void initorder_pos2_exit(void)
{
}

module_init(initorder_pos2_init);
module_exit(initorder_pos2_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope initorder patch: helper,2");
