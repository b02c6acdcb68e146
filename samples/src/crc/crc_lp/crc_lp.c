// SPDX-License-Identifier: GPL-2.0
/*
 * crc scenario: bar_answer() -> bar_scale(21) + bar_base().  bar_scale is
 * exported by bar and reached through an ordinary relocation, so modpost (given
 * bar v1's Module.symvers) records its CRC in __versions and the kernel checks
 * it: bar v2 changed the prototype -> "disagrees about version of symbol".
 * bar_base is static, reached through .klp.sym.bar.bar_base,0 (not checked).
 * The patch depends on bar (depends=bar): bar must be loaded first.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

int bar_scale(int x);		/* exported by bar v1 (EXPORT_SYMBOL) */
extern int bar_base(void);	/* bar's static: klp relocation */

static int livepatch_bar_answer(void)
{
	return bar_scale(21) + bar_base();
}

static struct klp_func funcs[] = {
	{ .old_name = "bar_answer", .new_func = livepatch_bar_answer, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "bar", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int crc_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void crc_lp_exit(void)
{
}

module_init(crc_lp_init);
module_exit(crc_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope crc patch: calls bar's exported bar_scale (versioned)");
