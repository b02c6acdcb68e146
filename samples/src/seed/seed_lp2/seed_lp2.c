// SPDX-License-Identifier: GPL-2.0
/*
 * seed scenario, LP2: replaces foo's c() with c'() that calls foo's own b()
 * through a klp relocation (.klp.sym.foo.b,0).  foo v1 has no b: refused;
 * foo v2 has one: resolves.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* Not exported by foo: modpost leaves it undefined; klp-convert.spec maps it. */
extern int b(void);

static int livepatch_c(void)
{
	return b() + 2;
}

static struct klp_func funcs[] = {
	{ .old_name = "c", .new_func = livepatch_c, },
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

static int seed_lp2_init(void)
{
	return klp_enable_patch(&patch);
}

static void seed_lp2_exit(void)
{
}

module_init(seed_lp2_init);
module_exit(seed_lp2_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope seed LP2: c() -> c'() calling foo's b() via a klp relocation");
