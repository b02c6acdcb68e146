// SPDX-License-Identifier: GPL-2.0
/*
 * dashname scenario: answer() -> base() + 1 in module foo-bar.ko, whose runtime
 * name is foo_bar: klp_object .name and the .klp.rela/.klp.sym object name are
 * "foo_bar" (the spec says foo-bar; klp-convert.py turns the dash into '_').
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int base(void);

static int livepatch_answer(void)
{
	return base() + 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "answer", .new_func = livepatch_answer, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "foo_bar", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int dashname_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void dashname_lp_exit(void)
{
}

module_init(dashname_lp_init);
module_exit(dashname_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope dashname patch: object foo_bar");
