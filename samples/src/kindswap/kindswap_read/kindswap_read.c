// SPDX-License-Identifier: GPL-2.0
/*
 * kindswap scenario: other() -> limit * 10, reading foo's variable limit
 * through .klp.sym.foo.limit,0.  On foo v2 limit is a function: the patch
 * reads the first 4 bytes of its code (no crash, a wrong number).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int limit;		/* int variable in foo v1, function in foo v2 */

static int livepatch_other(void)
{
	return limit * 10;
}

static struct klp_func funcs[] = {
	{ .old_name = "other", .new_func = livepatch_other, },
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

static int kindswap_read_init(void)
{
	return klp_enable_patch(&patch);
}

static void kindswap_read_exit(void)
{
}

module_init(kindswap_read_init);
module_exit(kindswap_read_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope kindswap patch: reads foo's limit");
