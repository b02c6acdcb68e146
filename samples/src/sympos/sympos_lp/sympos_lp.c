// SPDX-License-Identifier: GPL-2.0
/*
 * sympos scenario: answer() -> helper() of beta.c (".klp.sym.foo.helper,2")
 * + solo() (".klp.sym.foo.solo,0"): 200 + 7 = 207 on foo v1.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* Two same-named statics cannot both be declared here: the spec maps
 * helper_2 to foo's second "helper". */
extern int helper_2(void);
extern int solo(void);

static int livepatch_answer(void)
{
	return helper_2() + solo();
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

static int sympos_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void sympos_lp_exit(void)
{
}

module_init(sympos_lp_init);
module_exit(sympos_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope sympos patch: helper,2 and solo,0");
