// SPDX-License-Identifier: GPL-2.0
/*
 * rodata scenario: answer() -> increments foo's foo_limit and returns it
 * (.klp.sym.foo.foo_limit,0).  On foo v2 foo_limit is const, in .rodata: the
 * write faults (expect an oops when probe is read).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int foo_limit;		/* writable in foo v1, const in foo v2 */

static int livepatch_answer(void)
{
	WRITE_ONCE(foo_limit, READ_ONCE(foo_limit) + 1);
	return READ_ONCE(foo_limit);
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

static int rodata_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void rodata_lp_exit(void)
{
}

module_init(rodata_lp_init);
module_exit(rodata_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope rodata patch: writes foo's foo_limit");
