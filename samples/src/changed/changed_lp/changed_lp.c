// SPDX-License-Identifier: GPL-2.0
/*
 * changed scenario: compute() -> x * scale() + 1 (scale() through
 * .klp.sym.foo.scale,0).  Built for foo v1; foo v2 changed compute() itself,
 * so applying this patch there reverts v2's change (compute(-5) = -9 again).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int scale(void);

static int livepatch_compute(int x)
{
	return x * scale() + 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "compute", .new_func = livepatch_compute, },
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

static int changed_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void changed_lp_exit(void)
{
}

module_init(changed_lp_init);
module_exit(changed_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope changed patch: replaces compute()");
