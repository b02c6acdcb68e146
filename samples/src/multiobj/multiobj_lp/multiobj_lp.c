// SPDX-License-Identifier: GPL-2.0
/*
 * multiobj scenario: one patch, two module objects.  foo_answer() ->
 * foo_base() + 1 (.klp.rela.foo..text) and bar_answer() -> bar_base() + 2
 * (.klp.rela.bar..text).  bar v2 has no bar_base: the patch itself loads (and
 * patches foo), but the kernel refuses to load bar v2 while it is active.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int foo_base(void);	/* foo's static */
extern int bar_base(void);	/* bar's static (gone in bar v2) */

static int livepatch_foo_answer(void)
{
	return foo_base() + 1;
}

static int livepatch_bar_answer(void)
{
	return bar_base() + 2;
}

static struct klp_func foo_funcs[] = {
	{ .old_name = "foo_answer", .new_func = livepatch_foo_answer, },
	{ }
};

static struct klp_func bar_funcs[] = {
	{ .old_name = "bar_answer", .new_func = livepatch_bar_answer, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "foo", .funcs = foo_funcs, },
	{ .name = "bar", .funcs = bar_funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int multiobj_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void multiobj_lp_exit(void)
{
}

module_init(multiobj_lp_init);
module_exit(multiobj_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope multiobj patch: objects foo and bar");
