// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace scenario: answer() -> 42, calling foo's scale() through
 * .klp.sym.foo.scale,0.  On foo v2 answer() is notrace: it has no ftrace
 * location, so enabling fails ("failed to find location for function
 * 'answer'") after the relocations were written.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int scale(int x, int factor);

static int livepatch_answer(void)
{
	return scale(5, 8) + 2;
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

static int ftrace_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void ftrace_lp_exit(void)
{
}

module_init(ftrace_lp_init);
module_exit(ftrace_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope ftrace patch: replaces answer()");
