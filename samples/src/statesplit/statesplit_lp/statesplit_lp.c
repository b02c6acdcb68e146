// SPDX-License-Identifier: GPL-2.0
/*
 * statesplit scenario: answer() -> base() + ++foo_state, with foo_state a
 * new variable defined here, in the patch.  foo v2 defines its own foo_state:
 * patched answer() counts in the patch's copy while the rest of foo reads its
 * own copy, which stays 0 (state split).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int base(void);

int foo_state;			/* new state, defined by the patch */

static int livepatch_answer(void)
{
	foo_state++;
	return base() + foo_state;
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

static int statesplit_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void statesplit_lp_exit(void)
{
}

module_init(statesplit_lp_init);
module_exit(statesplit_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope statesplit patch: adds foo_state");
