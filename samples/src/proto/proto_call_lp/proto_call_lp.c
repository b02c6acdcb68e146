// SPDX-License-Identifier: GPL-2.0
/*
 * proto scenario: answer() -> scale(100, 7), calling foo's scale() as foo v1 declares it (int base, int x) through
 * a klp relocation (.klp.sym.foo.scale,0). foo v2's scale() takes only x: it reads 100 as x and returns 300.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* foo's scale(), not exported, as in foo v1. */
extern int scale(int base, int x);

static int livepatch_answer(void)
{
	return scale(100, 7);
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

static int proto_call_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void proto_call_lp_exit(void)
{
}

module_init(proto_call_lp_init);
module_exit(proto_call_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope proto patch: answer() calls foo's scale(int base, int x) of v1");
