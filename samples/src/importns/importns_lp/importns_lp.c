// SPDX-License-Identifier: GPL-2.0
/*
 * importns scenario: answer() -> foo_scale(4) + base() = 22.  foo_scale is
 * foo's export (an ordinary relocation, its CRC from foo v1's Module.symvers),
 * base is foo's static (.klp.sym.foo.base,0).
 * Built against foo v1, where foo_scale is in no namespace: no import_ns=.
 * foo v2 exports it in KLPS_FOO, so the kernel refuses the import ("module
 * uses symbol (foo_scale) from namespace KLPS_FOO, but does not import it.").
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

int foo_scale(int x);		/* exported by foo */
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

static int importns_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void importns_lp_exit(void)
{
}

module_init(importns_lp_init);
module_exit(importns_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope importns patch: calls foo's foo_scale");
