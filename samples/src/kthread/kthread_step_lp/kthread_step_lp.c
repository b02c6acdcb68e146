// SPDX-License-Identifier: GPL-2.0
/*
 * kthread scenario: replaces step(), which foo's kthread calls once per pass
 * of its loop and which returns before the kthread sleeps, with one() + 1 = 2
 * (one through .klp.sym.foo.one,0).  step() is never on a sleeping task's
 * stack, so the transition completes in either load order.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int one(void);		/* foo's static: klp relocation */

static int livepatch_step(void)
{
	return one() + 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "step", .new_func = livepatch_step, },
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

static int kthread_step_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void kthread_step_lp_exit(void)
{
}

module_init(kthread_step_lp_init);
module_exit(kthread_step_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope kthread patch: replaces step(), called by the kthread's loop");
