// SPDX-License-Identifier: GPL-2.0
/*
 * importgpl scenario: answer() -> foo_scale(4) + base() = 22.  foo_scale is
 * foo's GPL-only export (an ordinary relocation; its CRC from foo v1's
 * Module.symvers), base is foo's static (.klp.sym.foo.base,0).
 * Shipped with license=MIT (see below): refused.
 *
 * modpost refuses to finish a GPL-incompatible module that uses GPL-only
 * symbols ("GPL-incompatible module importgpl_mit.ko uses GPL-only symbol
 * 'klp_enable_patch'", an error whatever KBUILD_MODPOST_WARN says), so this
 * one is built as "GPL" and build.sh rewrites its .modinfo license= to the
 * name in the file "relicense" (MIT) after klp-convert.py: the kernel then
 * taints itself (TAINT_PROPRIETARY_MODULE) and finds no GPL-only export for
 * it, klp_enable_patch and foo_scale alike ("Unknown symbol ... (err -2)").
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

static int importgpl_mit_init(void)
{
	return klp_enable_patch(&patch);
}

static void importgpl_mit_exit(void)
{
}

module_init(importgpl_mit_init);
module_exit(importgpl_mit_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope importgpl patch: calls foo's GPL-only foo_scale");
