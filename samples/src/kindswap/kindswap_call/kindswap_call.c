// SPDX-License-Identifier: GPL-2.0
/*
 * kindswap scenario: answer() -> mode() * 10, calling foo's function mode()
 * through .klp.sym.foo.mode,0.  On foo v2 mode is a variable in .data: the
 * call jumps into non-executable data (expect an oops when probe is read).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int mode(void);		/* function in foo v1, int variable in foo v2 */

static int livepatch_answer(void)
{
	return mode() * 10;
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

static int kindswap_call_init(void)
{
	return klp_enable_patch(&patch);
}

static void kindswap_call_exit(void)
{
}

module_init(kindswap_call_init);
module_exit(kindswap_call_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope kindswap patch: calls foo's mode()");
