// SPDX-License-Identifier: GPL-2.0
/*
 * seed scenario, LP1: replaces foo's a() with a'() that calls a new b()
 * defined here, inside the livepatch.  a'() also calls foo's own c() (in foo
 * v1 and v2) through a klp relocation (.klp.sym.foo.c,0).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* foo's c(): not exported, reached through a klp relocation. */
extern int c(void);

/* New helper; foo v2 later ships its own b() (a function, so a copy is fine). */
static noinline __used int b(void)
{
	return 40;
}

/* The fix: 41 instead of 1 (foo v2's a() is the same code). */
static int livepatch_a(void)
{
	return b() + c() - 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "a", .new_func = livepatch_a, },
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

static int seed_lp1_init(void)
{
	return klp_enable_patch(&patch);
}

static void seed_lp1_exit(void)
{
}

module_init(seed_lp1_init);
module_exit(seed_lp1_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope seed LP1: a() -> a'() calling a new b() defined in the patch");
