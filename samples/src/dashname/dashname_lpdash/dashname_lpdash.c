// SPDX-License-Identifier: GPL-2.0
/*
 * dashname scenario, the mistake: klp_object .name = "foo-bar" (the file
 * name).  No module is ever called foo-bar (the kernel names it foo_bar), so the
 * patch loads, is enabled, and never patches anything.
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
	{ .name = "foo-bar", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int dashname_lpdash_init(void)
{
	return klp_enable_patch(&patch);
}

static void dashname_lpdash_exit(void)
{
}

module_init(dashname_lpdash_init);
module_exit(dashname_lpdash_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope dashname patch: object foo-bar");
