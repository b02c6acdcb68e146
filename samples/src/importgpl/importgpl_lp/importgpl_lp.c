// SPDX-License-Identifier: GPL-2.0
/*
 * importgpl scenario: answer() -> foo_scale(4) + base() = 22.  foo_scale is
 * foo's GPL-only export (an ordinary relocation; its CRC from foo v1's
 * Module.symvers), base is foo's static (.klp.sym.foo.base,0).
 * License "GPL": loads.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

int foo_scale(int x);		/* exported by foo, EXPORT_SYMBOL_GPL */
extern int base(void);		/* foo's static: klp relocation */

static int livepatch_answer(void)
{
	return foo_scale(4) + base();
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

static int importgpl_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void importgpl_lp_exit(void)
{
}

module_init(importgpl_lp_init);
module_exit(importgpl_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope importgpl patch: calls foo's GPL-only foo_scale");
