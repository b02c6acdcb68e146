// SPDX-License-Identifier: GPL-2.0
/*
 * importns scenario: answer() -> foo_scale(4) + base() = 22.  foo_scale is
 * foo's export (an ordinary relocation, its CRC from foo v2's Module.symvers),
 * base is foo's static (.klp.sym.foo.base,0).
 * Built against foo v2 with MODULE_IMPORT_NS(KLPS_FOO) (import_ns=KLPS_FOO):
 * loads on v2, and on v1 too (importing a namespace nothing uses is harmless).
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

static int importns_import_init(void)
{
	return klp_enable_patch(&patch);
}

static void importns_import_exit(void)
{
}

module_init(importns_import_init);
module_exit(importns_import_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_IMPORT_NS(KLPS_FOO);
MODULE_DESCRIPTION("klpscope importns patch: calls foo's foo_scale");
